/**
 * Used events
 *
 * Every declared event is named by some condition or `on event` block (warning).
 */
import type { ValidationContext } from "../context.js";

export function UnusedEventsRule(context: ValidationContext): void {
  const used = new Set(context.referencesOf("event").map((r) => r.id.name));
  for (const [name, symbol] of context.bound.symbols.events) {
    if (used.has(name) || symbol.decl.name === undefined) continue;
    context.report("JRN602", symbol.decl.name.loc, `Event "${name}" is never used.`, `React to it (\`on event ${name} { ... }\`, \`go to X when event ${name}\`) or remove it.`);
  }
}

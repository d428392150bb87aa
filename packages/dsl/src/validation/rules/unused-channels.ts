/**
 * Used channels
 *
 * Every listed channel is used by some `send` (warning).
 */
import type { ValidationContext } from "../context.js";

export function UnusedChannelsRule(context: ValidationContext): void {
  const used = new Set(context.referencesOf("channel").map((r) => r.id.name));
  for (const [name, id] of context.bound.symbols.channels) {
    if (used.has(name)) continue;
    context.report("JRN603", id.loc, `Channel "${name}" is never used.`, `Send on it (\`send ${name} "template"\`) or remove it from \`channels\`.`);
  }
}

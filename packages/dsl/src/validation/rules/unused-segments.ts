/**
 * Used segments
 *
 * Every declared segment is used by some condition (warning).
 */
import type { ValidationContext } from "../context.js";

export function UnusedSegmentsRule(context: ValidationContext): void {
  const used = new Set(context.referencesOf("segment").map((r) => r.id.name));
  for (const [name, decl] of context.bound.symbols.segments) {
    if (used.has(name) || decl.name === undefined) continue;
    context.report("JRN601", decl.name.loc, `Segment "${name}" is never used.`, `Use it in a condition (\`go to X when ${name}\`) or remove it.`);
  }
}

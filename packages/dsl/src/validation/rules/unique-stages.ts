/**
 * Unique stage names
 *
 * A journey is only valid if no two stages share a name.
 */
import type { ValidationContext } from "../context.js";
import { reportDuplicates } from "../duplicates.js";

export function UniqueStagesRule(context: ValidationContext): void {
  reportDuplicates(context, context.bound.ast.stages.map((s) => s.name), "JRN110", (n) => `Stage "${n}" is already defined.`, "Rename one of the stages or merge them.");
}

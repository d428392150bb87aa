/**
 * Unique split variants
 *
 * Within one split, no two variants share a name (the name identifies the arm in metrics).
 */
import type { Identifier } from "../../ast.js";
import type { ValidationContext } from "../context.js";
import { reportDuplicates } from "../duplicates.js";

export function UniqueSplitVariantsRule(context: ValidationContext): void {
  for (const { action } of context.bound.actions) {
    if (action.kind !== "Split") continue;
    const split = action.name?.name ?? "?";
    const names: (Identifier | undefined)[] = action.arms.map((arm) => (arm.kind === "Variant" ? arm.name : undefined));
    reportDuplicates(context, names, "JRN115", (n) => `Variant "${n}" of split "${split}" is already defined.`, "Give each variant of a split its own name.");
  }
}

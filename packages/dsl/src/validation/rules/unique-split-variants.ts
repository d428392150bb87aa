/**
 * Unique split variants
 *
 * Within one split, no two arms share a name (the name identifies the arm in metrics); the
 * control arm is named "control", so no variant may be.
 */
import type { Identifier } from "../../ast.js";
import type { ValidationContext } from "../context.js";
import { reportDuplicates } from "../duplicates.js";

export function UniqueSplitVariantsRule(context: ValidationContext): void {
  for (const { action } of context.actionsOf("Split")) {
    const split = action.name?.name ?? "?";
    const names: (Identifier | undefined)[] = action.arms.map((arm) => (arm.kind === "Variant" ? arm.name : undefined));
    reportDuplicates(context, names, "JRN115", (n) => `Variant "${n}" of split "${split}" is already defined.`, "Give each variant of a split its own name.");
    const control = action.arms.find((a) => a.kind === "Control");
    const clash = names.find((n) => n?.name === "control");
    if (control !== undefined && clash !== undefined) {
      context.report("JRN115", clash.loc, `Variant "control" of split "${split}" clashes with its control arm.`, "Rename the variant: \"control\" names the split's control arm.", [
        { message: "control arm here", span: control.loc },
      ]);
    }
  }
}

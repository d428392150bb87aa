/**
 * Consistent splits
 *
 * A split's name is its A/B test: the runtime picks a customer's arm from a hash of the journey,
 * the split's name and the customer, so a split used in several places gives each customer the
 * same arm everywhere, and its metrics are counted together. That only means something when every
 * split of that name has the same arms (names, control, weights) in the same order.
 */
import type { SplitAction } from "../../ast.js";
import type { ValidationContext } from "../context.js";

/** The arms as the runtime sees them: kind, name and weight, in order. */
function armsKey(split: SplitAction): string | undefined {
  const parts: string[] = [];
  for (const arm of split.arms) {
    const weight = arm.weight?.value;
    if (weight === undefined) return undefined; // a syntax error already
    parts.push(arm.kind === "Control" ? `control ${weight}%` : `variant ${arm.name?.name ?? "?"} ${weight}%`);
  }
  return parts.join(", ");
}

export function ConsistentSplitsRule(context: ValidationContext): void {
  const first = new Map<string, { split: SplitAction; key: string }>();
  for (const { action } of context.actionsOf("Split")) {
    const name = action.name?.name;
    const key = armsKey(action);
    if (name === undefined || key === undefined || action.arms.length === 0) continue;
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, { split: action, key });
      continue;
    }
    if (earlier.key === key) continue;
    context.report(
      "JRN406",
      action.name!.loc,
      `Split "${name}" is already defined with other arms (${earlier.key}); here: ${key}.`,
      `Give this split its own name, or the same arms in the same order: splits that share a name are one A/B test, and each customer gets the same arm in all of them.`,
      [{ message: `split "${name}" first defined here`, span: earlier.split.name!.loc }],
    );
  }
}

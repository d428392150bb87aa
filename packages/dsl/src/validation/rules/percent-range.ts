/**
 * Percents in range
 *
 * A split arm's percent is above 0 and at most 100; `holdout` is between 0 and 100.
 */
import type { ValidationContext } from "../context.js";

export function PercentRangeRule(context: ValidationContext): void {
  const holdout = context.bound.ast.holdout?.percent;
  if (holdout !== undefined && (holdout.value < 0 || holdout.value > 100)) {
    context.report("JRN403", holdout.loc, `Holdout ${holdout.value}% is outside 0% to 100%.`, "Use a holdout between 0% and 100%, e.g. `holdout 5%`.");
  }
  for (const { action } of context.actionsOf("Split")) {
    for (const arm of action.arms) {
      const w = arm.weight;
      if (w === undefined || (w.value > 0 && w.value <= 100)) continue;
      const armName = arm.kind === "Control" ? "control" : `variant "${arm.name?.name ?? "?"}"`;
      context.report("JRN403", w.loc, `The ${armName} of split "${action.name?.name ?? "?"}" has ${w.value}%, outside 1% to 100%.`, "Give each arm a percent above 0% and at most 100%; remove arms nobody should get.");
    }
  }
}

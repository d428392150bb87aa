/**
 * Split weights
 *
 * A split has at least one variant, at most one `control` arm, and its arms' percents sum to 100.
 */
import type { ValidationContext } from "../context.js";

export function SplitWeightsRule(context: ValidationContext): void {
  for (const { action } of context.actionsOf("Split")) {
    const name = action.name?.name ?? "?";
    const span = action.name?.loc ?? action.loc;
    if (action.arms.length === 0) {
      context.report("JRN404", span, `Split "${name}" has no variants.`, "Add `variant NAME N% { ... }` arms (and optionally `control N%`).");
      continue;
    }
    const controls = action.arms.filter((a) => a.kind === "Control");
    for (const extra of controls.slice(1)) {
      context.report("JRN405", extra.loc, `Split "${name}" already has a control arm.`, "Keep one `control` arm; give other arms a `variant` name.", [
        { message: "first control arm here", span: controls[0]!.loc },
      ]);
    }
    const weights = action.arms.map((a) => a.weight?.value);
    if (weights.some((w) => w === undefined)) continue; // a syntax error already
    // Percents like 33.3 must not fail on floating-point noise.
    const sum = Math.round((weights as number[]).reduce((a, b) => a + b, 0) * 1e6) / 1e6;
    if (sum !== 100) {
      context.report("JRN401", span, `The arms of split "${name}" add up to ${sum}%, not 100%.`, "Adjust the variant and control percents so they sum to 100%.");
    }
  }
}

/**
 * Single goal
 *
 * A journey has at most one `goal` (conversion is measured against one goal).
 */
import type { ValidationContext } from "../context.js";

export function SingleGoalRule(context: ValidationContext): void {
  const [first, ...rest] = context.bound.ast.goals;
  if (first === undefined) return;
  for (const goal of rest) {
    context.report("JRN118", goal.loc, "The journey already has a goal.", "Keep one `goal`; combine conditions with `or` if several outcomes count.", [
      { message: "first goal here", span: first.loc },
    ]);
  }
}

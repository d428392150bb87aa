/**
 * Meaningful conditions
 *
 * A compound condition (`and`, `or`, `not`) can hold for some customer and can fail for some
 * customer, as far as its literals decide (`sessions > 5 and sessions < 3` never holds,
 * `x > 3 or x <= 3` always holds).
 *
 * Each condition as written gets one `WorkBudget`, shared with the sub-conditions checked
 * after it: a condition too large to analyse within it is left alone, not reported.
 */
import type * as AST from "../../ast.js";
import type { TestUse } from "../../bind.js";
import { excerpt, type ValidationContext } from "../context.js";
import { classify, WorkBudget } from "../logic.js";

export function SatisfiableConditionsRule(context: ValidationContext): void {
  // Built on the first compound condition: most conditions are single atoms and need neither.
  let tests: Map<AST.TestAtom, TestUse> | undefined;
  const text = context.source.text;
  const seen = new Set<AST.Condition>();

  const check = (c: AST.Condition | undefined, budget: WorkBudget): void => {
    // Only these kinds can hold a compound condition; an atom has nothing to check.
    if (c === undefined || (c.kind !== "And" && c.kind !== "Or" && c.kind !== "Not" && c.kind !== "Paren" && c.kind !== "EventAtom")) return;
    if (seen.has(c)) return;
    seen.add(c);
    if (c.kind === "Paren") return check(c.expression, budget);
    if (c.kind === "EventAtom") return check(c.where, budget);
    if (tests === undefined) {
      tests = new Map();
      for (const t of context.bound.tests) tests.set(t.atom, t);
    }
    const verdict = classify(c, tests, text, budget);
    if (verdict === "never") {
      context.report("JRN501", c.loc, `The condition "${excerpt(context.source, c.loc)}" can never hold.`, "No value satisfies all of its comparisons together; check the values and operators.");
      return;
    }
    if (verdict === "always") {
      context.report("JRN502", c.loc, `The condition "${excerpt(context.source, c.loc)}" always holds.`, "It is true whatever the values; remove it or fix the comparison.");
      return;
    }
    if (c.kind === "Not") check(c.operand, budget);
    else for (const o of c.operands) check(o, budget);
  };
  for (const { condition } of context.bound.conditions) check(condition, new WorkBudget());
}

/**
 * Comparable types
 *
 * A comparison or `in` test compares a field or property with literals of its own type, and
 * `<`, `<=`, `>`, `>=` only apply to numbers and datetimes.
 */
import type { Literal } from "../../ast.js";
import type { ValidationContext } from "../context.js";
import { fits, literalNoun, typeName } from "../types.js";

export function CompareTypesRule(context: ValidationContext): void {
  for (const { atom, operandType, operandName } of context.bound.tests) {
    const test = atom.test;
    if (operandType === undefined || test === undefined) continue;
    let literals: readonly Literal[] = [];
    if (test.kind === "CompareTest") {
      if (test.op !== "==" && test.op !== "!=" && operandType.valueType !== "number" && operandType.valueType !== "datetime") {
        context.report(
          "JRN209",
          test.loc,
          `"${operandName}" is ${typeName(operandType)}, which "${test.op}" cannot order.`,
          "Use `==`, `!=` or `in (...)` for this type; ordering applies to numbers and datetimes.",
        );
        continue;
      }
      literals = test.value === undefined ? [] : [test.value];
    } else if (test.kind === "InTest") {
      literals = test.values;
    }
    for (const literal of literals) {
      if (fits(operandType, literal)) continue;
      const hint =
        operandType.valueType === "list"
          ? `Test a list with \`${operandName} contains "..."\`.`
          : operandType.valueType === "datetime"
            ? `Compare with a date (\`date "2024-01-31"\`) or use \`more than 30 days ago\`.`
            : `Compare "${operandName}" with a ${typeName(operandType)} value.`;
      context.report("JRN201", literal.loc, `"${operandName}" is ${typeName(operandType)} but is compared with ${literalNoun(literal)}.`, hint);
    }
  }
}

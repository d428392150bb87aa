/**
 * Comparable types
 *
 * A comparison or `in` test compares a field or property with literals of its own type, and
 * `<`, `<=`, `>`, `>=` only apply to numbers and datetimes.
 */
import type { Literal } from "../../ast.js";
import type { DeclaredType } from "../../bind.js";
import type { ValidationContext } from "../context.js";
import { fits, literalNoun, typeName } from "../types.js";

export function CompareTypesRule(context: ValidationContext): void {
  // Diagnostics are sorted by position afterwards, so the order of these loops does not show.
  for (const { atom, operandType, operandName } of context.testsOf("CompareTest")) {
    const test = atom.test;
    if (operandType === undefined) continue;
    if (test.op !== "==" && test.op !== "!=" && operandType.valueType !== "number" && operandType.valueType !== "datetime") {
      context.report(
        "JRN209",
        test.loc,
        `"${operandName}" is ${typeName(operandType)}, which "${test.op}" cannot order.`,
        "Use `==`, `!=` or `in (...)` for this type; ordering applies to numbers and datetimes.",
      );
      continue;
    }
    if (test.value !== undefined) checkLiteral(context, operandType, operandName, test.value);
  }
  for (const { atom, operandType, operandName } of context.testsOf("InTest")) {
    if (operandType === undefined) continue;
    for (const literal of atom.test.values) checkLiteral(context, operandType, operandName, literal);
  }
}

function checkLiteral(context: ValidationContext, operandType: DeclaredType, operandName: string, literal: Literal): void {
  if (fits(operandType, literal)) return;
  const hint =
    operandType.valueType === "list"
      ? `Test a list with \`${operandName} contains "..."\`.`
      : operandType.valueType === "datetime"
        ? `Compare with a date (\`date "2024-01-31"\`) or use \`more than 30 days ago\`.`
        : `Compare "${operandName}" with a ${typeName(operandType)} value.`;
  context.report("JRN201", literal.loc, `"${operandName}" is ${typeName(operandType)} but is compared with ${literalNoun(literal)}.`, hint);
}

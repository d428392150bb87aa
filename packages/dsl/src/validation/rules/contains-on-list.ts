/**
 * Contains on lists
 *
 * `contains` tests a `list of text` field or property, with a text literal.
 */
import type { ValidationContext } from "../context.js";
import { literalNoun, typeName } from "../types.js";

export function ContainsOnListRule(context: ValidationContext): void {
  for (const { atom, operandType, operandName } of context.testsOf("ContainsTest")) {
    const test = atom.test;
    if (operandType === undefined) continue;
    if (operandType.valueType !== "list") {
      context.report("JRN203", test.loc, `"contains" needs a list, but "${operandName}" is ${typeName(operandType)}.`, `Use \`==\` or \`in (...)\` on a ${typeName(operandType)} value, or declare the field as \`list of text\`.`);
    } else if (test.value !== undefined && test.value.kind !== "StringLiteral") {
      context.report("JRN201", test.value.loc, `"${operandName}" is a list of text but is tested for ${literalNoun(test.value)}.`, "Test a list of text for a text value, e.g. `contains \"shoes\"`.");
    }
  }
}

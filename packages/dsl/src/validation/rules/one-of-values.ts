/**
 * One-of values
 *
 * A `one of` field is only compared with (or set to) one of its declared choices.
 */
import type { Literal } from "../../ast.js";
import type { DeclaredType } from "../../bind.js";
import type { ValidationContext } from "../context.js";
import { didYouMean } from "../../suggest.js";

export function OneOfValuesRule(context: ValidationContext): void {
  const check = (type: DeclaredType | undefined, name: string, literal: Literal | undefined): void => {
    if (type?.valueType !== "enum" || literal?.kind !== "StringLiteral" || type.values.includes(literal.value)) return;
    context.report(
      "JRN202",
      literal.loc,
      `"${literal.value}" is not a choice of "${name}".${didYouMean(literal.value, type.values)}`,
      `The choices are ${type.values.map((v) => `"${v}"`).join(", ")}.`,
    );
  };
  // Diagnostics are sorted by position afterwards, so the order of these loops does not show.
  for (const { atom, operandType, operandName } of context.testsOf("CompareTest")) check(operandType, operandName, atom.test.value);
  for (const { atom, operandType, operandName } of context.testsOf("InTest")) for (const v of atom.test.values) check(operandType, operandName, v);
  const { fields } = context.bound.symbols;
  for (const { action } of context.actionsOf("Set")) {
    if (action.field !== undefined && action.value?.kind === "StringLiteral") {
      check(fields.get(action.field.name)?.type, action.field.name, action.value);
    }
  }
}

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
  for (const { atom, operandType, operandName } of context.bound.tests) {
    const test = atom.test;
    if (test?.kind === "CompareTest") check(operandType, operandName, test.value);
    else if (test?.kind === "InTest") for (const v of test.values) check(operandType, operandName, v);
  }
  const { fields } = context.bound.symbols;
  for (const { action } of context.bound.actions) {
    if (action.kind === "Set" && action.field !== undefined && action.value?.kind === "StringLiteral") {
      check(fields.get(action.field.name)?.type, action.field.name, action.value);
    }
  }
}

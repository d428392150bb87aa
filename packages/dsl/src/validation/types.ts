/**
 * Type vocabulary shared by the type rules: what a literal is, how a declared type is named
 * in messages, and whether a literal fits a declared type.
 */
import type { Literal } from "../ast.js";
import type { DeclaredType } from "../bind.js";

export { literalType, type LiteralType } from "../literal-type.js";
import { literalType, type LiteralType } from "../literal-type.js";

/** The type as the language writes it, for messages. */
export function typeName(type: DeclaredType | LiteralType): string {
  const t = typeof type === "string" ? type : type.valueType;
  switch (t) {
    case "boolean":
      return "yes/no";
    case "enum":
      return "one of";
    case "list":
      return "list of text";
    default:
      return t;
  }
}

/** What a literal is called in messages: `a number`, `a date`, ... */
export function literalNoun(literal: Literal): string {
  switch (literal.kind) {
    case "StringLiteral":
      return "text";
    case "NumberLiteral":
      return "a number";
    case "BooleanLiteral":
      return "yes/no";
    case "DateLiteral":
      return "a date";
  }
}

/** Whether a literal's type can be compared with (or stored in) a declared type; enums accept text. */
export function fits(type: DeclaredType, literal: Literal): boolean {
  const lt = literalType(literal);
  switch (type.valueType) {
    case "enum":
      return lt === "text";
    case "list":
      return false;
    default:
      return type.valueType === lt;
  }
}

/** Whether `value` is one of an enum's choices (true for non-enums and non-text literals). */
export function inChoices(type: DeclaredType, literal: Literal): boolean {
  return type.valueType !== "enum" || literal.kind !== "StringLiteral" || type.values.includes(literal.value);
}

/**
 * The type of a literal as written: shared by the type rules and the IR compiler.
 */
import type { Literal } from "./ast.js";

export type LiteralType = "text" | "number" | "boolean" | "datetime";

/** `"a"` is text, `3` number, `yes` boolean, `date "…"` datetime. */
export function literalType(literal: Literal): LiteralType {
  switch (literal.kind) {
    case "StringLiteral":
      return "text";
    case "NumberLiteral":
      return "number";
    case "BooleanLiteral":
      return "boolean";
    case "DateLiteral":
      return "datetime";
  }
}

/**
 * Unique one-of choices
 *
 * The choices of a `one of` type are distinct.
 */
import type { FieldDecl, StringLiteral } from "../../ast.js";
import type { ValidationContext } from "../context.js";

export function UniqueChoicesRule(context: ValidationContext): void {
  const { ast } = context.bound;
  const fields: FieldDecl[] = [...ast.customer, ...ast.events.flatMap((e) => e.properties)];
  for (const field of fields) {
    if (field.type?.name !== "one of") continue;
    const first = new Map<string, StringLiteral>();
    for (const v of field.type.values) {
      const seen = first.get(v.value);
      if (seen === undefined) first.set(v.value, v);
      else {
        context.report("JRN119", v.loc, `Choice "${v.value}" of "${field.name.name}" is already listed.`, "Remove the repeated choice.", [
          { message: "first listed here", span: seen.loc },
        ]);
      }
    }
  }
}

/**
 * Known customer fields
 *
 * Every customer field used in a condition, a `set`, an `add` or send data must be declared in `customer { }`.
 */
import type { ValidationContext } from "../context.js";
import { reportUnknown } from "../unknown-names.js";

export function KnownFieldsRule(context: ValidationContext): void {
  reportUnknown(context, "field", "JRN102", "customer field", () => context.bound.symbols.fields.keys(), (name) =>
    `Declare it in \`customer { ${name} <type> }\` or use the name of a declared field.`,
  );
}

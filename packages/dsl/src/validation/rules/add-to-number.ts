/**
 * Add to numbers
 *
 * `add N to field` only targets a number field.
 */
import type { ValidationContext } from "../context.js";
import { typeName } from "../types.js";

export function AddToNumberRule(context: ValidationContext): void {
  const { fields } = context.bound.symbols;
  for (const { action } of context.actionsOf("Add")) {
    if (action.field === undefined) continue;
    const type = fields.get(action.field.name)?.type;
    if (type === undefined || type.valueType === "number") continue;
    context.report("JRN205", action.field.loc, `"add" needs a number field, but "${action.field.name}" is ${typeName(type)}.`, "Add to a `number` field, or use `set` for other types.");
  }
}

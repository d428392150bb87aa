/**
 * Set value types
 *
 * `set field = value` stores a value of the field's own type (a literal, a field or an event property).
 */
import type { DeclaredType } from "../../bind.js";
import { propertyType } from "../../bind.js";
import type { ValidationContext } from "../context.js";
import { fits, literalNoun, typeName } from "../types.js";

export function SetValueTypeRule(context: ValidationContext): void {
  const { fields } = context.bound.symbols;
  for (const { action, scope } of context.actionsOf("Set")) {
    if (action.field === undefined || action.value === undefined) continue;
    const target = fields.get(action.field.name)?.type;
    if (target === undefined) continue;
    const value = action.value;
    const name = action.field.name;
    if (value.kind === "FieldRef" || value.kind === "EventPropRef") {
      const source: DeclaredType | undefined =
        value.kind === "FieldRef" ? fields.get(value.name.name)?.type : propertyType(value.property.name, scope, context.bound.symbols);
      if (source === undefined || sameType(source, target)) continue;
      const written = value.kind === "FieldRef" ? value.name.name : `event.${value.property.name}`;
      context.report("JRN206", value.loc, `"${name}" is ${typeName(target)} but "${written}" is ${typeName(source)}.`, `Set "${name}" from a ${typeName(target)} value.`);
    } else if (!fits(target, value)) {
      context.report("JRN206", value.loc, `"${name}" is ${typeName(target)} but is set to ${literalNoun(value)}.`, `Set "${name}" to a ${typeName(target)} value.`);
    }
  }
}

function sameType(a: DeclaredType, b: DeclaredType): boolean {
  if (b.valueType === "enum") return a.valueType === "enum" && a.values.every((v) => b.values.includes(v));
  if (b.valueType === "text") return a.valueType === "text" || a.valueType === "enum";
  return a.valueType === b.valueType;
}

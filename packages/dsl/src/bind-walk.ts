/**
 * The binder's walk over one condition: records the names it uses (segments, events, fields,
 * event properties) and each test atom with its operand's declared type.
 */
import type * as AST from "./ast.js";
import { propertyRef, propertyType, type DeclaredType, type Reference, type SymbolTable, type TestUse } from "./bind.js";

export interface WalkContext {
  readonly symbols: SymbolTable;
  readonly references: Reference[];
  readonly tests: TestUse[];
}

/**
 * Walks `c`. `scope` is the events `event.x` reads from; `withEvent` is the event whose
 * properties bare identifiers name (inside `event X with ...` / `on event X with ...`).
 */
export function walkConditionRefs(
  c: AST.Condition | undefined,
  scope: readonly string[],
  ctx: WalkContext,
  withEvent?: string,
): void {
  if (c === undefined) return;
  switch (c.kind) {
    case "And":
    case "Or":
      for (const x of c.operands) walkConditionRefs(x, scope, ctx, withEvent);
      return;
    case "Not":
      walkConditionRefs(c.operand, scope, ctx, withEvent);
      return;
    case "Paren":
      walkConditionRefs(c.expression, scope, ctx, withEvent);
      return;
    case "SegmentRef":
      ctx.references.push({ kind: "segment", id: c.name, resolved: ctx.symbols.segments.has(c.name.name) });
      return;
    case "EventAtom": {
      if (c.event === undefined) return;
      ctx.references.push({ kind: "event", id: c.event, resolved: ctx.symbols.events.has(c.event.name) });
      const inner = scope.includes(c.event.name) ? scope : [...scope, c.event.name];
      walkConditionRefs(c.where, inner, ctx, c.event.name);
      return;
    }
    case "TestAtom":
      ctx.tests.push(testUse(c, scope, ctx, withEvent));
      return;
    case "InactiveAtom":
    case "InStageAtom":
      return;
  }
}

function testUse(atom: AST.TestAtom, scope: readonly string[], ctx: WalkContext, withEvent: string | undefined): TestUse {
  const op = atom.operand;
  let type: DeclaredType | undefined;
  let name: string;
  switch (op.kind) {
    case "FieldRef":
      name = op.name.name;
      ctx.references.push({ kind: "field", id: op.name, resolved: ctx.symbols.fields.has(name) });
      type = ctx.symbols.fields.get(name)?.type;
      break;
    case "EventPropRef":
      name = `event.${op.property.name}`;
      ctx.references.push(propertyRef(op.property, scope, ctx.symbols, true));
      type = propertyType(op.property.name, scope, ctx.symbols);
      break;
    case "PropertyRef": {
      name = op.name.name;
      const events = withEvent === undefined ? [] : [withEvent];
      ctx.references.push(propertyRef(op.name, events, ctx.symbols, false));
      type = propertyType(op.name.name, events, ctx.symbols);
      break;
    }
  }
  return { atom, operandType: type, operandName: name };
}

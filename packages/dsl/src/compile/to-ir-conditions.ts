/**
 * AST conditions and values → IR conditions and value expressions.
 */
import { literalType } from "../literal-type.js";
import type * as AST from "../ast.js";
import type { Condition, Literal, Ref, ValueExpr } from "../ir/schema.js";

/** Thrown only for trees validation should have rejected; `compile` never reaches it on valid input. */
export class IncompleteTreeError extends Error {
  constructor(what: string) {
    super(`Cannot compile an incomplete tree: ${what}.`);
    this.name = "IncompleteTreeError";
  }
}

export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new IncompleteTreeError(what);
  return value;
}

export function literalValue(l: AST.Literal): Literal {
  return l.value;
}


function operandRef(op: AST.Operand): Ref {
  switch (op.kind) {
    case "FieldRef":
      return { source: "customer", field: op.name.name };
    case "EventPropRef":
      return { source: "event", field: op.property.name };
    case "PropertyRef":
      return { source: "event", field: op.name.name };
  }
}

/**
 * Converts a condition. Parentheses disappear; `and` / `or` keep their operand order (the
 * runtime evaluates left to right).
 */
export function toCondition(c: AST.Condition | undefined): Condition {
  const cond = need(c, "condition");
  switch (cond.kind) {
    case "Or":
      return { kind: "or", any: cond.operands.map(toCondition) };
    case "And":
      return { kind: "and", all: cond.operands.map(toCondition) };
    case "Not":
      return { kind: "not", cond: toCondition(cond.operand) };
    case "Paren":
      return toCondition(cond.expression);
    case "EventAtom": {
      const event = need(cond.event, "event name").name;
      return cond.where === undefined ? { kind: "event", event } : { kind: "event", event, where: toCondition(cond.where) };
    }
    case "InactiveAtom":
      return { kind: "inactive", ms: need(cond.duration, "duration").ms };
    case "InStageAtom":
      return { kind: "inStage", ms: need(cond.duration, "duration").ms };
    case "SegmentRef":
      return { kind: "segment", name: cond.name.name };
    case "TestAtom":
      return testCondition(operandRef(cond.operand), need(cond.test, "test"));
  }
}

function testCondition(ref: Ref, test: AST.Test): Condition {
  switch (test.kind) {
    case "CompareTest": {
      const value = need(test.value, "compared value");
      return { kind: "compare", ref, op: test.op, value: literalValue(value), valueType: literalType(value) };
    }
    case "InTest":
      return { kind: "in", ref, values: test.values.map(literalValue), negated: test.negated };
    case "ContainsTest":
      return { kind: "contains", ref, value: literalValue(need(test.value, "contained value")) };
    case "IsSetTest":
      return { kind: "isSet", ref, negated: test.negated };
    case "AgoTest":
      return { kind: "ago", ref, op: test.op === "more" ? "moreThan" : "lessThan", ms: need(test.duration, "duration").ms };
  }
}

export function toValue(v: AST.Value | undefined): ValueExpr {
  const value = need(v, "value");
  switch (value.kind) {
    case "FieldRef":
      return { kind: "ref", ref: { source: "customer", field: value.name.name } };
    case "EventPropRef":
      return { kind: "ref", ref: { source: "event", field: value.property.name } };
    default:
      return { kind: "literal", value: literalValue(value) };
  }
}

/** True when the condition mentions an `event` atom (the transition can only fire on that event). */
export function mentionsEvent(c: Condition): boolean {
  switch (c.kind) {
    case "event":
      return true;
    case "and":
      return c.all.some(mentionsEvent);
    case "or":
      return c.any.some(mentionsEvent);
    case "not":
      return mentionsEvent(c.cond);
    default:
      return false;
  }
}

/** True when the condition reads `event.*` outside an `event X with ...` clause (the entry event). */
export function readsEntryEvent(c: Condition | undefined): boolean {
  if (c === undefined) return false;
  switch (c.kind) {
    case "and":
      return c.all.some(readsEntryEvent);
    case "or":
      return c.any.some(readsEntryEvent);
    case "not":
      return readsEntryEvent(c.cond);
    case "compare":
    case "in":
    case "contains":
    case "isSet":
    case "ago":
      return c.ref.source === "event";
    default:
      return false;
  }
}

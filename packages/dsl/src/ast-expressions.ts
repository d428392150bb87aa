/**
 * The expression nodes of the `.journey` AST: names, literals, durations, operands, tests and
 * conditions. Re-exported by `ast.ts`; import from there.
 */
import type { Span } from "./diagnostics/diagnostic.js";

// ---------------------------------------------------------------------------------------------
// Leaves

/** A name as written, with its own span (the binder points carets at it). */
export interface Identifier {
  readonly kind: "Identifier";
  readonly name: string;
  readonly loc: Span;
}

/** A double-quoted string; `value` has escapes resolved. */
export interface StringLiteral {
  readonly kind: "StringLiteral";
  readonly value: string;
  readonly loc: Span;
}

export interface NumberLiteral {
  readonly kind: "NumberLiteral";
  readonly value: number;
  readonly loc: Span;
}

/** `yes` / `no`. */
export interface BooleanLiteral {
  readonly kind: "BooleanLiteral";
  readonly value: boolean;
  readonly loc: Span;
}

/** `date "2024-01-31"`: `value` is the string as written (validation checks it is ISO-8601). */
export interface DateLiteral {
  readonly kind: "DateLiteral";
  readonly value: string;
  readonly loc: Span;
}

export type Literal = StringLiteral | NumberLiteral | BooleanLiteral | DateLiteral;

/** `50%`: `value` is the number before the percent sign. */
export interface Percent {
  readonly kind: "Percent";
  readonly value: number;
  readonly loc: Span;
}

export type DurationUnit = "second" | "minute" | "hour" | "day" | "week";

/** `90 days`: `unit` is normalised to the singular; `ms` is the length in milliseconds. */
export interface Duration {
  readonly kind: "Duration";
  readonly value: number;
  readonly unit: DurationUnit;
  readonly ms: number;
  readonly loc: Span;
}

// ---------------------------------------------------------------------------------------------
// Operands and values

/** A bare identifier before a test outside a `with` clause: a customer field. */
export interface FieldRef {
  readonly kind: "FieldRef";
  readonly name: Identifier;
  readonly loc: Span;
}

/** `event.prop`: a property of the triggering (or stage-entering) event. */
export interface EventPropRef {
  readonly kind: "EventPropRef";
  readonly property: Identifier;
  readonly loc: Span;
}

/**
 * A bare identifier before a test inside an `event X with ...` clause (or an `on event X with`
 * block): a property of that event `X`.
 */
export interface PropertyRef {
  readonly kind: "PropertyRef";
  readonly name: Identifier;
  readonly loc: Span;
}

export type Operand = FieldRef | EventPropRef | PropertyRef;

/** A value in `send ... with { k: value }` and `set f = value`. */
export type Value = Literal | FieldRef | EventPropRef;

// ---------------------------------------------------------------------------------------------
// Tests (the right-hand side of `operand test`)

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

export interface CompareTest {
  readonly kind: "CompareTest";
  readonly op: CompareOp;
  readonly value: Literal | undefined;
  readonly loc: Span;
}

/** `[not] in ("a", "b")`. */
export interface InTest {
  readonly kind: "InTest";
  readonly negated: boolean;
  readonly values: readonly Literal[];
  readonly loc: Span;
}

export interface ContainsTest {
  readonly kind: "ContainsTest";
  readonly value: Literal | undefined;
  readonly loc: Span;
}

/** `is set` / `is not set`. */
export interface IsSetTest {
  readonly kind: "IsSetTest";
  readonly negated: boolean;
  readonly loc: Span;
}

/** `more than 30 days ago` (`op: "more"`) / `less than 7 days ago` (`op: "less"`). */
export interface AgoTest {
  readonly kind: "AgoTest";
  readonly op: "more" | "less";
  readonly duration: Duration | undefined;
  readonly loc: Span;
}

export type Test = CompareTest | InTest | ContainsTest | IsSetTest | AgoTest;

// ---------------------------------------------------------------------------------------------
// Conditions

/** `a or b or c` (always two or more operands). */
export interface OrCondition {
  readonly kind: "Or";
  readonly operands: readonly Condition[];
  readonly loc: Span;
}

/** `a and b and c` (always two or more operands). */
export interface AndCondition {
  readonly kind: "And";
  readonly operands: readonly Condition[];
  readonly loc: Span;
}

export interface NotCondition {
  readonly kind: "Not";
  readonly operand: Condition | undefined;
  readonly loc: Span;
}

/** `( condition )`, kept so the formatter prints the parentheses the author wrote. */
export interface ParenCondition {
  readonly kind: "Paren";
  readonly expression: Condition | undefined;
  readonly loc: Span;
}

/** `event purchase [with propCond]`. */
export interface EventAtom {
  readonly kind: "EventAtom";
  readonly event: Identifier | undefined;
  readonly where: Condition | undefined;
  readonly loc: Span;
}

/** `inactive for 14 days`. */
export interface InactiveAtom {
  readonly kind: "InactiveAtom";
  readonly duration: Duration | undefined;
  readonly loc: Span;
}

/** `in stage for 7 days`. */
export interface InStageAtom {
  readonly kind: "InStageAtom";
  readonly duration: Duration | undefined;
  readonly loc: Span;
}

/** A bare identifier used as a condition: a segment name. */
export interface SegmentRef {
  readonly kind: "SegmentRef";
  readonly name: Identifier;
  readonly loc: Span;
}

/** `operand test`, e.g. `orders >= 2`, `event.value > 0`, `email is set`. */
export interface TestAtom {
  readonly kind: "TestAtom";
  readonly operand: Operand;
  readonly test: Test | undefined;
  readonly loc: Span;
}

export type Condition =
  | OrCondition
  | AndCondition
  | NotCondition
  | ParenCondition
  | EventAtom
  | InactiveAtom
  | InStageAtom
  | SegmentRef
  | TestAtom;

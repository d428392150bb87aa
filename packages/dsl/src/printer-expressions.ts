/**
 * Printing of the expression level (literals, durations, values, conditions, actions' heads)
 * in canonical form. Pure functions from AST nodes to one-line strings.
 */
import type * as A from "./ast.js";

/** A number as the lexer reads it back: plain decimal notation, never exponent notation. */
export function printNumber(value: number): string {
  if (Object.is(value, -0)) return "-0";
  const plain = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(plain);
  if (!match) return plain;
  // Shift the decimal point of the shortest round-trip digits instead of using toFixed, which
  // stops at 100 decimals (5e-324 needs 324).
  const [, sign, whole, fraction = "", exponentText] = match;
  const digits = `${whole}${fraction}`;
  const point = whole!.length + Number(exponentText);
  let text: string;
  if (point <= 0) text = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) text = `${digits}${"0".repeat(point - digits.length)}`;
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  text = text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  return `${sign}${text.replace(/^0+(?=\d)/, "")}`;
}

/** A string literal with the escapes the lexer understands. */
export function printString(value: string): string {
  let out = '"';
  for (const c of value) {
    if (c === '"') out += '\\"';
    else if (c === "\\") out += "\\\\";
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else out += c;
  }
  return `${out}"`;
}

export function printDuration(d: A.Duration | undefined): string {
  if (!d) return "";
  return `${d.value} ${d.unit}${d.value === 1 ? "" : "s"}`;
}

export function printPercent(p: A.Percent | undefined): string {
  return p ? `${printNumber(p.value)}%` : "";
}

export function printLiteral(l: A.Literal | undefined): string {
  if (!l) return "";
  switch (l.kind) {
    case "StringLiteral":
      return printString(l.value);
    case "NumberLiteral":
      return printNumber(l.value);
    case "BooleanLiteral":
      return l.value ? "yes" : "no";
    case "DateLiteral":
      return `date ${printString(l.value)}`;
  }
}

export function printName(id: A.Identifier | undefined): string {
  return id ? id.name : "";
}

export function printValue(v: A.Value | undefined): string {
  if (!v) return "";
  switch (v.kind) {
    case "FieldRef":
      return v.name.name;
    case "EventPropRef":
      return `event.${v.property.name}`;
    default:
      return printLiteral(v);
  }
}

function printOperand(o: A.Operand): string {
  switch (o.kind) {
    case "FieldRef":
    case "PropertyRef":
      return o.name.name;
    case "EventPropRef":
      return `event.${o.property.name}`;
  }
}

function printTest(t: A.Test | undefined): string {
  if (!t) return "";
  switch (t.kind) {
    case "CompareTest":
      return `${t.op} ${printLiteral(t.value)}`;
    case "InTest":
      return `${t.negated ? "not " : ""}in (${t.values.map(printLiteral).join(", ")})`;
    case "ContainsTest":
      return `contains ${printLiteral(t.value)}`;
    case "IsSetTest":
      return t.negated ? "is not set" : "is set";
    case "AgoTest":
      return `${t.op} than ${printDuration(t.duration)} ago`;
  }
}

/** Binding strength: a child weaker than its parent needs parentheses. */
function precedence(c: A.Condition): number {
  return c.kind === "Or" ? 1 : c.kind === "And" ? 2 : c.kind === "Not" ? 3 : 4;
}

function printOperandCondition(c: A.Condition | undefined, parent: number): string {
  if (!c) return "";
  const text = printCondition(c);
  return precedence(c) <= parent && precedence(c) < 3 ? `(${text})` : text;
}

/**
 * A condition. Parentheses the author wrote are `Paren` nodes and print as written; a tree
 * built by hand whose nesting needs parentheses (an `Or` under an `And`) gets them added.
 */
export function printCondition(c: A.Condition | undefined): string {
  if (!c) return "";
  switch (c.kind) {
    case "Or":
      return c.operands.map((o) => printOperandCondition(o, 1)).join(" or ");
    case "And":
      return c.operands.map((o) => printOperandCondition(o, 2)).join(" and ");
    case "Not":
      return `not ${printOperandCondition(c.operand, 3)}`;
    case "Paren":
      return `(${printCondition(c.expression)})`;
    case "EventAtom":
      return `event ${printName(c.event)}${printWhere(c.where)}`;
    case "InactiveAtom":
      return `inactive for ${printDuration(c.duration)}`;
    case "InStageAtom":
      return `in stage for ${printDuration(c.duration)}`;
    case "SegmentRef":
      return c.name.name;
    case "TestAtom":
      return `${printOperand(c.operand)} ${printTest(c.test)}`;
  }
}

/** ` with propCond`: a single property test prints bare, anything else in parentheses. */
export function printWhere(where: A.Condition | undefined): string {
  if (!where) return "";
  if (where.kind === "Paren" || (where.kind === "TestAtom" && where.operand.kind === "PropertyRef")) {
    return ` with ${printCondition(where)}`;
  }
  return ` with (${printCondition(where)})`;
}

export function printGuard(g: A.ActionGuard | undefined): string {
  return g ? ` ${g.keyword} ${printCondition(g.condition)}` : "";
}

/** A non-split action on one line, guard included. */
export function printSimpleAction(a: Exclude<A.Action, A.SplitAction>): string {
  switch (a.kind) {
    case "Send": {
      const data =
        a.data === undefined
          ? ""
          : a.data.length === 0
            ? " with {}"
            : ` with { ${a.data.map((p) => `${p.key.name}: ${printValue(p.value)}`).join(", ")} }`;
      return `send ${printName(a.channel)} ${a.template ? printString(a.template.value) : '""'}${data}${printGuard(a.guard)}`;
    }
    case "Tag":
      return `tag ${a.tag ? printString(a.tag.value) : '""'}${printGuard(a.guard)}`;
    case "Untag":
      return `untag ${a.tag ? printString(a.tag.value) : '""'}${printGuard(a.guard)}`;
    case "Set":
      return `set ${printName(a.field)} = ${printValue(a.value)}${printGuard(a.guard)}`;
    case "Add":
      return `add ${a.amount ? printNumber(a.amount.value) : "0"} to ${printName(a.field)}${printGuard(a.guard)}`;
    case "GoTo":
      return `go to ${printName(a.target)}${printGuard(a.guard)}`;
  }
}

export function printTrigger(t: A.Trigger): string {
  switch (t.kind) {
    case "EnterTrigger":
      return "on enter";
    case "ExitTrigger":
      return "on exit";
    case "AfterTrigger":
      return `after ${printDuration(t.duration)}`;
    case "EveryTrigger":
      return `every ${printDuration(t.duration)}`;
    case "EventTrigger":
      return `on event ${printName(t.event)}${printWhere(t.where)}`;
  }
}

export function printTransition(t: A.Transition): string {
  const tail = t.after ? `after ${printDuration(t.after)}` : `when ${printCondition(t.when)}`;
  return `go to ${printName(t.target)} ${tail}`;
}

export function printFieldType(t: A.FieldType | undefined): string {
  if (!t) return "";
  return t.name === "one of" ? `one of ${t.values.map((v) => printString(v.value)).join(", ")}` : t.name;
}

/**
 * Display width in terminal columns: East Asian wide and fullwidth characters (Hangul, CJK,
 * most emoji) take two, everything else one, so aligned columns line up on screen.
 */
export function displayWidth(s: string): number {
  let width = 0;
  for (const c of s) width += isWide(c.codePointAt(0)!) ? 2 : 1;
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

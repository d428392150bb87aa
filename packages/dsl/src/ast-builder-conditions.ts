/**
 * CST → AST for the expression level: literals, durations, values, conditions and tests.
 * Tolerant of partial CSTs: an unreadable piece becomes `undefined`, never a throw.
 * Invalid numbers and durations are reported here (JRN006), invalid escapes too (JRN008).
 */
import type { CstNode, IToken } from "chevrotain";
import type * as A from "./ast.js";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import type { Source } from "./source.js";
import { child, children, joinSpans, nodeSpan, token, tokens, tokenSpan } from "./cst-access.js";

/** State shared by the builder functions of one parse. */
export interface BuildContext {
  readonly source: Source;
  readonly diagnostics: Diagnostic[];
}

const UNIT_MS: Record<A.DurationUnit, number> = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

export function identifier(t: IToken | undefined): A.Identifier | undefined {
  return t ? { kind: "Identifier", name: t.image, loc: tokenSpan(t) } : undefined;
}

/** Resolves the escapes of a string token's image (terminated or not). */
export function stringLiteral(ctx: BuildContext, t: IToken | undefined): A.StringLiteral | undefined {
  if (!t) return undefined;
  const image = t.image;
  // A single-quoted string was already reported by the lexer; its quotes are plain.
  if (image.startsWith("'")) return { kind: "StringLiteral", value: image.slice(1, -1), loc: tokenSpan(t) };
  const closed = image.length >= 2 && image.endsWith('"') && !isEscapedQuoteEnd(image);
  const body = image.slice(1, closed ? -1 : undefined);
  if (!body.includes("\\")) return { kind: "StringLiteral", value: body, loc: tokenSpan(t) };
  let value = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      value += c;
      continue;
    }
    const next = body[i + 1];
    i++;
    if (next === undefined) break;
    const escaped = ESCAPES[next];
    if (escaped !== undefined) value += escaped;
    else {
      const start = t.startOffset + 1 + i - 1;
      ctx.diagnostics.push(
        ctx.source.diagnostic(
          "JRN008",
          `Invalid escape sequence "\\${next}" in a string.`,
          { start, end: start + 1 + next.length },
          'Strings know the escapes \\" \\\\ \\n \\r and \\t; write a backslash as \\\\.',
        ),
      );
      value += next;
    }
  }
  return { kind: "StringLiteral", value, loc: tokenSpan(t) };
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", r: "\r", t: "\t" };

/** True when the final quote of an image is escaped (`"abc\"`, an unterminated string). */
function isEscapedQuoteEnd(image: string): boolean {
  let backslashes = 0;
  for (let i = image.length - 2; i >= 1 && image[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 1;
}

export function numberLiteral(ctx: BuildContext, t: IToken | undefined): A.NumberLiteral | undefined {
  if (!t) return undefined;
  const value = Number(t.image);
  if (!Number.isFinite(value)) {
    ctx.diagnostics.push(ctx.source.diagnostic("JRN006", `Invalid number "${t.image}": it is too large.`, tokenSpan(t), "Numbers must be below about 1.8e308."));
    return undefined;
  }
  return { kind: "NumberLiteral", value, loc: tokenSpan(t) };
}

export function percent(ctx: BuildContext, t: IToken | undefined): A.Percent | undefined {
  if (!t) return undefined;
  const value = Number(t.image.slice(0, -1));
  if (!Number.isFinite(value)) {
    ctx.diagnostics.push(ctx.source.diagnostic("JRN006", `Invalid percentage "${t.image}".`, tokenSpan(t), "A percentage is a number from 0 to 100 and `%`, as in `5%`."));
    return undefined;
  }
  return { kind: "Percent", value, loc: tokenSpan(t) };
}

/**
 * A weight or holdout: `50%`, or a bare `50` (reported: the grammar reads it so that one
 * missing percent sign is one message, and the tree keeps the number).
 */
export function weight(ctx: BuildContext, node: CstNode | undefined): A.Percent | undefined {
  const p = token(node, "Percent");
  if (p) return percent(ctx, p);
  const n = numberLiteral(ctx, token(node, "Number"));
  if (!n) return undefined;
  const image = ctx.source.text.slice(n.loc.start, n.loc.end);
  ctx.diagnostics.push(
    ctx.source.diagnostic("JRN003", `Expected a percentage such as "${image}%", found "${image}".`, n.loc, `Write the percent sign right after the number: \`${image}%\`.`),
  );
  return { kind: "Percent", value: n.value, loc: n.loc };
}

/** `N unit`: N must be a positive whole number and the length must fit in a safe integer of ms. */
export function duration(ctx: BuildContext, node: CstNode | undefined): A.Duration | undefined {
  const amount = token(node, "Number");
  const unitToken = token(node, "DurationUnit");
  if (!node || !amount || !unitToken) return undefined;
  const unit = (unitToken.image.endsWith("s") ? unitToken.image.slice(0, -1) : unitToken.image) as A.DurationUnit;
  const value = Number(amount.image);
  const loc = joinSpans(tokenSpan(amount), tokenSpan(unitToken));
  const ms = value * UNIT_MS[unit];
  if (!Number.isSafeInteger(value) || value <= 0 || !Number.isSafeInteger(ms)) {
    const why = !Number.isInteger(value)
      ? "durations are whole numbers"
      : value <= 0
        ? "durations must be positive"
        : "it is too long";
    ctx.diagnostics.push(
      ctx.source.diagnostic(
        "JRN006",
        `Invalid duration "${amount.image} ${unitToken.image}": ${why}.`,
        loc,
        !Number.isInteger(value)
          ? "Use a smaller unit, as in `36 hours` for 1.5 days."
          : value <= 0
            ? "Durations are at least one unit long, as in `1 hour`."
            : "Durations must be shorter than about 285,000 years.",
      ),
    );
    return undefined;
  }
  return { kind: "Duration", value, unit, ms, loc };
}

export function literal(ctx: BuildContext, node: CstNode | undefined): A.Literal | undefined {
  if (!node) return undefined;
  const loc = nodeSpan(node);
  const date = token(node, "Kw_date");
  if (date) {
    const s = stringLiteral(ctx, token(node, "String"));
    return s ? { kind: "DateLiteral", value: s.value, loc } : undefined;
  }
  const str = token(node, "String");
  if (str) return stringLiteral(ctx, str);
  const num = token(node, "Number");
  if (num) return numberLiteral(ctx, num);
  if (token(node, "Kw_yes")) return { kind: "BooleanLiteral", value: true, loc };
  if (token(node, "Kw_no")) return { kind: "BooleanLiteral", value: false, loc };
  return undefined;
}

function eventProp(node: CstNode | undefined): A.EventPropRef | undefined {
  const property = identifier(token(node, "Identifier"));
  return node && property ? { kind: "EventPropRef", property, loc: nodeSpan(node) } : undefined;
}

export function value(ctx: BuildContext, node: CstNode | undefined): A.Value | undefined {
  if (!node) return undefined;
  const lit = child(node, "literal");
  if (lit) return literal(ctx, lit);
  const prop = child(node, "eventProp");
  if (prop) return eventProp(prop);
  const name = identifier(token(node, "Identifier"));
  return name ? { kind: "FieldRef", name, loc: name.loc } : undefined;
}

/**
 * `condition` in a `with` clause (`inWhere`) reads bare identifiers before a test as
 * properties of that event; elsewhere they are customer fields.
 *
 * The CST is flat (`[not]* atom ((and | or) [not]* atom)*`); precedence comes back here:
 * each atom takes the `not`s just before it, `and` groups operands, `or` joins the groups.
 */
export function condition(ctx: BuildContext, node: CstNode | undefined, inWhere = false): A.Condition | undefined {
  if (!node) return undefined;
  const atoms = children(node, "atom");
  if (atoms.length === 0) return undefined;
  // Most conditions are one atom: nothing to group, no precedence to restore.
  if (atoms.length === 1 && node.children["Kw_not"] === undefined && node.children["Kw_or"] === undefined) return atom(ctx, atoms[0]!, inWhere);
  const nots = tokens(node, "Kw_not");
  const ors = tokens(node, "Kw_or");
  let notIndex = 0;
  let orIndex = 0;
  let previousEnd = -1;
  const groups: A.Condition[][] = [[]];
  for (const atomNode of atoms) {
    const span = nodeSpan(atomNode);
    // An `or` between the previous atom and this one starts a new `and` group.
    let newGroup = false;
    while (orIndex < ors.length && ors[orIndex]!.startOffset < span.start) {
      if (ors[orIndex]!.startOffset > previousEnd) newGroup = true;
      orIndex++;
    }
    if (newGroup && groups[groups.length - 1]!.length > 0) groups.push([]);
    const myNots: number[] = [];
    while (notIndex < nots.length && nots[notIndex]!.startOffset < span.start) {
      if (nots[notIndex]!.startOffset > previousEnd) myNots.push(nots[notIndex]!.startOffset);
      notIndex++;
    }
    let operand = atom(ctx, atomNode, inWhere);
    for (let i = myNots.length - 1; i >= 0; i--) operand = { kind: "Not", operand, loc: { start: myNots[i]!, end: span.end } };
    if (operand) groups[groups.length - 1]!.push(operand);
    previousEnd = span.end;
  }
  const operands = groups
    .filter((g) => g.length > 0)
    .map((g): A.Condition => (g.length === 1 ? g[0]! : { kind: "And", operands: g, loc: { start: g[0]!.loc.start, end: g[g.length - 1]!.loc.end } }));
  if (operands.length <= 1) return operands[0];
  return { kind: "Or", operands, loc: { start: operands[0]!.loc.start, end: operands[operands.length - 1]!.loc.end } };
}

function paren(ctx: BuildContext, node: CstNode, inWhere: boolean): A.ParenCondition {
  return { kind: "Paren", expression: condition(ctx, child(node, "condition"), inWhere), loc: nodeSpan(node) };
}

/** `with propCond` of `event X with ...` and `on event X with ...`. */
export function propCondition(ctx: BuildContext, node: CstNode | undefined): A.Condition | undefined {
  if (!node) return undefined;
  const p = child(node, "parenCond");
  if (p) return paren(ctx, p, true);
  const name = identifier(token(node, "Identifier"));
  if (!name) return undefined;
  const operand: A.PropertyRef = { kind: "PropertyRef", name, loc: name.loc };
  return { kind: "TestAtom", operand, test: test(ctx, child(node, "test")), loc: nodeSpan(node) };
}

function atom(ctx: BuildContext, node: CstNode | undefined, inWhere: boolean): A.Condition | undefined {
  if (!node) return undefined;
  const loc = nodeSpan(node);
  const p = child(node, "parenCond");
  if (p) return paren(ctx, p, inWhere);
  const eventToken = token(node, "Kw_event");
  if (eventToken) {
    const name = identifier(token(node, "Identifier"));
    if (token(node, "Dot")) {
      if (!name) return undefined;
      const operand: A.EventPropRef = { kind: "EventPropRef", property: name, loc: { start: eventToken.startOffset, end: name.loc.end } };
      return { kind: "TestAtom", operand, test: test(ctx, child(node, "test")), loc };
    }
    return { kind: "EventAtom", event: name, where: propCondition(ctx, child(node, "propCond")), loc };
  }
  if (token(node, "Kw_inactive")) return { kind: "InactiveAtom", duration: duration(ctx, child(node, "duration")), loc };
  if (token(node, "Kw_in")) return { kind: "InStageAtom", duration: duration(ctx, child(node, "duration")), loc };
  const name = identifier(token(node, "Identifier"));
  if (!name) return undefined;
  const testNode = child(node, "test");
  if (!testNode) return { kind: "SegmentRef", name, loc };
  const operand: A.Operand = inWhere
    ? { kind: "PropertyRef", name, loc: name.loc }
    : { kind: "FieldRef", name, loc: name.loc };
  return { kind: "TestAtom", operand, test: test(ctx, testNode), loc };
}

function test(ctx: BuildContext, node: CstNode | undefined): A.Test | undefined {
  if (!node) return undefined;
  const loc = nodeSpan(node);
  const op = token(node, "CompareOperator");
  if (op) return { kind: "CompareTest", op: op.image as A.CompareOp, value: literal(ctx, child(node, "literal")), loc };
  if (token(node, "Kw_in")) {
    const values = children(node, "literal")
      .map((n) => literal(ctx, n))
      .filter((v): v is A.Literal => v !== undefined);
    return { kind: "InTest", negated: tokens(node, "Kw_not").length > 0, values, loc };
  }
  if (token(node, "Kw_contains")) return { kind: "ContainsTest", value: literal(ctx, child(node, "literal")), loc };
  if (token(node, "Kw_is")) return { kind: "IsSetTest", negated: tokens(node, "Kw_not").length > 0, loc };
  const ago = child(node, "agoTail");
  if (ago) {
    const op = token(ago, "Kw_more") ? "more" : token(ago, "Kw_less") ? "less" : undefined;
    if (!op) return undefined;
    return { kind: "AgoTest", op, duration: duration(ctx, child(node, "duration")), loc };
  }
  return undefined;
}

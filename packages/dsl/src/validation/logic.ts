/**
 * Decides, where literals make it decidable, whether a condition can never hold or always
 * holds. Conditions are expanded to disjunctive normal form (capped, so the cost stays
 * bounded) over literals; each conjunction is checked per operand with interval reasoning for
 * numbers, datetimes and the age in `more/less than D ago`, set reasoning for text, one-of and
 * yes/no, and `is set` as a literal of its operand. Anything else (segments,
 * events, time atoms) is an opaque literal that only contradicts its own negation, except that
 * two different events cannot both be the input being evaluated.
 */
import type * as AST from "../ast.js";
import type { TestUse } from "../bind.js";

interface Interval {
  readonly lo: number;
  readonly loInc: boolean;
  readonly hi: number;
  readonly hiInc: boolean;
}

type Lit =
  | { readonly kind: "num"; readonly key: string; readonly set: readonly Interval[] }
  | { readonly kind: "str"; readonly key: string; readonly only?: ReadonlySet<string>; readonly except?: ReadonlySet<string>; readonly universe?: readonly string[] }
  | { readonly kind: "opaque"; readonly key: string; readonly positive: boolean; readonly event?: string };

type Term = readonly Lit[];

const MAX_TERMS = 64;
const ALL: Interval = { lo: -Infinity, loInc: false, hi: Infinity, hiInc: false };

export type Verdict = "never" | "always" | "unknown";

/**
 * Classifies a condition. `tests` gives each test atom's operand type; `text` is the source
 * text (used to key opaque atoms by what was written).
 */
export function classify(c: AST.Condition, tests: ReadonlyMap<AST.TestAtom, TestUse>, text: string): Verdict {
  const pos = dnf(c, false, tests, text);
  if (pos !== null && pos.every((t) => !satisfiable(t))) return "never";
  const neg = dnf(c, true, tests, text);
  if (neg !== null && neg.every((t) => !satisfiable(t))) return "always";
  return "unknown";
}

function dnf(c: AST.Condition | undefined, negated: boolean, tests: ReadonlyMap<AST.TestAtom, TestUse>, text: string): Term[] | null {
  if (c === undefined) return null;
  switch (c.kind) {
    case "Paren":
      return dnf(c.expression, negated, tests, text);
    case "Not":
      return dnf(c.operand, !negated, tests, text);
    case "And":
    case "Or": {
      const parts = c.operands.map((o) => dnf(o, negated, tests, text));
      if (parts.some((p) => p === null)) return null;
      const conjunction = (c.kind === "And") !== negated;
      if (!conjunction) {
        const all = (parts as Term[][]).flat();
        return all.length > MAX_TERMS ? null : all;
      }
      let acc: Term[] = [[]];
      for (const p of parts as Term[][]) {
        const next: Term[] = [];
        for (const a of acc) for (const b of p) next.push([...a, ...b]);
        if (next.length > MAX_TERMS) return null;
        acc = next;
      }
      return acc;
    }
    case "TestAtom": {
      const use = tests.get(c);
      const lit = use === undefined ? undefined : testLiteral(use, negated);
      return [[lit ?? opaque(c, negated, text)]];
    }
    case "EventAtom": {
      const key = c.where === undefined ? `event:${c.event?.name ?? ""}` : text.slice(c.loc.start, c.loc.end);
      const lit: Lit = { kind: "opaque", key, positive: !negated, ...(c.event === undefined ? {} : { event: c.event.name }) };
      return [[lit]];
    }
    default:
      return [[opaque(c, negated, text)]];
  }
}

function opaque(c: AST.Condition, negated: boolean, text: string): Lit {
  return { kind: "opaque", key: `${c.kind}:${text.slice(c.loc.start, c.loc.end)}`, positive: !negated };
}

const FLIP: Record<AST.CompareOp, AST.CompareOp> = { "==": "!=", "!=": "==", "<": ">=", ">=": "<", "<=": ">", ">": "<=" };

function testLiteral(use: TestUse, negated: boolean): Lit | undefined {
  const test = use.atom.test;
  const type = use.operandType;
  if (test === undefined || type === undefined) return undefined;
  const key = `${use.atom.operand.kind}:${use.operandName}`;
  if (test.kind === "IsSetTest") {
    return { kind: "opaque", key: `isSet:${key}`, positive: test.negated === negated };
  }
  if (test.kind === "AgoTest") {
    // On the value's age (now - value): `more than D ago` is age > D, `less than D ago` is age < D.
    if (type.valueType !== "datetime" || test.duration === undefined) return undefined;
    const op: AST.CompareOp = test.op === "more" ? ">" : "<";
    return { kind: "num", key: `age:${key}`, set: compareSet(negated ? FLIP[op] : op, test.duration.ms) };
  }
  if (type.valueType === "number" || type.valueType === "datetime") {
    const num = (l: AST.Literal | undefined): number | undefined => {
      if (type.valueType === "number") return l?.kind === "NumberLiteral" ? l.value : undefined;
      if (l?.kind !== "DateLiteral") return undefined;
      const ms = Date.parse(l.value);
      return Number.isNaN(ms) ? undefined : ms;
    };
    if (test.kind === "CompareTest") {
      const v = num(test.value);
      return v === undefined ? undefined : { kind: "num", key, set: compareSet(negated ? FLIP[test.op] : test.op, v) };
    }
    if (test.kind === "InTest") {
      const values = test.values.map(num);
      if (values.some((v) => v === undefined)) return undefined;
      const points = (values as number[]).map((v) => ({ lo: v, loInc: true, hi: v, hiInc: true }));
      return { kind: "num", key, set: test.negated !== negated ? complement(points) : points };
    }
    return undefined;
  }
  if (type.valueType === "text" || type.valueType === "enum" || type.valueType === "boolean") {
    const str = (l: AST.Literal | undefined): string | undefined => {
      if (type.valueType === "boolean") return l?.kind === "BooleanLiteral" ? String(l.value) : undefined;
      return l?.kind === "StringLiteral" ? l.value : undefined;
    };
    const universe = type.valueType === "boolean" ? ["true", "false"] : type.valueType === "enum" ? type.values : undefined;
    let values: (string | undefined)[];
    let positive: boolean;
    if (test.kind === "CompareTest" && (test.op === "==" || test.op === "!=")) {
      values = [str(test.value)];
      positive = (test.op === "==") !== negated;
    } else if (test.kind === "InTest") {
      values = test.values.map(str);
      positive = !test.negated !== negated;
    } else return undefined;
    if (values.some((v) => v === undefined)) return undefined;
    const set = new Set(values as string[]);
    const base = universe === undefined ? {} : { universe };
    return positive ? { kind: "str", key, only: set, ...base } : { kind: "str", key, except: set, ...base };
  }
  return undefined;
}

function compareSet(op: AST.CompareOp, v: number): Interval[] {
  switch (op) {
    case "==":
      return [{ lo: v, loInc: true, hi: v, hiInc: true }];
    case "!=":
      return [
        { lo: -Infinity, loInc: false, hi: v, hiInc: false },
        { lo: v, loInc: false, hi: Infinity, hiInc: false },
      ];
    case "<":
      return [{ lo: -Infinity, loInc: false, hi: v, hiInc: false }];
    case "<=":
      return [{ lo: -Infinity, loInc: false, hi: v, hiInc: true }];
    case ">":
      return [{ lo: v, loInc: false, hi: Infinity, hiInc: false }];
    case ">=":
      return [{ lo: v, loInc: true, hi: Infinity, hiInc: false }];
  }
}

function nonEmpty(i: Interval): boolean {
  return i.lo < i.hi || (i.lo === i.hi && i.loInc && i.hiInc);
}

function intersectOne(a: Interval, b: Interval): Interval {
  const lo = Math.max(a.lo, b.lo);
  const hi = Math.min(a.hi, b.hi);
  const loInc = (a.lo !== lo || a.loInc) && (b.lo !== lo || b.loInc);
  const hiInc = (a.hi !== hi || a.hiInc) && (b.hi !== hi || b.hiInc);
  return { lo, loInc, hi, hiInc };
}

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a) for (const y of b) {
    const i = intersectOne(x, y);
    if (nonEmpty(i)) out.push(i);
  }
  return out;
}

/** The complement of a union of points (what `not in (...)` allows). */
function complement(points: readonly Interval[]): Interval[] {
  let acc: Interval[] = [ALL];
  for (const p of points) acc = intersect(acc, compareSet("!=", p.lo));
  return acc;
}

function satisfiable(term: Term): boolean {
  const nums = new Map<string, Interval[]>();
  const strs = new Map<string, { only: Set<string> | undefined; except: Set<string> }>();
  const opaques = new Map<string, boolean>();
  let event: string | undefined;
  for (const lit of term) {
    if (lit.kind === "num") {
      const next = intersect(nums.get(lit.key) ?? [ALL], lit.set);
      if (next.length === 0) return false;
      nums.set(lit.key, next);
    } else if (lit.kind === "str") {
      let cur = strs.get(lit.key);
      if (cur === undefined) {
        cur = { only: lit.universe === undefined ? undefined : new Set(lit.universe), except: new Set() };
        strs.set(lit.key, cur);
      }
      if (lit.only !== undefined) {
        const only: Set<string> = cur.only === undefined ? new Set(lit.only) : new Set([...cur.only].filter((v) => lit.only!.has(v)));
        cur.only = only;
      }
      if (lit.except !== undefined) for (const v of lit.except) cur.except.add(v);
      if (cur.only !== undefined && [...cur.only].every((v) => cur!.except.has(v))) return false;
    } else {
      const seen = opaques.get(lit.key);
      if (seen !== undefined && seen !== lit.positive) return false;
      opaques.set(lit.key, lit.positive);
      if (lit.positive && lit.event !== undefined) {
        if (event !== undefined && event !== lit.event) return false;
        event = lit.event;
      }
    }
  }
  return true;
}

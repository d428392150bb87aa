/**
 * Decides, where literals make it decidable, whether a condition can never hold or always
 * holds. Conditions are expanded to disjunctive normal form (capped, so the cost stays
 * bounded) over literals; each conjunction is checked per operand with interval reasoning for
 * numbers, datetimes and the age in `more/less than D ago`, set reasoning for text, one-of and
 * yes/no, and `is set` as a literal of its operand. Anything else (segments,
 * events, time atoms) is an opaque literal that only contradicts its own negation, except that
 * two different events cannot both be the input being evaluated.
 *
 * The work is linear in the size of the condition (times at most `MAX_TERMS`), and a
 * `WorkBudget` bounds it outright: a condition too large to analyse within it is "unknown".
 */
import type * as AST from "../ast.js";
import type { DeclaredType, TestUse } from "../bind.js";
import { both, leaf, satisfiable, TRUE, type Interval, type Lit, type Term } from "./logic-terms.js";

const MAX_TERMS = 64;

/**
 * The work allowed on one condition as written, in units: one per node of the condition
 * expanded, per term built, per value of a literal built, and per literal value checked.
 * The satisfiable-conditions rule shares one budget between a condition and the
 * sub-conditions it checks again, so a condition costs at most this much however it nests.
 * Conditions people write spend tens to a few thousand units, and a generated `or` of 30,000
 * comparisons about 150,000 (five per comparison); spending it all takes 0.05 to 0.4 s. What
 * exhausts it is the expansion multiplying a long conjunction by up to `MAX_TERMS` terms, or
 * deep nesting checked again at each level.
 */
export const WORK_BUDGET = 1_000_000;

/** Work units left for one condition. Once a request does not fit, every later one fails too. */
export class WorkBudget {
  #spent = 0;
  #exhausted = false;

  constructor(readonly limit: number = WORK_BUDGET) {}

  /** The units spent so far. */
  get spent(): number {
    return this.#spent;
  }

  /** Whether a request has not fit (the analysis gave up somewhere). */
  get exhausted(): boolean {
    return this.#exhausted;
  }

  /** Spends `units`; false, and from then on always false, when they do not fit. */
  spend(units: number): boolean {
    if (this.#exhausted || this.#spent + units > this.limit) {
      this.#exhausted = true;
      return false;
    }
    this.#spent += units;
    return true;
  }
}

export type Verdict = "never" | "always" | "unknown";

/** What the expansion reads: each test atom's operand type, the source text, the budget. */
interface Analysis {
  readonly tests: ReadonlyMap<AST.TestAtom, TestUse>;
  readonly text: string;
  readonly budget: WorkBudget;
}

/**
 * Classifies a condition. `tests` gives each test atom's operand type; `text` is the source
 * text (used to key opaque atoms by what was written); `budget` bounds the work, and running
 * out of it makes the verdict "unknown".
 */
export function classify(c: AST.Condition, tests: ReadonlyMap<AST.TestAtom, TestUse>, text: string, budget = new WorkBudget()): Verdict {
  const analysis: Analysis = { tests, text, budget };
  if (noneHolds(dnf(c, false, analysis), budget)) return "never";
  if (noneHolds(dnf(c, true, analysis), budget)) return "always";
  return "unknown";
}

/** Whether no term can hold; false when that is not known (no expansion, or no budget left). */
function noneHolds(terms: readonly Term[] | null, budget: WorkBudget): boolean {
  if (terms === null) return false;
  let weight = 0;
  for (const t of terms) weight += t.weight;
  return budget.spend(weight) && terms.every((t) => !satisfiable(t));
}

/** The terms of `c` (or of `not c`) in disjunctive normal form; null when too large or unknown. */
function dnf(c: AST.Condition | undefined, negated: boolean, a: Analysis): Term[] | null {
  if (c === undefined || !a.budget.spend(1)) return null;
  switch (c.kind) {
    case "Paren":
      return dnf(c.expression, negated, a);
    case "Not":
      return dnf(c.operand, !negated, a);
    case "And":
    case "Or":
      return (c.kind === "And") !== negated ? conjunction(c.operands, negated, a) : disjunction(c.operands, negated, a);
    case "TestAtom": {
      const use = a.tests.get(c);
      if (!a.budget.spend(valueCount(c))) return null;
      const lit = use === undefined ? undefined : testLiteral(use, negated);
      return [leaf(lit ?? opaque(c, negated, a.text))];
    }
    case "EventAtom": {
      const key = c.where === undefined ? `event:${c.event?.name ?? ""}` : a.text.slice(c.loc.start, c.loc.end);
      return [leaf({ kind: "opaque", key, positive: !negated, ...(c.event === undefined ? {} : { event: c.event.name }) })];
    }
    default:
      return [leaf(opaque(c, negated, a.text))];
  }
}

/** The terms of an `or` (after negation): those of each operand, side by side. */
function disjunction(operands: readonly AST.Condition[], negated: boolean, a: Analysis): Term[] | null {
  const all: Term[] = [];
  for (const o of operands) {
    const terms = dnf(o, negated, a);
    if (terms === null) return null;
    for (const t of terms) all.push(t);
    if (all.length > MAX_TERMS) return null;
  }
  return all;
}

/** The terms of an `and` (after negation): one per choice of a term from each operand. */
function conjunction(operands: readonly AST.Condition[], negated: boolean, a: Analysis): Term[] | null {
  let acc: Term[] = [TRUE];
  for (const o of operands) {
    const terms = dnf(o, negated, a);
    if (terms === null) return null;
    const next: Term[] = [];
    for (const x of acc) for (const y of terms) next.push(both(x, y));
    if (next.length > MAX_TERMS || !a.budget.spend(next.length)) return null;
    acc = next;
  }
  return acc;
}

/** How many values building the literal of a test atom handles (a long `in` list is costly). */
function valueCount(c: AST.TestAtom): number {
  return c.test?.kind === "InTest" ? c.test.values.length + 1 : 1;
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
    return { kind: "num", key: `age:${key}`, ...compareSet(negated ? FLIP[op] : op, test.duration.ms) };
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
      return v === undefined ? undefined : { kind: "num", key, ...compareSet(negated ? FLIP[test.op] : test.op, v) };
    }
    if (test.kind === "InTest") {
      const values = test.values.map(num);
      if (values.some((v) => v === undefined)) return undefined;
      const set = new Set(values as number[]);
      return test.negated !== negated ? { kind: "num", key, except: set } : { kind: "num", key, only: set };
    }
    return undefined;
  }
  if (type.valueType === "text" || type.valueType === "enum" || type.valueType === "boolean") {
    const str = (l: AST.Literal | undefined): string | undefined => {
      if (type.valueType === "boolean") return l?.kind === "BooleanLiteral" ? String(l.value) : undefined;
      return l?.kind === "StringLiteral" ? l.value : undefined;
    };
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
    const universe = universeOf(type);
    const base = universe === undefined ? {} : { universe };
    return positive ? { kind: "str", key, only: set, ...base } : { kind: "str", key, except: set, ...base };
  }
  return undefined;
}

/** The numbers `x op v` allows: an interval, or one value in or out. */
function compareSet(op: AST.CompareOp, v: number): { range: Interval } | { only: ReadonlySet<number> } | { except: ReadonlySet<number> } {
  switch (op) {
    case "==":
      return { only: new Set([v]) };
    case "!=":
      return { except: new Set([v]) };
    case "<":
      return { range: { lo: -Infinity, loInc: false, hi: v, hiInc: false } };
    case "<=":
      return { range: { lo: -Infinity, loInc: false, hi: v, hiInc: true } };
    case ">":
      return { range: { lo: v, loInc: false, hi: Infinity, hiInc: false } };
    case ">=":
      return { range: { lo: v, loInc: true, hi: Infinity, hiInc: false } };
  }
}

const YES_NO: ReadonlySet<string> = new Set(["true", "false"]);

/** One set per declared `one of` type, so that each literal does not copy the choices. */
const universes = new WeakMap<readonly string[], ReadonlySet<string>>();

/** All the values a type allows, when that is a fixed set (`one of`, `yes/no`). */
function universeOf(type: DeclaredType): ReadonlySet<string> | undefined {
  if (type.valueType === "boolean") return YES_NO;
  if (type.valueType !== "enum") return undefined;
  let universe = universes.get(type.values);
  if (universe === undefined) universes.set(type.values, (universe = new Set(type.values)));
  return universe;
}

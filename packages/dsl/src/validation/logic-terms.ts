/**
 * The conjunctions `logic.ts` reasons about: literals, terms (conjunctions of literals) and
 * whether a term can hold. Checking a term is linear in its weight (its literals and the
 * values they list): each operand's constraints are gathered into one interval, one set of
 * allowed values and one set of excluded values, and decided once at the end.
 */

/** A real interval; `lo` / `hi` may be infinite (then never included). */
export interface Interval {
  readonly lo: number;
  readonly loInc: boolean;
  readonly hi: number;
  readonly hiInc: boolean;
}

/**
 * What one atom says about one operand (`key`). A number literal sets exactly one of `range`
 * (a comparison), `only` (`==`, `in`) and `except` (`!=`, `not in`); a text literal sets one
 * of `only` and `except`, out of `universe` when its type has a fixed set of values. An opaque
 * literal only contradicts its own negation, and two different events as the input.
 */
export type Lit =
  | {
      readonly kind: "num";
      readonly key: string;
      readonly range?: Interval;
      readonly only?: ReadonlySet<number>;
      readonly except?: ReadonlySet<number>;
    }
  | {
      readonly kind: "str";
      readonly key: string;
      readonly only?: ReadonlySet<string>;
      readonly except?: ReadonlySet<string>;
      readonly universe?: ReadonlySet<string>;
    }
  | { readonly kind: "opaque"; readonly key: string; readonly positive: boolean; readonly event?: string };

/**
 * A conjunction of literals, kept as a tree of concatenations: `and` joins two terms in
 * constant time and terms share their common parts, where copying them would make a long
 * chain of `and`s (or of negated `or`s) quadratic.
 */
export interface Term {
  /** What checking the term costs: one per literal plus one per value a literal lists. */
  readonly weight: number;
  readonly lit?: Lit;
  readonly left?: Term;
  readonly right?: Term;
}

/** The empty conjunction, which always holds. */
export const TRUE: Term = { weight: 0 };

/** Every number: the interval a numeric field starts with before its tests narrow it. */
export const ALL: Interval = { lo: -Infinity, loInc: false, hi: Infinity, hiInc: false };

/** A term of one literal. */
export function leaf(lit: Lit): Term {
  const values = lit.kind === "opaque" ? 0 : (lit.only?.size ?? 0) + (lit.except?.size ?? 0);
  return { weight: 1 + values, lit };
}

/** The conjunction of two terms, sharing both. */
export function both(a: Term, b: Term): Term {
  if (a === TRUE) return b;
  if (b === TRUE) return a;
  return { weight: a.weight + b.weight, left: a, right: b };
}

/** Whether some number lies in `i`. */
export function nonEmpty(i: Interval): boolean {
  return i.lo < i.hi || (i.lo === i.hi && i.loInc && i.hiInc);
}

/** The numbers in both `a` and `b` (possibly none: see {@link nonEmpty}). */
export function intersectOne(a: Interval, b: Interval): Interval {
  const lo = Math.max(a.lo, b.lo);
  const hi = Math.min(a.hi, b.hi);
  const loInc = (a.lo !== lo || a.loInc) && (b.lo !== lo || b.loInc);
  const hiInc = (a.hi !== hi || a.hiInc) && (b.hi !== hi || b.hiInc);
  return { lo, loInc, hi, hiInc };
}

function contains(i: Interval, v: number): boolean {
  return (i.lo < v || (i.lo === v && i.loInc)) && (v < i.hi || (v === i.hi && i.hiInc));
}

/** The values in both sets; costs the size of the smaller one. */
function intersection<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): Set<T> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const out = new Set<T>();
  for (const v of small) if (large.has(v)) out.add(v);
  return out;
}

/** What the literals of one term require of one number operand. */
interface NumberBounds {
  range: Interval;
  only: ReadonlySet<number> | undefined;
  readonly except: Set<number>;
}

/** What the literals of one term require of one text, one-of or yes/no operand. */
interface TextBounds {
  only: ReadonlySet<string> | undefined;
  readonly except: Set<string>;
  readonly universe: ReadonlySet<string> | undefined;
}

/** Whether some real value lies in the range, in `only` (when set) and outside `except`. */
function numberPossible(b: NumberBounds): boolean {
  if (!nonEmpty(b.range)) return false;
  if (b.only !== undefined) {
    for (const v of b.only) if (contains(b.range, v) && !b.except.has(v)) return true;
    return false;
  }
  // A proper interval holds infinitely many reals, so finitely many exclusions leave some.
  return b.range.lo < b.range.hi || !b.except.has(b.range.lo);
}

/** Whether some value lies in `only` (when set) and the universe (when set), outside `except`. */
function textPossible(b: TextBounds): boolean {
  const universe = b.universe;
  if (b.only !== undefined) {
    for (const v of b.only) if ((universe === undefined || universe.has(v)) && !b.except.has(v)) return true;
    return false;
  }
  if (universe === undefined) return true;
  let excluded = 0;
  for (const v of b.except) if (universe.has(v)) excluded++;
  return excluded < universe.size;
}

/** The literals of a term, each once per occurrence; iterative, as terms can be deep. */
function forEachLiteral(term: Term, visit: (lit: Lit) => boolean): boolean {
  const stack: Term[] = [term];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (t.lit !== undefined) {
      if (!visit(t.lit)) return false;
    } else if (t.left !== undefined && t.right !== undefined) {
      stack.push(t.right, t.left);
    }
  }
  return true;
}

/** Whether some assignment of values makes every literal of `term` hold. */
export function satisfiable(term: Term): boolean {
  const nums = new Map<string, NumberBounds>();
  const strs = new Map<string, TextBounds>();
  const opaques = new Map<string, boolean>();
  let event: string | undefined;
  const consistent = forEachLiteral(term, (lit) => {
    if (lit.kind === "num") {
      let b = nums.get(lit.key);
      if (b === undefined) nums.set(lit.key, (b = { range: ALL, only: undefined, except: new Set() }));
      if (lit.range !== undefined) b.range = intersectOne(b.range, lit.range);
      if (lit.only !== undefined) b.only = b.only === undefined ? lit.only : intersection(b.only, lit.only);
      if (lit.except !== undefined) for (const v of lit.except) b.except.add(v);
      return true;
    }
    if (lit.kind === "str") {
      let b = strs.get(lit.key);
      if (b === undefined) strs.set(lit.key, (b = { only: undefined, except: new Set(), universe: lit.universe }));
      if (lit.only !== undefined) b.only = b.only === undefined ? lit.only : intersection(b.only, lit.only);
      if (lit.except !== undefined) for (const v of lit.except) b.except.add(v);
      return true;
    }
    const seen = opaques.get(lit.key);
    if (seen !== undefined && seen !== lit.positive) return false;
    opaques.set(lit.key, lit.positive);
    if (lit.positive && lit.event !== undefined) {
      if (event !== undefined && event !== lit.event) return false;
      event = lit.event;
    }
    return true;
  });
  if (!consistent) return false;
  for (const b of nums.values()) if (!numberPossible(b)) return false;
  for (const b of strs.values()) if (!textPossible(b)) return false;
  return true;
}

/**
 * Conditions compiled from the IR into closures (never `eval`): one closure tree per condition,
 * built once per journey version and reused for every customer.
 */
import type { Condition, Literal, Ref } from "../ir.js";

/** What a condition can see while one input is evaluated. */
export interface EvalCtx {
  /** The customer's current record (after the merge and earlier actions). Null-prototype. */
  record: Record<string, unknown>;
  /** The event being evaluated (only it satisfies `event E`), or null. */
  event: { type: string; props: Record<string, unknown> } | null;
  /** The properties `event.x` reads outside `event E with ...` (current or stage-entry event). */
  eventProps: Record<string, unknown> | null;
  now: number;
  enteredAt: number;
  /** Later of the last activity and the enrolment start (S14). */
  activitySince: number;
}

export type Pred = (ctx: EvalCtx) => boolean;

/** Own-property read: keys such as `__proto__` are data, never the prototype. */
export function own(obj: Record<string, unknown> | null | undefined, key: string): unknown {
  if (obj == null) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** Epoch ms of a datetime value (ISO string or epoch number), or NaN. */
export function toMs(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") return Date.parse(v);
  if (v instanceof Date) return v.getTime();
  return Number.NaN;
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

type Getter = (ctx: EvalCtx) => unknown;

function getter(ref: Ref, inWhere: boolean): Getter {
  const f = ref.field;
  if (ref.source === "customer") return (ctx) => own(ctx.record, f);
  if (inWhere) return (ctx) => own(ctx.event?.props, f);
  return (ctx) => own(ctx.eventProps, f);
}

function compare(op: string, a: number | string | boolean, b: number | string | boolean): boolean {
  switch (op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    default:
      return a >= b;
  }
}

function sameLiteral(v: unknown, lit: Literal): boolean {
  return v === lit;
}

/** Compiles conditions of one journey; segments are compiled once and shared. */
export class ConditionCompiler {
  private readonly compiled = new Map<string, Pred>();
  private readonly compiling = new Set<string>();
  constructor(private readonly segments: Record<string, Condition>) {}

  compile(c: Condition | undefined, inWhere = false): Pred {
    if (c === undefined) return () => true;
    switch (c.kind) {
      case "true":
        return () => true;
      case "and": {
        const parts = c.all.map((x) => this.compile(x, inWhere));
        return (ctx) => {
          for (const p of parts) if (!p(ctx)) return false;
          return true;
        };
      }
      case "or": {
        const parts = c.any.map((x) => this.compile(x, inWhere));
        return (ctx) => {
          for (const p of parts) if (p(ctx)) return true;
          return false;
        };
      }
      case "not": {
        const p = this.compile(c.cond, inWhere);
        return (ctx) => !p(ctx);
      }
      case "compare": {
        const get = getter(c.ref, inWhere);
        const { op, value, valueType } = c;
        if (valueType === "datetime") {
          const lit = toMs(value);
          return (ctx) => {
            const v = get(ctx);
            if (!isSet(v)) return false;
            const t = toMs(v);
            return !Number.isNaN(t) && !Number.isNaN(lit) && compare(op, t, lit);
          };
        }
        const expected = valueType === "text" ? "string" : valueType;
        return (ctx) => {
          const v = get(ctx);
          if (typeof v !== expected || typeof value !== expected) return false;
          if (typeof v === "number" && Number.isNaN(v)) return false;
          return compare(op, v as number, value);
        };
      }
      case "in": {
        const get = getter(c.ref, inWhere);
        const { values, negated } = c;
        return (ctx) => {
          const v = get(ctx);
          if (!isSet(v)) return false;
          const hit = values.some((lit) => sameLiteral(v, lit));
          return negated ? !hit : hit;
        };
      }
      case "contains": {
        const get = getter(c.ref, inWhere);
        const lit = c.value;
        return (ctx) => {
          const v = get(ctx);
          if (Array.isArray(v)) return v.includes(lit);
          if (typeof v === "string" && typeof lit === "string") return v.includes(lit);
          return false;
        };
      }
      case "isSet": {
        const get = getter(c.ref, inWhere);
        const negated = c.negated;
        return (ctx) => isSet(get(ctx)) !== negated;
      }
      case "ago": {
        const get = getter(c.ref, inWhere);
        const { ms, op } = c;
        return (ctx) => {
          const v = get(ctx);
          if (!isSet(v)) return false;
          const t = toMs(v);
          if (Number.isNaN(t)) return false;
          return op === "moreThan" ? ctx.now - t >= ms : ctx.now - t < ms;
        };
      }
      case "event": {
        const name = c.event;
        const where = c.where === undefined ? undefined : this.compile(c.where, true);
        return (ctx) => ctx.event !== null && ctx.event.type === name && (where === undefined || where(ctx));
      }
      case "segment":
        return this.segment(c.name);
      case "inactive": {
        const ms = c.ms;
        return (ctx) => ctx.now - ctx.activitySince >= ms;
      }
      case "inStage": {
        const ms = c.ms;
        return (ctx) => ctx.now - ctx.enteredAt >= ms;
      }
    }
  }

  private segment(name: string): Pred {
    const done = this.compiled.get(name);
    if (done !== undefined) return done;
    const def = Object.prototype.hasOwnProperty.call(this.segments, name) ? this.segments[name] : undefined;
    // An unknown or self-referencing segment is rejected by the compiler; here it is simply false.
    if (def === undefined || this.compiling.has(name)) return () => false;
    let inner: Pred = () => false;
    const lazy: Pred = (ctx) => inner(ctx);
    this.compiled.set(name, lazy);
    this.compiling.add(name);
    inner = this.compile(def);
    this.compiling.delete(name);
    return lazy;
  }
}

/** A time-dependent atom: its value can change with nothing but the passing of time. */
export type TimeAtom =
  | { kind: "inStage"; ms: number }
  | { kind: "inactive"; ms: number }
  | { kind: "ago"; ref: Ref; ms: number };

/** Every time atom of `c`, following segments (event `with` conditions are instantaneous). */
export function collectTimeAtoms(c: Condition | undefined, segments: Record<string, Condition>, out: TimeAtom[] = [], seen = new Set<string>()): TimeAtom[] {
  if (c === undefined) return out;
  switch (c.kind) {
    case "and":
      for (const x of c.all) collectTimeAtoms(x, segments, out, seen);
      break;
    case "or":
      for (const x of c.any) collectTimeAtoms(x, segments, out, seen);
      break;
    case "not":
      collectTimeAtoms(c.cond, segments, out, seen);
      break;
    case "inStage":
    case "inactive":
      out.push({ kind: c.kind, ms: c.ms });
      break;
    case "ago":
      if (c.ref.source === "customer") out.push({ kind: "ago", ref: c.ref, ms: c.ms });
      break;
    case "segment":
      if (!seen.has(c.name) && Object.prototype.hasOwnProperty.call(segments, c.name)) {
        seen.add(c.name);
        collectTimeAtoms(segments[c.name], segments, out, seen);
      }
      break;
    default:
      break;
  }
  return out;
}

/** The earliest instant after `ctx.now` at which one of `atoms` can change value, or null. */
export function nextTimeChange(atoms: readonly TimeAtom[], ctx: EvalCtx): number | null {
  let best = Number.POSITIVE_INFINITY;
  for (const a of atoms) {
    let at: number;
    if (a.kind === "inStage") at = ctx.enteredAt + a.ms;
    else if (a.kind === "inactive") at = ctx.activitySince + a.ms;
    else {
      const v = own(ctx.record, a.ref.field);
      if (!isSet(v)) continue;
      at = toMs(v) + a.ms;
      if (Number.isNaN(at)) continue;
    }
    if (at > ctx.now && at < best) best = at;
  }
  return best === Number.POSITIVE_INFINITY ? null : best;
}


/**
 * Checking records and events against declared schemas (S4–S7), returning field issues instead
 * of throwing, and copying inputs into null-prototype objects (no prototype pollution).
 */
import { setData } from "../data.js";
import { messageOf } from "../thrown.js";
import type { FieldIssue } from "../errors.js";
import type { CustomerRecord } from "../store/types.js";
import type { FieldsSchema } from "./schemas.js";

function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/**
 * How many arrays and objects deep a field's value may go. Deeper data (or data that contains
 * itself) is refused: copying it would overflow the stack, and no journey reads that deep.
 */
export const MAX_DATA_DEPTH = 1000;

/**
 * How many objects and arrays one record or one event's properties may hold, counting one each
 * time it appears: an input that reuses one object under many keys is copied in full, so twenty
 * levels of `{ a: v, b: v }` (21 objects) would be a million objects to copy and store.
 */
export const MAX_DATA_OBJECTS = 100_000;

/** Why {@link dataCopy} refused a field's value. */
export type DataRefusal = "too-deep" | "invalid-date" | "too-many-objects" | "unreadable";

const REFUSAL_MESSAGES: Record<DataRefusal, string> = {
  "too-deep": `Nested more than ${MAX_DATA_DEPTH} levels deep (or contains itself)`,
  "invalid-date": "Invalid Date (its time is NaN): give a valid Date, an ISO 8601 text or a number",
  "too-many-objects": `Holds more than ${MAX_DATA_OBJECTS} objects and arrays (one is counted each time it appears)`,
  unreadable: "Could not be read (a getter or proxy threw)",
};

/**
 * Thrown by {@link dataCopy} for a value it cannot take: nested deeper than
 * {@link MAX_DATA_DEPTH}, an invalid `Date`, or more than {@link MAX_DATA_OBJECTS} objects; `field`
 * names the top-level field ("" for the object itself). Ingest turns it into a quarantine (S7), never a crash.
 */
export class DataRefusedError extends Error {
  constructor(
    readonly field: string,
    readonly reason: DataRefusal,
    /** For "unreadable": what the getter threw. */
    readonly thrown?: string,
  ) {
    super(`"${field}": ${REFUSAL_MESSAGES[reason]}${thrown === undefined ? "" : `: ${thrown}`}`);
  }
  /** The quarantine's message and issues for the input `kind` whose data this was. */
  quarantine(kind: "record" | "event"): { message: string; issues: FieldIssue[] } {
    const path = (kind === "record" ? "record" : "properties") + (this.field === "" ? "" : `.${this.field}`);
    const issue = { path, message: REFUSAL_MESSAGES[this.reason] + (this.thrown === undefined ? "" : `: ${this.thrown}`) };
    return { message: `Invalid input: "${path}": ${issue.message}.`, issues: [issue] };
  }
}

/** Thrown from where a value is refused up to the field it belongs to (no path built on the way). */
class Refused {
  constructor(readonly reason: DataRefusal) {}
}
const TOO_DEEP = new Refused("too-deep");
const INVALID_DATE = new Refused("invalid-date");
const TOO_MANY = new Refused("too-many-objects");

/** Objects the copy or check under way may still visit (one at a time: both are synchronous). */
let objectsLeft = 0;

function copyValue(v: unknown, left: number): unknown {
  if (v === null || typeof v !== "object") return v;
  if (--objectsLeft < 0) throw TOO_MANY;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw INVALID_DATE;
    return v.toISOString();
  }
  if (left === 0) throw TOO_DEEP;
  if (Array.isArray(v)) return v.map((x) => copyValue(x, left - 1));
  return copyObject(v as Record<string, unknown>, left - 1);
}

function copyObject(obj: Record<string, unknown>, left: number): CustomerRecord {
  const out: CustomerRecord = {};
  // for-in + own check visits exactly Object.keys(obj), in its order, without the key array.
  for (const k in obj) {
    if (!hasOwn(obj, k)) continue;
    const v = copyValue(obj[k], left);
    if (v !== undefined && typeof v !== "function" && typeof v !== "symbol") setData(out, k, v);
  }
  return out;
}

/** Whether `v` could be read as its copy would be: no Date, within depth and the object budget. */
function plainFits(v: unknown, left: number): boolean {
  if (v === null || typeof v !== "object") return true;
  if (--objectsLeft < 0 || v instanceof Date || left === 0) return false;
  for (const k in v) if (hasOwn(v, k) && !plainFits((v as Record<string, unknown>)[k], left - 1)) return false;
  return true;
}

/**
 * Whether `obj` can be read in place as {@link dataCopy} would copy it, without copying: no field
 * nested deeper than {@link MAX_DATA_DEPTH}, no more than {@link MAX_DATA_OBJECTS} objects, and no
 * `Date` (a copy holds it as ISO text). For the lanes that read data in place; data that is not
 * goes the full way, to be copied or quarantined there.
 */
export function readableInPlace(obj: Record<string, unknown>): boolean {
  // Saved and restored: a host getter could call the runtime again in the middle of the walk.
  const outer = objectsLeft;
  objectsLeft = MAX_DATA_OBJECTS;
  try {
    for (const k in obj) if (hasOwn(obj, k) && !plainFits(obj[k], MAX_DATA_DEPTH)) return false;
  } catch {
    return false; // a getter or proxy that throws: the full way quarantines it
  } finally {
    objectsLeft = outer;
  }
  return true;
}

/**
 * A deep, plain copy of a host object: keys such as `__proto__` become own data
 * properties; a valid `Date` becomes its ISO text; other values are kept as given (so validation
 * sees a `NaN` as a `NaN`). Throws {@link DataRefusedError} for a field nested deeper than
 * {@link MAX_DATA_DEPTH}, holding an invalid `Date`, or past {@link MAX_DATA_OBJECTS} objects.
 *
 * @example
 * ```ts
 * dataCopy(JSON.parse('{"__proto__": {"admin": true}}')); // an own "__proto__" field, no prototype change
 * ```
 */
export function dataCopy(obj: Record<string, unknown>): CustomerRecord {
  const out: CustomerRecord = {};
  // Saved and restored: a host getter could call the runtime again in the middle of the copy.
  const outer = objectsLeft;
  objectsLeft = MAX_DATA_OBJECTS;
  let k = "";
  try {
    for (k in obj) {
      if (!hasOwn(obj, k)) continue;
      let v: unknown;
      try {
        v = copyValue(obj[k], MAX_DATA_DEPTH);
      } catch (e) {
        // Anything else thrown while reading the host's data came from a getter or a proxy of it.
        throw e instanceof Refused ? new DataRefusedError(k, e.reason) : new DataRefusedError(k, "unreadable", messageOf(e));
      }
      if (v !== undefined && typeof v !== "function" && typeof v !== "symbol") setData(out, k, v);
    }
  } catch (e) {
    // The object itself a proxy whose keys cannot be listed: the whole of it is unreadable.
    throw e instanceof DataRefusedError ? e : new DataRefusedError("", "unreadable", messageOf(e));
  } finally {
    objectsLeft = outer;
  }
  return out;
}

/** The result of a check that found nothing: shared (nearly every input), never added to. */
const NO_ISSUES: readonly FieldIssue[] = Object.freeze([]);

/** Issues of the declared fields `given` carries (absent fields are not checked here). */
export function checkGiven(schema: FieldsSchema, given: CustomerRecord, prefix: string): readonly FieldIssue[] {
  let issues: FieldIssue[] | null = null;
  for (let i = 0; i < schema.fields.length; i++) {
    const name = schema.fields[i]![0];
    const zs = schema.fields[i]![1];
    if (!hasOwn(given, name)) continue;
    const v = given[name];
    if (v === null) continue; // null clears an optional field; a required one is caught below
    if (schema.quick[i]![1](v)) continue; // obviously valid: zod would agree
    const r = zs.safeParse(v);
    if (!r.success) (issues ??= []).push({ path: prefix + name, message: r.error.issues[0]?.message ?? "invalid value" });
  }
  return issues ?? NO_ISSUES;
}

/** Issues for required fields missing from `merged`. */
export function checkRequired(schema: FieldsSchema, merged: CustomerRecord, prefix: string): readonly FieldIssue[] {
  let issues: FieldIssue[] | null = null;
  for (let i = 0; i < schema.fields.length; i++) {
    const name = schema.fields[i]![0];
    const required = schema.fields[i]![2];
    if (required && (!hasOwn(merged, name) || merged[name] === null || merged[name] === undefined)) {
      (issues ??= []).push({ path: prefix + name, message: "Required field is missing" });
    }
  }
  return issues ?? NO_ISSUES;
}

/**
 * Checking records and events against declared schemas (S4–S7), returning field issues instead
 * of throwing, and copying inputs into null-prototype objects (no prototype pollution).
 */
import { setData } from "../data.js";
import type { FieldIssue } from "../errors.js";
import type { CustomerRecord } from "../store/types.js";
import type { FieldsSchema } from "./schemas.js";

function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function copyValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyValue);
  if (v !== null && typeof v === "object" && !(v instanceof Date)) return dataCopy(v as Record<string, unknown>);
  if (v instanceof Date) return v.toISOString();
  return v;
}

/**
 * A deep, plain copy of a host object: keys such as `__proto__` become own data
 * properties; values are kept as given (so validation sees a `NaN` as a `NaN`).
 */
export function dataCopy(obj: Record<string, unknown>): CustomerRecord {
  const out: CustomerRecord = {};
  // for-in + own check visits exactly Object.keys(obj), in its order, without the key array.
  for (const k in obj) {
    if (!hasOwn(obj, k)) continue;
    const v = copyValue(obj[k]);
    if (v !== undefined && typeof v !== "function" && typeof v !== "symbol") setData(out, k, v);
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

/**
 * Valid date literals
 *
 * A `date "..."` literal is an ISO-8601 date or date-time that exists on the calendar.
 */
import type { DateLiteral } from "../../ast.js";
import type { ValidationContext } from "../context.js";

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/** Whether `text` is a real ISO-8601 date (rejects `2024-02-30`, which `Date.parse` would roll over). */
export function isIsoDate(text: string): boolean {
  const m = ISO.exec(text);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false;
  return !Number.isNaN(Date.parse(text));
}

export function ValidDatesRule(context: ValidationContext): void {
  const check = (literal: DateLiteral): void => {
    if (!isIsoDate(literal.value)) {
      context.report("JRN208", literal.loc, `"${literal.value}" is not a valid date.`, 'Write dates as ISO-8601: `date "2024-01-31"` or `date "2024-01-31T09:00:00Z"`.');
    }
  };
  for (const { atom } of context.bound.tests) {
    const t = atom.test;
    if (t?.kind === "CompareTest" && t.value?.kind === "DateLiteral") check(t.value);
    if (t?.kind === "InTest") for (const v of t.values) if (v.kind === "DateLiteral") check(v);
    if (t?.kind === "ContainsTest" && t.value?.kind === "DateLiteral") check(t.value);
  }
  for (const { action } of context.bound.actions) {
    if (action.kind === "Set" && action.value?.kind === "DateLiteral") check(action.value);
    if (action.kind === "Send") for (const p of action.data ?? []) if (p.value?.kind === "DateLiteral") check(p.value);
  }
}

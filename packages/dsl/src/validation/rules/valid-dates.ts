/**
 * Valid date literals
 *
 * A `date "..."` literal is an ISO-8601 date (midnight UTC) or a date-time with `Z` or an offset,
 * and exists on the calendar: a date-time without an offset would mean a different instant on
 * every machine that runs the journey.
 */
import type { DateLiteral } from "../../ast.js";
import type { ValidationContext } from "../context.js";

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Whether `text` is a real ISO-8601 date, or date-time with `Z` or an offset (rejects `2024-02-30`,
 * which `Date.parse` would roll over, and `2024-01-31T09:00`, which it would read in local time).
 */
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
      context.report("JRN208", literal.loc, `"${literal.value}" is not a valid date.`, 'Write dates as ISO-8601: `date "2024-01-31"` (midnight UTC) or a date-time with `Z` or an offset, as in `date "2024-01-31T09:00:00Z"`.');
    }
  };
  // Diagnostics are sorted by position afterwards, so the order of these loops does not show.
  for (const { atom } of context.testsOf("CompareTest")) if (atom.test.value?.kind === "DateLiteral") check(atom.test.value);
  for (const { atom } of context.testsOf("InTest")) for (const v of atom.test.values) if (v.kind === "DateLiteral") check(v);
  for (const { atom } of context.testsOf("ContainsTest")) if (atom.test.value?.kind === "DateLiteral") check(atom.test.value);
  for (const { action } of context.actionsOf("Set")) if (action.value?.kind === "DateLiteral") check(action.value);
  for (const { action } of context.actionsOf("Send")) for (const p of action.data ?? []) if (p.value?.kind === "DateLiteral") check(p.value);
}

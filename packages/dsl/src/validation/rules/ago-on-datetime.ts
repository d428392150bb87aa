/**
 * Ago on datetimes
 *
 * `more than D ago` / `less than D ago` apply only to datetime fields and properties.
 */
import type { ValidationContext } from "../context.js";
import { typeName } from "../types.js";

export function AgoOnDatetimeRule(context: ValidationContext): void {
  for (const { atom, operandType, operandName } of context.testsOf("AgoTest")) {
    const test = atom.test;
    if (operandType === undefined || operandType.valueType === "datetime") continue;
    context.report("JRN204", test.loc, `"${test.op} than ... ago" needs a datetime, but "${operandName}" is ${typeName(operandType)}.`, "Use it on a `datetime` field, e.g. `last_order_at more than 30 days ago`.");
  }
}

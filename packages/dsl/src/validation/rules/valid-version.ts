/**
 * Valid version
 *
 * `version` is a positive whole number.
 */
import type { ValidationContext } from "../context.js";

export function ValidVersionRule(context: ValidationContext): void {
  const v = context.bound.ast.version;
  if (v === undefined || (Number.isInteger(v.value) && v.value > 0)) return;
  context.report("JRN406", v.loc, `Version ${v.value} is not a positive whole number.`, "Use `version 1`, then increase it with each published change.");
}

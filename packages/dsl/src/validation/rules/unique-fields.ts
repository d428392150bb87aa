/**
 * Unique customer fields
 *
 * No two customer fields share a name (across all `customer` blocks).
 */
import type { ValidationContext } from "../context.js";
import { reportDuplicates } from "../duplicates.js";

export function UniqueFieldsRule(context: ValidationContext): void {
  reportDuplicates(context, context.bound.ast.customer.map((f) => f.name), "JRN111", (n) => `Customer field "${n}" is already defined.`, "Remove the second declaration or rename it.");
}

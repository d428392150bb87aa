/**
 * Unique events
 *
 * No two events share a name.
 */
import type { ValidationContext } from "../context.js";
import { reportDuplicates } from "../duplicates.js";

export function UniqueEventsRule(context: ValidationContext): void {
  reportDuplicates(context, context.bound.ast.events.map((e) => e.name), "JRN112", (n) => `Event "${n}" is already defined.`, "Declare each event once, with all its properties.");
}

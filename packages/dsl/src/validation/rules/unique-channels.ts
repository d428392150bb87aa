/**
 * Unique channels
 *
 * A channel is listed once.
 */
import type { ValidationContext } from "../context.js";
import { reportDuplicates } from "../duplicates.js";

export function UniqueChannelsRule(context: ValidationContext): void {
  reportDuplicates(context, context.bound.ast.channels, "JRN116", (n) => `Channel "${n}" is already listed.`, "Remove the repeated channel.");
}

/**
 * Unique event properties
 *
 * No two properties of one event share a name.
 */
import type { ValidationContext } from "../context.js";
import { reportDuplicates } from "../duplicates.js";

export function UniqueEventPropertiesRule(context: ValidationContext): void {
  for (const event of context.bound.ast.events) {
    const owner = event.name?.name ?? "?";
    reportDuplicates(context, event.properties.map((p) => p.name), "JRN113", (n) => `Property "${n}" of event "${owner}" is already defined.`, "Remove the second declaration or rename it.");
  }
}

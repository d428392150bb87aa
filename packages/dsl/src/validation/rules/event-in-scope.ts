/**
 * Event properties in scope
 *
 * `event.prop` may only be read where an event is in scope: in a condition that names an event,
 * in an `on event` block, or in a stage that event-driven transitions lead into.
 */
import type { ValidationContext } from "../context.js";

export function EventInScopeRule(context: ValidationContext): void {
  for (const ref of context.referencesOf("property")) {
    if (ref.resolved || (ref.events ?? []).length > 0) continue;
    const written = ref.dotted === false ? ref.id.name : `event.${ref.id.name}`;
    context.report(
      "JRN207",
      ref.id.loc,
      `"${written}" is used where no event is in scope.`,
      "Read event properties in a condition that names the event (`event purchase with value > 0`), in an `on event` block, or in a stage entered by an event-driven transition.",
    );
  }
}

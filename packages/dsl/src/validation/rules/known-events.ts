/**
 * Known events
 *
 * Every event named in a condition or an `on event` block must be declared with `event`.
 */
import type { ValidationContext } from "../context.js";
import { reportUnknown } from "../unknown-names.js";

export function KnownEventsRule(context: ValidationContext): void {
  reportUnknown(context, "event", "JRN104", "event", () => context.bound.symbols.events.keys(), (name) =>
    `Declare it with \`event ${name}\` or use the name of a declared event.`,
  );
}

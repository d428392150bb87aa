/**
 * Known event properties
 *
 * Every event property read (`event.prop`, or a bare name inside `with`) must be declared on an event in scope.
 */
import type { ValidationContext } from "../context.js";
import { didYouMean } from "../../suggest.js";

export function KnownEventPropertiesRule(context: ValidationContext): void {
  const { symbols } = context.bound;
  for (const ref of context.referencesOf("property")) {
    const events = ref.events ?? [];
    // With no event in scope the problem is the scope (JRN207), not the name.
    if (ref.resolved || events.length === 0) continue;
    const known = events.filter((e) => symbols.events.has(e));
    if (known.length === 0) continue; // the event itself is unknown (JRN104)
    const name = ref.id.name;
    const candidates = known.flatMap((e) => [...(symbols.events.get(e)?.properties.keys() ?? [])]);
    const where = known.length === 1 ? `event "${known[0]}"` : `events ${known.map((e) => `"${e}"`).join(", ")}`;
    context.report(
      "JRN105",
      ref.id.loc,
      `Unknown property "${name}" of ${where}.${didYouMean(name, candidates)}`,
      `Declare it in \`event ${known[0]} { ${name} <type> }\` or use a declared property.`,
    );
  }
}

/**
 * Known stages
 *
 * Every stage named by `go to`, a transition or `goal stage` must be declared in the journey.
 */
import type { ValidationContext } from "../context.js";
import { reportUnknown } from "../unknown-names.js";

export function KnownStagesRule(context: ValidationContext): void {
  reportUnknown(context, "stage", "JRN101", "stage", () => context.bound.symbols.stages.keys(), (name) =>
    `Declare it with \`stage ${name} { ... }\` or use the name of a declared stage.`,
  );
}

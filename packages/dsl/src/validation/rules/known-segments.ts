/**
 * Known segments
 *
 * Every bare name used as a condition must be a declared segment.
 */
import type { ValidationContext } from "../context.js";
import { reportUnknown } from "../unknown-names.js";

export function KnownSegmentsRule(context: ValidationContext): void {
  reportUnknown(context, "segment", "JRN103", "segment", () => context.bound.symbols.segments.keys(), (name) =>
    `Declare it with \`segment ${name} = <condition>\`, or compare a field (\`${name} == ...\`).`,
  );
}

/**
 * Known segments
 *
 * Every bare name used as a condition must be a declared segment.
 */
import type { ValidationContext } from "../context.js";
import { reportUnknown } from "../unknown-names.js";

export function KnownSegmentsRule(context: ValidationContext): void {
  const { fields } = context.bound.symbols;
  reportUnknown(context, "segment", "JRN103", "segment", () => context.bound.symbols.segments.keys(), (name) => {
    const field = fields.get(name)?.type;
    // A yes/no field written as a bare condition is the common slip: say how to test it.
    if (field?.valueType === "boolean") return `"${name}" is a yes/no customer field: write \`${name} == yes\`.`;
    if (field !== undefined) return `"${name}" is a customer field: compare it, e.g. \`${name} is set\`.`;
    return `Declare it with \`segment ${name} = <condition>\`, or compare a field (\`${name} == ...\`).`;
  });
}

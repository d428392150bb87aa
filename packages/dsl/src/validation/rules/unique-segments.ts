/**
 * Unique segments
 *
 * No two segments share a name.
 */
import type { ValidationContext } from "../context.js";
import { reportDuplicates } from "../duplicates.js";

export function UniqueSegmentsRule(context: ValidationContext): void {
  reportDuplicates(context, context.bound.ast.segments.map((s) => s.name), "JRN114", (n) => `Segment "${n}" is already defined.`, "Rename one of the segments, or combine their conditions with `or`.");
}

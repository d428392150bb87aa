/**
 * Journey has stages
 *
 * A journey declares at least one stage.
 */
import type { ValidationContext } from "../context.js";

export function HasStagesRule(context: ValidationContext): void {
  const { ast } = context.bound;
  if (ast.stages.length > 0) return;
  const span = ast.name?.loc ?? { start: ast.loc.start, end: ast.loc.start };
  context.report("JRN306", span, "The journey has no stages.", "Add at least one stage, e.g. `stage welcome initial { ... }`.");
}

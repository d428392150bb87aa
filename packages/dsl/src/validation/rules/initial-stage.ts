/**
 * One initial stage
 *
 * Exactly one stage is marked `initial`: enrolled customers start there.
 */
import type { ValidationContext } from "../context.js";

export function InitialStageRule(context: ValidationContext): void {
  const { stages } = context.bound.ast;
  if (stages.length === 0) return; // JRN306
  const initial = stages.filter((s) => s.initial);
  const [first, ...rest] = initial;
  if (first === undefined) {
    const s = stages[0]!;
    context.report("JRN301", s.name?.loc ?? s.loc, "No stage is marked initial.", `Mark the stage customers start in with \`initial\`, e.g. \`stage ${s.name?.name ?? "welcome"} initial { ... }\`.`);
    return;
  }
  for (const s of rest) {
    context.report("JRN302", s.name?.loc ?? s.loc, `Stage "${s.name?.name ?? "?"}" is also marked initial.`, "Keep `initial` on one stage only.", [
      { message: "first initial stage here", span: first.name?.loc ?? first.loc },
    ]);
  }
}

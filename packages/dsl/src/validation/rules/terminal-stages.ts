/**
 * Terminal stages end the journey
 *
 * A `terminal` stage has no transitions, no `after` / `every` / `on event` / `on exit` blocks
 * and no `go to` actions: entering it completes the enrolment.
 */
import { forEachAction } from "../../bind.js";
import type { ValidationContext } from "../context.js";

export function TerminalStagesRule(context: ValidationContext): void {
  for (const stage of context.bound.ast.stages) {
    if (!stage.terminal) continue;
    const name = stage.name?.name ?? "?";
    const hint = "Remove it, or drop `terminal` if customers can still move on from this stage.";
    for (const t of stage.transitions) {
      context.report("JRN305", t.loc, `Terminal stage "${name}" cannot have transitions.`, hint);
    }
    for (const block of stage.blocks) {
      const kind = block.trigger.kind;
      if (kind === "AfterTrigger" || kind === "EveryTrigger" || kind === "EventTrigger") {
        const what = kind === "AfterTrigger" ? "after" : kind === "EveryTrigger" ? "every" : "on event";
        context.report("JRN305", block.trigger.loc, `Terminal stage "${name}" cannot have "${what}" blocks.`, hint);
        continue;
      }
      if (kind === "ExitTrigger") {
        // Nobody leaves a terminal stage, so these actions would silently never run.
        context.report(
          "JRN305",
          block.trigger.loc,
          `Terminal stage "${name}" cannot have "on exit" blocks: it is never left, so they would never run.`,
          "Move the actions to `on enter`, or drop `terminal` if customers can still move on from this stage.",
        );
        continue;
      }
      forEachAction(block.actions, (a) => {
        if (a.kind === "GoTo") context.report("JRN305", a.loc, `Terminal stage "${name}" cannot move customers on with "go to".`, hint);
      });
    }
  }
}

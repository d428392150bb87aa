/**
 * No go to on exit
 *
 * An `on exit` block cannot contain `go to`: the customer is already moving to another stage.
 */
import type { ValidationContext } from "../context.js";

export function NoGotoOnExitRule(context: ValidationContext): void {
  for (const { action, block, stage } of context.actionsOf("GoTo")) {
    if (block.trigger.kind !== "ExitTrigger" || stage.terminal) continue;
    context.report("JRN307", action.loc, `"go to" cannot be used in the "on exit" block of stage "${stage.name?.name ?? "?"}".`, "Move it to a transition (`go to X when ...`) or to another block.");
  }
}

/**
 * Reachable stages
 *
 * Every stage can be reached from the initial stage through transitions and `go to` actions.
 */
import type { BoundJourney } from "../../bind.js";
import type { ValidationContext } from "../context.js";
import { reachableStages } from "../reachability.js";

/** Stages reachable from the (first) initial stage; `undefined` when there is no initial stage. */
export function boundReachableStages(bound: BoundJourney): Set<string> | undefined {
  const initial = bound.ast.stages.find((s) => s.initial)?.name?.name;
  if (initial === undefined) return undefined;
  const { stages } = bound.symbols;
  return reachableStages(initial, (name) =>
    stages.get(name)?.terminal === true ? [] : (bound.edges.get(name) ?? []).map((id) => id.name).filter((n) => stages.has(n)),
  );
}

export function ReachableStagesRule(context: ValidationContext): void {
  const reachable = boundReachableStages(context.bound);
  if (reachable === undefined) return;
  for (const [name, stage] of context.bound.symbols.stages) {
    if (reachable.has(name)) continue;
    context.report("JRN303", stage.name?.loc ?? stage.loc, `Stage "${name}" cannot be reached from the initial stage.`, `Add a transition into it (\`go to ${name} when ...\`) from a reachable stage, or remove it.`);
  }
}

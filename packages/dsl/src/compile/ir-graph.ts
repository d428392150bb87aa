/**
 * The stage graph of a compiled journey, as the runtime can move through it: the edges of
 * each non-terminal stage are its transitions' targets and its `go to` actions' targets.
 */
import type { JourneyIR } from "../ir/schema.js";
import { reachableStages } from "../validation/reachability.js";
import { gotoTargets } from "./to-xstate.js";

/** Successor stages of every stage, keyed by name. */
export function irSuccessors(ir: JourneyIR): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const stage of ir.stages) {
    edges.set(stage.name, stage.terminal ? [] : [...stage.transitions.map((t) => t.target), ...gotoTargets(stage)]);
  }
  return edges;
}

/**
 * Stages reachable from the IR's initial stage.
 *
 * @example
 * ```ts
 * irReachableStages(ir).has("lost");
 * ```
 */
export function irReachableStages(ir: JourneyIR): Set<string> {
  const edges = irSuccessors(ir);
  return reachableStages(ir.initial, (s) => edges.get(s) ?? []);
}

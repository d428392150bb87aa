/**
 * Explores a compiled machine with XState's own graph utilities, so the reachability rule is
 * checked against an independent implementation. Guards are made nondeterministic by letting
 * each test event choose the one transition it enables (`choose: <transition id>`).
 */
import { createMachine, type AnyStateMachine } from "xstate";
import { getShortestPaths } from "xstate/graph";
import { gotoTargets, type JourneyXStateConfig } from "../../src/compile/to-xstate.js";
import { collectEvents } from "../../src/ir/conditions.js";
import type { JourneyIR } from "../../src/ir/schema.js";

interface ChoiceEvent {
  type: string;
  choose?: string;
  timer?: string;
}

export function exploringMachine(config: JourneyXStateConfig): AnyStateMachine {
  // The config is plain JSON by design; XState's generic config type cannot describe it statically.
  return createMachine(config as never).provide({
    guards: {
      cond: ({ event }: { event: ChoiceEvent }, params: { id: string }) => event.choose === params.id,
      timer: ({ event }: { event: ChoiceEvent }, params: { id: string }) => event.timer === params.id,
    },
    actions: { action: () => undefined },
  } as never);
}

/** Every event that can enable some edge of the machine. */
export function explorationEvents(ir: JourneyIR): ChoiceEvent[] {
  const events: ChoiceEvent[] = [];
  for (const stage of ir.stages) {
    for (const t of stage.transitions) {
      if (t.eventDriven) for (const e of collectEvents(t.when, new Set())) events.push({ type: `event.${e}`, choose: t.id });
      else events.push({ type: "record", choose: t.id });
    }
    for (const target of gotoTargets(stage)) events.push({ type: `goto.${target}` });
    for (const b of [...stage.after, ...stage.every]) events.push({ type: "timer", timer: b.id });
  }
  return events;
}

/** The stages XState's `getShortestPaths` reaches from the initial state. */
export function xstateReachable(ir: JourneyIR, config: JourneyXStateConfig): Set<string> {
  const machine = exploringMachine(config);
  const paths = getShortestPaths(machine, { events: explorationEvents(ir) as never });
  return new Set(paths.map((p) => String((p.state as { value: unknown }).value)));
}

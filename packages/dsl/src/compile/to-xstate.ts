/**
 * JourneyIR → a plain-JSON XState v5 machine config (spec §4), plus the tables a runtime uses
 * to bind the config's guard and action ids back to IR conditions and actions.
 *
 * The config holds no functions: guards and actions are `{ type, params: { id } }` objects the
 * runtime implements with `setup({ guards, actions })` or `machine.provide(...)`.
 */
import type { Action, Condition, EventBlock, JourneyIR, Stage, TimedBlock, Transition } from "../ir/schema.js";
import { collectEvents } from "../ir/conditions.js";

/** `{ type: "action", params: { id } }`: run the IR action with this id (see `XStateBindings.actions`). */
export interface XActionRef {
  readonly type: "action";
  readonly params: { readonly id: string };
}

/** `{ type: "cond", params: { id } }`: the IR transition `id`'s `when` holds. */
export interface XCondGuard {
  readonly type: "cond";
  readonly params: { readonly id: string };
}

/** `{ type: "timer", params: { id } }`: the event is `{ type: "timer", timer: id }`. */
export interface XTimerGuard {
  readonly type: "timer";
  readonly params: { readonly id: string };
}

export interface XTransition {
  readonly target?: string;
  readonly guard?: XCondGuard | XTimerGuard;
  readonly actions: readonly XActionRef[];
}

export interface XStateNode {
  readonly type?: "final";
  readonly entry: readonly XActionRef[];
  readonly on?: Readonly<Record<string, readonly XTransition[]>>;
  readonly always?: readonly XTransition[];
}

/**
 * The machine config `toXStateConfig` returns. Shape, precisely:
 *
 * - `id`: the journey id; `initial`: the initial stage; `states`: one flat state per stage,
 *   keyed by stage name. No context, no nested states, no delays, no functions.
 * - A terminal stage is `{ type: "final", entry }`: it has no transitions.
 * - `entry`: the stage's `on enter` actions, in source order. `on exit` actions are NOT a state
 *   `exit`: they are appended to the `actions` of every transition that leaves the stage, after
 *   the event-block actions, so the order is the fast path's (event blocks, on exit, on enter).
 * - `on["event.<name>"]` (events arrive as `{ type: "event.<name>", ...properties }`): in the
 *   stage's source order, one entry per transition that can fire on this event, i.e. whose
 *   `when` mentions the event (`eventDriven`) or mentions no event at all (condition-only, so a
 *   time condition that became true before the event is still tried in source order). Each is
 *   `{ target, guard: { type: "cond", params: { id: transitionId } }, actions: [...eventBlock,
 *   ...onExit] }` where `eventBlock` lists, in order, the actions of every `on event <name>`
 *   block of the stage. When the stage has such blocks, a last targetless entry
 *   `{ actions: [...eventBlock] }` runs them when no transition fires. An engine must check each
 *   event-block action's block `where` (`XStateBindings.actions[id].where`) itself, and — since
 *   XState evaluates a guard before the entry's actions run while the fast path runs the blocks
 *   first (§3 steps 7–8) — evaluate `cond` guards of these entries against the record as the
 *   event's blocks would leave it.
 * - `on.timer` (`{ type: "timer", timer: "<block id>" }`): one targetless entry per `after` /
 *   `every` block, `{ guard: { type: "timer", params: { id: blockId } }, actions }`. The wake
 *   timer (`timer: "wake"`) and record updates (`{ type: "record" }`) match no `on` entry; XState
 *   then evaluates `always`, which is what re-checks time and record conditions.
 * - `on["goto.<stage>"]`: `{ target: "<stage>", actions: [...onExit] }` for every `go to` action
 *   anywhere in the stage's blocks (splits included). The engine implements a `goto` action by
 *   raising `{ type: "goto.<target>" }` once its `when` holds.
 * - `always`: the condition-only transitions (`eventDriven: false`) in source order, each
 *   `{ target, guard: cond(transitionId), actions: [...onExit] }`. XState passes the triggering
 *   event to `always` guards; condition-only guards never read it.
 *
 * Every action object is `{ type: "action", params: { id } }` with an IR action id; a `split`
 * action's id stands for the whole split (the engine picks the arm and runs its actions).
 */
export interface JourneyXStateConfig {
  readonly id: string;
  readonly initial: string;
  readonly states: Readonly<Record<string, XStateNode>>;
}

/** Where an action id came from, and the block filter an engine must apply before running it. */
export interface BoundAction {
  readonly action: Action;
  readonly stage: string;
  /** The enclosing block id (`"<stage>/enter"`, `"<stage>/after:1h"`, an event block id, ...). */
  readonly block: string;
  /** For actions of `on event X with c` blocks: `c`, to check against the event before running. */
  readonly where?: Condition;
}

/** Lookup tables from the config's ids back to the IR. */
export interface XStateBindings {
  /** Transition id (a `cond` guard's `params.id`) → its condition. */
  readonly conditions: Readonly<Record<string, Condition>>;
  /** Top-level action id (an `action`'s `params.id`) → the action and its block. */
  readonly actions: Readonly<Record<string, BoundAction>>;
  /** Timed block id (a `timer` guard's `params.id`) → the block, its stage and kind. */
  readonly timers: Readonly<Record<string, { readonly stage: string; readonly kind: "after" | "every"; readonly block: TimedBlock }>>;
}

const ref = (id: string): XActionRef => ({ type: "action", params: { id } });
const cond = (id: string): XCondGuard => ({ type: "cond", params: { id } });

/**
 * Compiles an IR to a plain-JSON XState v5 machine config (see `JourneyXStateConfig`).
 *
 * @example
 * ```ts
 * import { createMachine } from "xstate";
 * const config = toXStateConfig(ir);
 * const machine = createMachine(config).provide({ guards: { cond: ..., timer: ... }, actions: { action: ... } });
 * ```
 */
export function toXStateConfig(ir: JourneyIR): JourneyXStateConfig {
  const states: Record<string, XStateNode> = Object.create(null);
  for (const stage of ir.stages) states[stage.name] = stageNode(stage);
  return { id: ir.journey.id, initial: ir.initial, states };
}

function stageNode(stage: Stage): XStateNode {
  const entry = stage.onEnter.map((a) => ref(a.id));
  if (stage.terminal) return { type: "final", entry };
  const onExit = stage.onExit.map((a) => ref(a.id));
  const on: Record<string, XTransition[]> = {};

  for (const event of eventsOf(stage)) {
    const blockActions = stage.onEvent.filter((b) => b.event === event).flatMap((b) => b.actions.map((a) => ref(a.id)));
    const entries: XTransition[] = stage.transitions
      .filter((t) => !t.eventDriven || mentionsEvent(t.when, event))
      .map((t) => ({ target: t.target, guard: cond(t.id), actions: [...blockActions, ...onExit] }));
    if (blockActions.length > 0) entries.push({ actions: blockActions });
    on[`event.${event}`] = entries;
  }

  const timed = [...stage.after, ...stage.every];
  if (timed.length > 0) {
    on.timer = timed.map((b) => ({
      guard: { type: "timer", params: { id: b.id } },
      actions: b.actions.map((a) => ref(a.id)),
    }));
  }

  for (const target of gotoTargets(stage)) {
    on[`goto.${target}`] = [{ target, actions: onExit }];
  }

  const always = stage.transitions
    .filter((t) => !t.eventDriven)
    .map((t) => ({ target: t.target, guard: cond(t.id), actions: onExit }));

  const node: { -readonly [K in keyof XStateNode]: XStateNode[K] } = { entry };
  if (Object.keys(on).length > 0) node.on = on;
  if (always.length > 0) node.always = always;
  return node;
}

/** Events the stage reacts to (transition conditions and `on event` blocks), in first-seen order. */
function eventsOf(stage: Stage): string[] {
  const seen = new Set<string>();
  for (const t of stage.transitions) if (t.eventDriven) collectEvents(t.when, seen);
  for (const b of stage.onEvent) seen.add(b.event);
  return [...seen];
}


function mentionsEvent(c: Condition, event: string): boolean {
  return collectEvents(c, new Set()).has(event);
}

/** Targets of `go to` actions anywhere in a stage's blocks (splits included), first-seen order. */
export function gotoTargets(stage: Stage): string[] {
  const targets = new Set<string>();
  const visit = (actions: readonly Action[]): void => {
    for (const a of actions) {
      if (a.kind === "goto") targets.add(a.target);
      else if (a.kind === "split") for (const v of a.variants) visit(v.actions);
    }
  };
  visit(stage.onEnter);
  visit(stage.onExit);
  for (const b of [...stage.after, ...stage.every, ...stage.onEvent]) visit(b.actions);
  return [...targets];
}

/**
 * The lookup tables a runtime needs to implement the config's guards and actions.
 *
 * @example
 * ```ts
 * const { conditions, actions } = xstateBindings(ir);
 * setup({ guards: { cond: ({ context, event }, { id }) => evaluate(conditions[id], context, event) } });
 * ```
 */
export function xstateBindings(ir: JourneyIR): XStateBindings {
  const conditions: Record<string, Condition> = {};
  const actions: Record<string, BoundAction> = {};
  const timers: Record<string, { stage: string; kind: "after" | "every"; block: TimedBlock }> = {};
  for (const stage of ir.stages) {
    for (const t of stage.transitions as Transition[]) conditions[t.id] = t.when;
    const bind = (block: string, list: readonly Action[], where?: Condition): void => {
      for (const action of list) {
        actions[action.id] = where === undefined ? { action, stage: stage.name, block } : { action, stage: stage.name, block, where };
      }
    };
    bind(`${stage.name}/enter`, stage.onEnter);
    bind(`${stage.name}/exit`, stage.onExit);
    for (const b of stage.after) {
      bind(b.id, b.actions);
      timers[b.id] = { stage: stage.name, kind: "after", block: b };
    }
    for (const b of stage.every) {
      bind(b.id, b.actions);
      timers[b.id] = { stage: stage.name, kind: "every", block: b };
    }
    for (const b of stage.onEvent as EventBlock[]) bind(b.id, b.actions, b.where);
  }
  return { conditions, actions, timers };
}

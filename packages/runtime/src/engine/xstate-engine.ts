/**
 * The XState engine: stage moves chosen by XState v5's pure machine transition over the machine
 * `toXStateConfig(ir)` emits (spec §4), bound with `setup()`. No running actor, no XState timers:
 * the snapshot is resolved from the persisted compact state (`stage`) for each evaluation, and
 * durable timers stay the runtime's.
 *
 * Why `machine.getInitialSnapshot(scope)` / `machine.transition(snapshot, event, scope)` rather
 * than the `initialTransition()` / `transition()` wrappers: those are the same pure functions,
 * but each wrapper call builds a throw-away actor whose constructor eagerly computes the initial
 * snapshot, which re-runs the initial stage's entry bindings (and costs an actor per input).
 * One inert scope per machine, built once, avoids both.
 *
 * Bookkeeping actions are added around the compiler's config: `stageEnter` first and
 * `stageEntered` last in each state's `entry`, `stageExit` last in each targeted transition's
 * actions, and `reenter: true` on targeted transitions. `on event` and timer blocks are run by the shared core before the event is sent
 * (spec §3 steps 5–7 run before transitions), so their action refs are skipped here.
 */
import { assign, createActor, setup, type AnyActorScope, type AnyStateMachine } from "xstate";
import { toXStateConfig, xstateBindings, type JourneyXStateConfig } from "../ir.js";
import type { CustomerRecord } from "../store/types.js";
import { runBlock } from "./actions.js";
import { ConditionCompiler, type Pred } from "./conditions.js";
import type { CAction, CompiledJourney } from "./compiled-journey.js";
import { stageOf, type Frame } from "./frame.js";
import { beginEnter, enterScope, exitScope, finishEnter, finishExit } from "./stage-moves.js";
import { cycleWarning, type MoveEngine } from "./step.js";

/** Per-evaluation scratch shared with the bound guards and actions (transitions are synchronous). */
interface Scratch {
  f: Frame;
  /** The event of this evaluation (seen by the actions of the move that consumes it). */
  event: { type: string; props: CustomerRecord } | null;
  enrolling: boolean;
  trigger: CustomerRecord | null;
  entryTrigger: CustomerRecord | null;
  reason: string;
  blockGoto: { target: number; actionId: string } | null;
  warned: boolean;
}

interface Bound {
  machine: AnyStateMachine;
  scope: AnyActorScope;
}

let current: Scratch | null = null;
const machines = new WeakMap<CompiledJourney, Bound>();

type Json = Record<string, unknown>;

function withBookkeeping(config: JourneyXStateConfig): Json {
  const states: Record<string, Json> = {};
  for (const [name, node] of Object.entries(config.states)) {
    // `reenter: true`: a stage's transition to itself leaves and enters it again (spec §3 step 8),
    // where XState v5 would otherwise treat a self-target as internal and skip exit/entry.
    const addExit = (t: Json): Json => (t.target === undefined ? t : { ...t, reenter: true, actions: [...(t.actions as unknown[]), { type: "stageExit" }] });
    const on: Record<string, Json[]> = {};
    for (const [ev, list] of Object.entries(node.on ?? {})) on[ev] = list.map((t) => addExit(t as unknown as Json));
    states[name] = {
      ...(node.type === undefined ? {} : { type: node.type }),
      entry: [{ type: "stageEnter", params: { stage: name } }, ...node.entry, { type: "stageEntered" }],
      on,
      ...(node.always === undefined ? {} : { always: node.always.map((t) => addExit(t as unknown as Json)) }),
    };
  }
  return { id: config.id, initial: config.initial, context: {}, states };
}

function collectActions(cj: CompiledJourney): Map<string, CAction> {
  const byId = new Map<string, CAction>();
  for (const st of cj.stages) {
    for (const a of [...st.onEnter, ...st.onExit, ...st.after.flatMap((b) => b.actions), ...st.every.flatMap((b) => b.actions), ...st.onEvent.flatMap((b) => b.actions)]) byId.set(a.id, a);
  }
  return byId;
}

/** The evaluation in progress; null while XState builds the inert scope (bindings do nothing then). */
function scratch(): Scratch | null {
  return current;
}

function build(cj: CompiledJourney): Bound {
  const bindings = xstateBindings(cj.ir);
  const cc = new ConditionCompiler(cj.ir.segments);
  const preds = new Map<string, Pred>(Object.entries(bindings.conditions).map(([id, c]) => [id, cc.compile(c)]));
  const actions = collectActions(cj);
  const eventBlocks = new Set(cj.stages.flatMap((s) => s.onEvent.map((b) => b.id)));
  const timedBlocks = new Set(Object.keys(bindings.timers));
  const noop = {};
  const machine = setup({
    guards: {
      cond: (_: unknown, params: { id: string }) => {
        const x = scratch();
        if (x === null) return false;
        const f = x.f;
        if (x.enrolling || f.pendingGoto !== null || f.s.status !== "active") return false;
        const pred = preds.get(params.id);
        if (pred === undefined || !pred(f.ctx)) return false;
        if (f.moves >= f.cap) {
          if (!x.warned) cycleWarning(f);
          x.warned = true;
          return false;
        }
        x.reason = `transition ${params.id}`;
        return true;
      },
      timer: ({ event }: { event: { timer?: string } }, params: { id: string }) => event.timer === params.id,
    },
    actions: {
      action: assign((_: unknown, params: { id: string }) => {
        const x = scratch();
        if (x === null) return noop;
        const f = x.f;
        const b = bindings.actions[params.id];
        const a = actions.get(params.id);
        if (b === undefined || a === undefined || eventBlocks.has(b.block) || timedBlocks.has(b.block)) return noop;
        if (b.block.endsWith("/exit") && b.block === `${b.stage}/exit`) {
          runBlock(f, [a], exitScope(f));
        } else {
          const goto = runBlock(f, [a], enterScope(f, x.entryTrigger));
          if (goto !== null && x.blockGoto === null) x.blockGoto = goto;
        }
        return noop;
      }),
      stageEnter: assign((_: unknown, params: { stage: string }) => {
        const x = scratch();
        if (x === null) return noop;
        const f = x.f;
        const index = f.cj.stageIndex.get(params.stage)!;
        const from = x.enrolling ? -1 : stageOf(f).index;
        const trigger = x.trigger;
        x.trigger = null;
        x.entryTrigger = trigger;
        x.blockGoto = null;
        f.ctx.event = trigger !== null ? x.event : null;
        beginEnter(f, index, from, trigger, x.enrolling ? "enrolled" : x.reason);
        return noop;
      }),
      stageEntered: assign(() => {
        const x = scratch();
        if (x === null) return noop;
        finishEnter(x.f, x.blockGoto);
        x.blockGoto = null;
        x.f.ctx.event = null;
        return noop;
      }),
      stageExit: assign(() => {
        const x = scratch();
        if (x === null) return noop;
        finishExit(x.f, x.reason);
        return noop;
      }),
    },
  } as never).createMachine(withBookkeeping(toXStateConfig(cj.ir)) as never) as unknown as AnyStateMachine;
  const self = createActor(machine);
  const scope = {
    self,
    defer: () => {},
    id: "",
    logger: () => {},
    sessionId: "",
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: () => {},
  } as unknown as AnyActorScope;
  return { machine, scope };
}

function boundFor(cj: CompiledJourney): Bound {
  let b = machines.get(cj);
  if (b === undefined) machines.set(cj, (b = build(cj)));
  return b;
}

function run<T>(f: Frame, event: Scratch["event"], trigger: CustomerRecord | null, enrolling: boolean, fn: (x: Scratch) => T): T {
  const prev = current;
  const x: Scratch = { f, event, enrolling, trigger, entryTrigger: null, reason: "", blockGoto: null, warned: false };
  current = x;
  try {
    return fn(x);
  } finally {
    current = prev;
  }
}

/** The XState engine (`engine: "xstate"`): same results as the compiled engine, by construction of the differential test. */
export const xstateEngine: MoveEngine = {
  name: "xstate",
  enrol(f, trigger) {
    const { machine, scope } = boundFor(f.cj);
    run(f, f.ctx.event, trigger, true, () => {
      machine.getInitialSnapshot(scope);
    });
  },
  settle(f, event) {
    const { machine, scope } = boundFor(f.cj);
    run(f, event, null, false, (x) => {
      let snap = machine.resolveState({ value: stageOf(f).name, context: {} });
      let sentInput = false;
      while (f.s.status === "active") {
        const pg = f.pendingGoto;
        if (pg !== null) {
          if (f.moves >= f.cap) {
            if (!x.warned) cycleWarning(f);
            break;
          }
          f.pendingGoto = null;
          x.reason = `go to action ${pg.actionId}`;
          x.trigger = pg.event;
          f.ctx.event = pg.event !== null ? event : null;
          const before = f.s.stageEntry;
          snap = machine.transition(snap, { type: `goto.${f.cj.stages[pg.target]!.name}` }, scope);
          if (f.s.stageEntry === before) throw new Error(`XState config has no "goto.${f.cj.stages[pg.target]!.name}" in "${String(f.s.stage)}".`);
          sentInput = true;
          continue;
        }
        if (sentInput) break;
        sentInput = true;
        f.ctx.event = event;
        x.trigger = event === null ? null : event.props;
        snap = machine.transition(snap, event === null ? { type: "timer", timer: "wake" } : { type: `event.${event.type}`, ...event.props }, scope);
      }
      f.ctx.event = null;
    });
  },
};

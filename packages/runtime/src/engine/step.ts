/**
 * The pure core: apply ONE input to ONE customer's state in ONE journey (spec §3 steps 4–9).
 * Synchronous and I/O-free; the async runtime wraps it with the store and the handlers.
 */
import type { CustomerRecord, JourneyState, TimerRow } from "../store/types.js";
import { inHoldout } from "../split.js";
import { keyPart, runBlock } from "./actions.js";
import { nextTimeChange } from "./conditions.js";
import type { CompiledJourney } from "./compiled-journey.js";
import { cloneState, Effects, history, initialJourneyState, metric, stageOf, timerId, wakeTimerId, type Frame } from "./frame.js";
import { armBlock, enterStage, exitStage, leaveJourney, reachGoal } from "./stage-moves.js";

/** A validated input as the core sees it. Records and properties are null-prototype objects. */
export type StepInput =
  | { kind: "record" }
  | { kind: "event"; id: string; type: string; props: CustomerRecord }
  | { kind: "timer"; timer: TimerRow };

/**
 * How an engine chooses stage moves. The compiled engine loops over compiled guards; the XState
 * engine runs `initialTransition` / `transition` on the customer's snapshot.
 */
export interface MoveEngine {
  readonly name: "compiled" | "xstate";
  /** Enter the initial stage (enrolment). */
  enrol(f: Frame, trigger: CustomerRecord | null): void;
  /**
   * Apply `f.pendingGoto` if any, else try the current stage's transitions with `event`, then
   * cascade with no event until nothing holds or the cap is reached (S22–S28, S38).
   */
  settle(f: Frame, event: { type: string; props: CustomerRecord } | null): void;
}

/** Every loaded version of one journey id. */
export interface JourneyVersions {
  latest: CompiledJourney;
  byVersion: Map<number, CompiledJourney>;
}

export function cycleWarning(f: Frame): void {
  history(f, "warning", f.s.stage, `cycle: cascade cut after ${f.cap} moves`);
}

/** The compiled (default) engine: the current stage's guard closures, in source order. */
export const compiledEngine: MoveEngine = {
  name: "compiled",
  enrol(f, trigger) {
    enterStage(f, f.cj.initial, -1, trigger, "enrolled");
  },
  settle(f, event) {
    let ev = event;
    while (f.s.status === "active") {
      let target = -1;
      let trigger: CustomerRecord | null = null;
      let reason = "";
      const pg = f.pendingGoto;
      if (pg !== null) {
        f.pendingGoto = null;
        target = pg.target;
        trigger = pg.event;
        reason = `go to action ${pg.actionId}`;
      } else {
        f.ctx.event = ev;
        const ts = stageOf(f).transitions;
        for (let i = 0; i < ts.length; i++) {
          const t = ts[i]!;
          if (t.eventDriven && (ev === null || !t.events.has(ev.type))) continue;
          if (t.when(f.ctx)) {
            target = t.target;
            trigger = ev === null ? null : ev.props;
            reason = t.reason;
            break;
          }
        }
      }
      if (target < 0) break;
      if (f.moves >= f.cap) {
        cycleWarning(f);
        break;
      }
      const from = stageOf(f).index;
      // Only the move that consumes the event sees it (in its exit and enter actions).
      f.ctx.event = trigger !== null ? event : null;
      exitStage(f, reason);
      enterStage(f, target, from, trigger, reason);
      f.ctx.event = null;
      ev = null;
    }
    f.ctx.event = null;
  },
};

function reentryAllows(cj: CompiledJourney, s: JourneyState, now: number): boolean {
  if (s.status === "none") return true;
  const r = cj.ir.reentry;
  if (r.kind === "never") return false;
  if (r.kind === "always") return true;
  return s.endedAt !== null && now >= s.endedAt + r.ms;
}

/** What an input is, in history reasons; built only when a row needs it. */
function describeInput(input: StepInput): string {
  return input.kind === "event" ? `event "${input.type}"` : input.kind === "timer" ? `timer ${input.timer.kind}` : "record upsert";
}

function checkExitAndGoal(f: Frame, input: StepInput): boolean {
  for (let i = 0; i < f.cj.exit.length; i++) {
    if (f.cj.exit[i]!(f.ctx)) {
      leaveJourney(f, `exit rule ${i + 1} (${describeInput(input)})`);
      return false;
    }
  }
  if (f.cj.goalWhen !== null && !f.s.goalReached && f.cj.goalWhen(f.ctx)) reachGoal(f, `goal condition (${describeInput(input)})`);
  return true;
}

function activitySince(s: JourneyState): number {
  return Math.max(s.lastActivityAt ?? Number.NEGATIVE_INFINITY, s.enrolledAt);
}

function fireTimer(f: Frame, timer: TimerRow): boolean {
  const s = f.s;
  if (s.status !== "active" || timer.enrolment !== s.enrolment || timer.version !== s.version) return false;
  if (timer.kind === "wake") {
    s.wakeAt = null; // the fired row is deleted by this commit; re-armed below if still needed
    return true;
  }
  if (timer.stageEntry !== s.stageEntry) return false;
  const st = stageOf(f);
  const block = (timer.kind === "after" ? st.after : st.every).find((b) => b.id === timer.blockId);
  if (block === undefined) return false;
  const label = `${timer.kind} block ${block.id}${timer.kind === "every" ? ` #${timer.seq}` : ""}`;
  const goto = runBlock(f, block.actions, { stage: st.name, eventProps: s.entryEvent, reason: label, suffix: timer.seq > 0 ? String(timer.seq) : "" });
  if (timer.kind === "every") armBlock(f, block.id, "every", s.enteredAt + (timer.seq + 1) * block.ms, timer.seq + 1);
  if (goto !== null) f.pendingGoto = { target: goto.target, actionId: goto.actionId, event: null };
  return true;
}

/** Arm, move or cancel the customer's wake timer for the current stage (S31). */
export function rearmWake(f: Frame): void {
  const s = f.s;
  let next: number | null = null;
  if (s.status === "active") {
    const st = stageOf(f);
    next = nextTimeChange(st.timeAtoms, f.ctx);
    if (!s.goalReached && st.goalTimeAtoms.length > 0) {
      const g = nextTimeChange(st.goalTimeAtoms, f.ctx);
      if (g !== null && (next === null || g < next)) next = g;
    }
  }
  if (next === s.wakeAt) return;
  const id = wakeTimerId(f.cj.id, f.customerId);
  if (next === null) f.fx.cancel(id);
  else
    f.fx.arm({ id, customerId: f.customerId, journeyId: f.cj.id, version: s.version, kind: "wake", blockId: null, dueAt: next, enrolment: s.enrolment, stageEntry: s.stageEntry, seq: 0 });
  s.wakeAt = next;
}

/** Options of {@link stepJourney}. */
export interface StepOptions {
  engine: MoveEngine;
  /** Action kinds besides `send` with a host handler (their actions are queued to the outbox). */
  hostKinds: ReadonlySet<string>;
}

/**
 * Apply one input to one customer in one journey. `record` and `tags` are the customer's working
 * copies (already merged for a record upsert) and are updated in place by actions; the returned
 * state is new. Effects are appended to `fx`.
 *
 * @example
 * ```ts
 * const fx = new Effects();
 * const next = stepJourney(versions, "cus_1", undefined, record, [], { kind: "record" }, now, fx, opts);
 * ```
 */
export function stepJourney(
  versions: JourneyVersions,
  customerId: string,
  prev: JourneyState | undefined,
  record: CustomerRecord,
  tags: string[],
  input: StepInput,
  now: number,
  fx: Effects,
  opts: StepOptions,
): JourneyState {
  // A customer enrolled on a version this runtime did not load is left alone until it is loaded
  // again or the host migrates them (S49): never evaluated against another version's stages.
  if (prev !== undefined && prev.status === "active" && !versions.byVersion.has(prev.version)) return prev;
  const s: JourneyState = prev === undefined ? initialJourneyState(versions.latest.version) : cloneState(prev);
  const active = s.status === "active";
  let cj = (active ? versions.byVersion.get(s.version) : undefined) ?? versions.latest;
  if (!active) s.version = cj.version;
  // The event input itself serves as the `{ type, props }` conditions read.
  const event = input.kind === "event" ? input : null;
  if (event !== null) s.lastActivityAt = s.lastActivityAt === null ? now : Math.max(s.lastActivityAt, now);
  const f: Frame = {
    cj,
    customerId,
    s,
    record,
    tags,
    now,
    ctx: { record, event, eventProps: event?.props ?? null, now, enteredAt: s.enteredAt, activitySince: 0 },
    fx,
    moves: 0,
    cap: cj.stages.length,
    pendingGoto: null,
    hostKinds: opts.hostKinds,
  };
  f.ctx.activitySince = activitySince(s);

  if (input.kind === "timer") {
    if (!fireTimer(f, input.timer)) return s;
  } else if (!active) {
    if ((cj.enroll === null || cj.enroll(f.ctx)) && reentryAllows(cj, s, now)) {
      cj = versions.latest;
      f.cj = cj;
      f.cap = cj.stages.length;
      s.version = cj.version;
      s.status = "active";
      s.enrolment++;
      s.stageEntry = 0;
      s.enrolledAt = now;
      s.endedAt = null;
      s.goalReached = false;
      s.holdout = inHoldout(cj.id, customerId, cj.ir.holdout);
      f.ctx.activitySince = activitySince(s);
      history(f, "enrol", null, event === null ? "record upsert" : `event "${event.type}"`, s.holdout ? { detail: { holdout: true } } : undefined);
      metric(f, "enrol", null);
      opts.engine.enrol(f, event === null ? null : event.props);
    }
  }
  if (s.status !== "active") return finish(f);

  f.ctx.event = event;
  f.ctx.eventProps = event?.props ?? null;
  if (!checkExitAndGoal(f, input)) return finish(f);
  if (event !== null && f.pendingGoto === null) {
    const st = stageOf(f);
    for (let i = 0; i < st.onEvent.length; i++) {
      const b = st.onEvent[i]!;
      if (b.event !== event.type || (b.where !== null && !b.where(f.ctx))) continue;
      const goto = runBlock(f, b.actions, { stage: st.name, eventProps: event.props, reason: `on event "${event.type}" (${b.id})`, suffix: `e:${input.kind === "event" ? keyPart(input.id) : ""}` });
      if (goto !== null && f.pendingGoto === null) f.pendingGoto = { target: goto.target, actionId: goto.actionId, event: event.props };
    }
  }
  opts.engine.settle(f, event);
  return finish(f);
}

function finish(f: Frame): JourneyState {
  f.ctx.event = null;
  f.ctx.activitySince = activitySince(f.s);
  rearmWake(f);
  return f.s;
}

export { Effects, timerId, wakeTimerId };

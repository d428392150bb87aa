/**
 * Entering and leaving stages (S23, S26, S29–S30, S33) and leaving the journey (S15). Called by
 * both engines: directly by the compiled one, from XState entry/exit actions by the other.
 */
import type { CustomerRecord } from "../store/types.js";
import { runBlock, type BlockScope } from "./actions.js";
import { exitMetric, history, metric, moveMetric, stageOf, timerId, type Frame } from "./frame.js";

/** Leave the current stage: `on exit` actions, cancel its timers, record time in stage. */
export function exitStage(f: Frame, reason: string): void {
  const st = stageOf(f);
  // A `go to` in an `on exit` block is ignored: the customer is already moving.
  runBlock(f, st.onExit, exitScope(f));
  finishExit(f, reason);
}

export function exitScope(f: Frame): BlockScope {
  const st = stageOf(f);
  return { stage: st.name, eventProps: f.s.entryEvent, reason: st.exitReason, suffix: "" };
}

/** The bookkeeping of leaving a stage, after its `on exit` actions ran. */
export function finishExit(f: Frame, reason: string): void {
  const st = stageOf(f);
  cancelStageTimers(f);
  exitMetric(f, st.name, f.now - f.s.enteredAt);
  history(f, "exit", st.name, reason);
}

export function cancelStageTimers(f: Frame): void {
  const st = stageOf(f);
  const { enrolment, stageEntry } = f.s;
  for (let i = 0; i < st.after.length; i++) f.fx.cancel(timerId(f.cj.id, f.customerId, enrolment, stageEntry, st.after[i]!.id));
  for (let i = 0; i < st.every.length; i++) f.fx.cancel(timerId(f.cj.id, f.customerId, enrolment, stageEntry, st.every[i]!.id));
}

/**
 * Enter stage `index`. `from` is the stage left (-1 on enrolment); `trigger` the properties of
 * the event that caused the move, if any. A `go to` in `on enter` becomes `f.pendingGoto`.
 */
export function enterStage(f: Frame, index: number, from: number, trigger: CustomerRecord | null, reason: string): void {
  beginEnter(f, index, from, trigger, reason);
  const goto = runBlock(f, f.cj.stages[index]!.onEnter, enterScope(f, trigger));
  finishEnter(f, goto);
}

export function enterScope(f: Frame, trigger: CustomerRecord | null): BlockScope {
  const st = stageOf(f);
  return { stage: st.name, eventProps: trigger, reason: st.enterReason, suffix: "" };
}

/** The bookkeeping of entering a stage, before its `on enter` actions run. */
export function beginEnter(f: Frame, index: number, from: number, trigger: CustomerRecord | null, reason: string): void {
  const st = f.cj.stages[index]!;
  const s = f.s;
  if (from >= 0) {
    f.moves++;
    moveMetric(f, f.cj.stages[from]!.name, st.name);
  }
  s.stage = st.name;
  s.enteredAt = f.now;
  s.stageEntry++;
  s.entryEvent = st.keepsEntryEvent && trigger !== null ? trigger : null;
  f.ctx.enteredAt = f.now;
  history(f, "enter", st.name, reason);
  metric(f, "enter", st.name);
}

/** The bookkeeping after `on enter` actions: timers, goal stage, terminal completion, `go to`. */
export function finishEnter(f: Frame, goto: { target: number; actionId: string } | null): void {
  const st = stageOf(f);
  const s = f.s;
  if (!st.terminal) {
    for (let i = 0; i < st.after.length; i++) armBlock(f, st.after[i]!.id, "after", s.enteredAt + st.after[i]!.ms, 0);
    for (let i = 0; i < st.every.length; i++) armBlock(f, st.every[i]!.id, "every", s.enteredAt + st.every[i]!.ms, 1);
  }
  if (f.cj.goalStage === st.index && !s.goalReached) reachGoal(f, `entered goal stage "${st.name}"`);
  if (st.terminal) {
    s.status = "completed";
    s.endedAt = f.now;
    history(f, "complete", st.name, `terminal stage "${st.name}"`);
    return;
  }
  if (goto !== null) f.pendingGoto = { target: goto.target, actionId: goto.actionId, event: null };
}

export function armBlock(f: Frame, blockId: string, kind: "after" | "every", dueAt: number, seq: number): void {
  const s = f.s;
  f.fx.arm({
    id: timerId(f.cj.id, f.customerId, s.enrolment, s.stageEntry, blockId),
    customerId: f.customerId,
    journeyId: f.cj.id,
    version: s.version,
    kind,
    blockId,
    dueAt,
    enrolment: s.enrolment,
    stageEntry: s.stageEntry,
    seq,
  });
}

export function reachGoal(f: Frame, reason: string): void {
  f.s.goalReached = true;
  history(f, "goal", f.s.stage, reason);
  metric(f, "goal", f.s.stage);
}

/** Leave the journey through an exit rule (S15): timers cancelled, no `on exit` actions. */
export function leaveJourney(f: Frame, reason: string): void {
  const st = stageOf(f);
  cancelStageTimers(f);
  exitMetric(f, st.name, f.now - f.s.enteredAt);
  history(f, "leave", st.name, reason);
  f.s.status = "exited";
  f.s.endedAt = f.now;
  f.pendingGoto = null;
}

/**
 * The working set of one evaluation (one input, one customer, one journey) and the effects it
 * accumulates. Both engines (compiled and XState) drive the same frame, so they can only differ
 * in which stage moves they choose.
 */
import { JourneyRuntimeError } from "../errors.js";
import type { HistoryRow, Json, JourneyState, MetricDelta, OutboxRow, TimerRow, CustomerRecord } from "../store/types.js";
import { EMPTY_LIST } from "../data.js";
import type { EvalCtx } from "./conditions.js";
import type { CompiledJourney, CStage } from "./compiled-journey.js";

/** Effects of one input, in the shape of a store commit. */
export class Effects {
  // Most inputs arm and cancel nothing: the collections are created on first use.
  private armedMap: Map<string, TimerRow> | null = null;
  private cancelledSet: Set<string> | null = null;
  readonly actions: OutboxRow[] = [];
  readonly history: HistoryRow[] = [];
  readonly metrics: MetricDelta[] = [];

  /**
   * Empty again, for the next input: the batch lane reuses one `Effects` (its arrays and their
   * backing stores) across inputs, since the memory store reads a commit's effects and keeps the
   * rows, never the arrays.
   */
  reset(): void {
    this.armedMap = null;
    this.cancelledSet = null;
    // pop, not `length = 0`: that drops the backing store, which the next input grows again.
    while (this.actions.length > 0) this.actions.pop();
    while (this.history.length > 0) this.history.pop();
    while (this.metrics.length > 0) this.metrics.pop();
  }

  /** Arm (upsert) a timer; supersedes an earlier cancel of the same id in this input. */
  arm(row: TimerRow): void {
    this.cancelledSet?.delete(row.id);
    (this.armedMap ??= new Map()).set(row.id, row);
  }

  /** Cancel a timer; a timer armed earlier in this input is simply not armed. */
  cancel(id: string): void {
    if (this.armedMap?.delete(id)) return;
    (this.cancelledSet ??= new Set()).add(id);
  }

  get armTimers(): TimerRow[] {
    return this.armedMap === null ? (EMPTY_LIST as never[]) : [...this.armedMap.values()];
  }

  get cancelTimers(): string[] {
    return this.cancelledSet === null ? (EMPTY_LIST as never[]) : [...this.cancelledSet];
  }
}

export interface PendingGoto {
  target: number;
  actionId: string;
  event: CustomerRecord | null;
}

/** Mutable state of one evaluation. */
export interface Frame {
  cj: CompiledJourney;
  customerId: string;
  s: JourneyState;
  record: CustomerRecord;
  tags: string[];
  now: number;
  ctx: EvalCtx;
  fx: Effects;
  /** Stage moves made in this evaluation (enrolment excluded). */
  moves: number;
  /** Moves allowed in one evaluation (S27): the number of stages. */
  cap: number;
  pendingGoto: PendingGoto | null;
  /** Action kinds other than `send` that the host handles (queued to the outbox). */
  hostKinds: ReadonlySet<string>;
}

export function stageOf(f: Frame): CStage {
  const i = f.s.stage === null ? -1 : (f.cj.stageIndex.get(f.s.stage) ?? -1);
  const st = f.cj.stages[i];
  if (st === undefined) throw new JourneyRuntimeError("CORRUPT_STATE", `Customer "${f.customerId}" is in unknown stage "${String(f.s.stage)}".`);
  return st;
}

export function timerId(journeyId: string, customerId: string, enrolment: number, stageEntry: number, blockId: string): string {
  return `${journeyId}|${customerId}|${enrolment}|${stageEntry}|${blockId}`;
}

export function wakeTimerId(journeyId: string, customerId: string): string {
  return `${journeyId}|${customerId}|wake`;
}

function isEmptyMap(o: object): boolean {
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) return false;
  return true;
}

/** `"split=variant"` groups (plus the holdout group when the journey has one) for metrics. */
export function variantsOf(f: Frame): string[] {
  if (f.cj.ir.holdout === 0 && isEmptyMap(f.s.splits)) return EMPTY_LIST as never[];
  const out: string[] = [];
  for (const k of Object.keys(f.s.splits)) out.push(`${k}=${f.s.splits[k]}`);
  if (f.cj.ir.holdout > 0) out.push(`holdout=${f.s.holdout ? "control" : "treatment"}`);
  return out;
}

export function history(f: Frame, type: HistoryRow["type"], stage: string | null, reason: string, extra?: Partial<HistoryRow>): void {
  const row: HistoryRow = {
    at: f.now,
    customerId: f.customerId,
    journeyId: f.cj.id,
    version: f.s.version,
    enrolment: f.s.enrolment,
    type,
    stage,
    reason,
  };
  // Same keys in the same order as a spread, but every row starts from one object shape.
  if (extra !== undefined) Object.assign(row, extra);
  f.fx.history.push(row);
}

/** An `exit` delta with its time in stage (the keys `metric(f, "exit", stage, { durationMs })` gives, in one literal). */
export function exitMetric(f: Frame, stage: string, durationMs: number): void {
  f.fx.metrics.push({ journeyId: f.cj.id, version: f.s.version, kind: "exit", stage, variants: variantsOf(f), durationMs });
}

/** A `move` delta (the keys `metric(f, "move", from, { toStage })` gives, in one literal). */
export function moveMetric(f: Frame, from: string, toStage: string): void {
  f.fx.metrics.push({ journeyId: f.cj.id, version: f.s.version, kind: "move", stage: from, variants: variantsOf(f), toStage });
}

/**
 * An `action` history row: the keys `history(f, "action", stage, reason, { actionId, status, detail })`
 * gives, in the same order, built as one literal (no properties added afterwards).
 */
export function actionHistory(f: Frame, stage: string, reason: string, actionId: string, status: NonNullable<HistoryRow["status"]>, detail?: Record<string, Json>): void {
  const s = f.s;
  f.fx.history.push(
    detail === undefined
      ? { at: f.now, customerId: f.customerId, journeyId: f.cj.id, version: s.version, enrolment: s.enrolment, type: "action", stage, reason, actionId, status }
      : { at: f.now, customerId: f.customerId, journeyId: f.cj.id, version: s.version, enrolment: s.enrolment, type: "action", stage, reason, actionId, status, detail },
  );
}

export function metric(f: Frame, kind: MetricDelta["kind"], stage: string | null, extra?: Partial<MetricDelta>): void {
  const delta: MetricDelta = { journeyId: f.cj.id, version: f.s.version, kind, stage, variants: variantsOf(f) };
  // Same keys in the same order as a spread, from one object shape.
  if (extra !== undefined) Object.assign(delta, extra);
  f.fx.metrics.push(delta);
}

/** A copy of a state, built with one fixed shape (cheaper than a spread, and compact). */
export function cloneState(s: JourneyState): JourneyState {
  return {
    version: s.version,
    status: s.status,
    stage: s.stage,
    enteredAt: s.enteredAt,
    enrolledAt: s.enrolledAt,
    endedAt: s.endedAt,
    lastActivityAt: s.lastActivityAt,
    enrolment: s.enrolment,
    stageEntry: s.stageEntry,
    goalReached: s.goalReached,
    entryEvent: s.entryEvent,
    splits: s.splits,
    holdout: s.holdout,
    wakeAt: s.wakeAt,
  };
}

export { initialJourneyState } from "../store/journey-state.js";

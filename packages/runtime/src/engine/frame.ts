/**
 * The working set of one evaluation (one input, one customer, one journey) and the effects it
 * accumulates. Both engines (compiled and XState) drive the same frame, so they can only differ
 * in which stage moves they choose.
 */
import type { HistoryRow, JourneyState, MetricDelta, OutboxRow, TimerRow, CustomerRecord } from "../store/types.js";
import { EMPTY_MAP } from "../data.js";
import type { EvalCtx } from "./conditions.js";
import type { CompiledJourney, CStage } from "./compiled-journey.js";

/** Effects of one input, in the shape of a store commit. */
export class Effects {
  private readonly armed = new Map<string, TimerRow>();
  private readonly cancelled = new Set<string>();
  readonly actions: OutboxRow[] = [];
  readonly history: HistoryRow[] = [];
  readonly metrics: MetricDelta[] = [];

  /** Arm (upsert) a timer; supersedes an earlier cancel of the same id in this input. */
  arm(row: TimerRow): void {
    this.cancelled.delete(row.id);
    this.armed.set(row.id, row);
  }

  /** Cancel a timer; a timer armed earlier in this input is simply not armed. */
  cancel(id: string): void {
    if (this.armed.delete(id)) return;
    this.cancelled.add(id);
  }

  get armTimers(): TimerRow[] {
    return [...this.armed.values()];
  }

  get cancelTimers(): string[] {
    return [...this.cancelled];
  }

  get isEmpty(): boolean {
    return this.armed.size === 0 && this.cancelled.size === 0 && this.actions.length === 0 && this.history.length === 0 && this.metrics.length === 0;
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
  if (st === undefined) throw new Error(`Customer "${f.customerId}" is in unknown stage "${String(f.s.stage)}".`);
  return st;
}

export function timerId(journeyId: string, customerId: string, enrolment: number, stageEntry: number, blockId: string): string {
  return `${journeyId}|${customerId}|${enrolment}|${stageEntry}|${blockId}`;
}

export function wakeTimerId(journeyId: string, customerId: string): string {
  return `${journeyId}|${customerId}|wake`;
}

/** `"split=variant"` groups (plus the holdout group when the journey has one) for metrics. */
export function variantsOf(f: Frame): string[] {
  const out: string[] = [];
  for (const k of Object.keys(f.s.splits)) out.push(`${k}=${f.s.splits[k]}`);
  if (f.cj.ir.holdout > 0) out.push(`holdout=${f.s.holdout ? "control" : "treatment"}`);
  return out;
}

export function history(f: Frame, type: HistoryRow["type"], stage: string | null, reason: string, extra?: Partial<HistoryRow>): void {
  f.fx.history.push({
    at: f.now,
    customerId: f.customerId,
    journeyId: f.cj.id,
    version: f.s.version,
    enrolment: f.s.enrolment,
    type,
    stage,
    reason,
    ...extra,
  });
}

export function metric(f: Frame, kind: MetricDelta["kind"], stage: string | null, extra?: Partial<MetricDelta>): void {
  f.fx.metrics.push({ journeyId: f.cj.id, version: f.s.version, kind, stage, variants: variantsOf(f), ...extra });
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

/** A fresh state for a customer never seen by this journey. */
export function initialJourneyState(version: number): JourneyState {
  return {
    version,
    status: "none",
    stage: null,
    enteredAt: 0,
    enrolledAt: 0,
    endedAt: null,
    lastActivityAt: null,
    enrolment: 0,
    stageEntry: 0,
    goalReached: false,
    entryEvent: null,
    splits: EMPTY_MAP as Record<string, string>,
    holdout: false,
    wakeAt: null,
  };
}

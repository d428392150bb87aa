/**
 * Moving enrolled customers from one journey version to another (S49): the documented migration.
 * Without it, customers stay on the version they enrolled with.
 */
import { getOwn, setData } from "../data.js";
import type { CommitRequest, CustomerDoc, JourneyState } from "../store/types.js";
import type { PreparedJourneys } from "./apply.js";
import { cloneState, Effects, history, wakeTimerId, type Frame } from "./frame.js";
import { armBlock, cancelStageTimers } from "./stage-moves.js";
import { rearmWake } from "./step.js";

/** Options of a migration. */
export interface MigrationOptions {
  journeyId: string;
  /** Customers on this version (active enrolments) are moved. */
  from: number;
  /** To this loaded version. */
  to: number;
  /** Old stage name → new stage name; unmapped stages keep their name. */
  stageMap?: Record<string, string>;
}

export type MigrationOutcome = { kind: "commit"; request: CommitRequest } | { kind: "skip"; reason: string };

function frameFor(p: PreparedJourneys, o: MigrationOptions, version: number, doc: CustomerDoc, s: JourneyState, now: number, fx: Effects): Frame {
  const cj = p.journeys.get(o.journeyId)!.byVersion.get(version)!;
  const record: Record<string, unknown> = { ...doc.record };
  return {
    cj,
    customerId: doc.customerId,
    s,
    record,
    tags: [...doc.tags],
    now,
    ctx: { record, event: null, eventProps: null, now, enteredAt: s.enteredAt, activitySince: Math.max(s.lastActivityAt ?? Number.NEGATIVE_INFINITY, s.enrolledAt) },
    fx,
    moves: 0,
    cap: cj.stages.length,
    pendingGoto: null,
    hostKinds: p.hostKinds,
  };
}

/**
 * Plan the migration of one customer. The stage's `enteredAt` and entry counters are kept;
 * old-version timers are cancelled; the new stage's `after` / `every` timers are armed when
 * still in the future (a delay that already elapsed under the old version does not fire
 * retroactively); the wake timer is recomputed; history records the move.
 */
export function planMigration(p: PreparedJourneys, o: MigrationOptions, doc: CustomerDoc, now: number): MigrationOutcome {
  const v = p.journeys.get(o.journeyId);
  const target = v?.byVersion.get(o.to);
  if (v === undefined || !v.byVersion.has(o.from) || target === undefined) return { kind: "skip", reason: `versions ${o.from} and ${o.to} of "${o.journeyId}" must both be loaded` };
  const prev = getOwn(doc.journeys, o.journeyId);
  if (prev === undefined || prev.status !== "active" || prev.version !== o.from) return { kind: "skip", reason: `not enrolled on version ${o.from}` };
  const oldStage = prev.stage!;
  const newStage = (o.stageMap !== undefined && Object.prototype.hasOwnProperty.call(o.stageMap, oldStage) ? o.stageMap[oldStage] : oldStage) ?? oldStage;
  const index = target.stageIndex.get(newStage);
  if (index === undefined) return { kind: "skip", reason: `version ${o.to} has no stage "${newStage}"` };
  const fx = new Effects();
  const s = cloneState(prev);
  cancelStageTimers(frameFor(p, o, o.from, doc, s, now, fx));
  fx.cancel(wakeTimerId(o.journeyId, doc.customerId));
  s.version = o.to;
  s.stage = newStage;
  s.wakeAt = null;
  const f = frameFor(p, o, o.to, doc, s, now, fx);
  const st = target.stages[index]!;
  if (!st.terminal) {
    for (const b of st.after) if (s.enteredAt + b.ms > now) armBlock(f, b.id, "after", s.enteredAt + b.ms, 0);
    for (const b of st.every) {
      const n = Math.max(1, Math.floor((now - s.enteredAt) / b.ms) + 1);
      armBlock(f, b.id, "every", s.enteredAt + n * b.ms, n);
    }
  }
  history(f, "migrate", newStage, `migrated from version ${o.from} ("${oldStage}") to version ${o.to} ("${newStage}")`);
  rearmWake(f);
  const journeys: Record<string, JourneyState> = { ...doc.journeys };
  setData(journeys, o.journeyId, s);
  return {
    kind: "commit",
    request: {
      customerId: doc.customerId,
      expectedRev: doc.rev,
      doc: { ...doc, rev: doc.rev + 1, journeys },
      cancelTimers: fx.cancelTimers,
      armTimers: fx.armTimers,
      actions: [],
      history: fx.history,
      metrics: [],
    },
  };
}

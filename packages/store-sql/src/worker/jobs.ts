import type { AsyncLocalStorage } from "node:async_hooks";
import type { JourneyRuntime } from "@journeys/runtime";
import type { SqlJourneyStore } from "../store/sql-store.js";
import type { WakeupScheduler } from "../store/wakeups.js";
import type { JobScope } from "./scoped-store.js";

/** What a job handler needs from its worker. */
export interface JobContext {
  readonly store: SqlJourneyStore;
  readonly runtime: JourneyRuntime;
  readonly scope: AsyncLocalStorage<JobScope>;
  readonly wakeups: WakeupScheduler;
  /** Refreshes and returns the worker's clock. */
  now(): Promise<number>;
}


async function rewake(ctx: JobContext, kind: "timer" | "action", id: string, at: number): Promise<void> {
  await ctx.store.driver.transaction((tx) =>
    ctx.wakeups.schedule(tx, kind === "timer" ? { timers: [{ id, dueAt: at }], actions: [] } : { timers: [], actions: [{ id, dueAt: at }] }),
  );
}

/**
 * A timer's job: let the runtime claim, evaluate and commit exactly this timer. If the timer is
 * still due afterwards, another claim holds it (or our commit kept losing to newer writes): wake
 * again when that lease lapses, so a worker killed mid-commit never strands a timer.
 */
export async function handleTimerJob(ctx: JobContext, id: string): Promise<void> {
  const now = await ctx.now();
  await ctx.scope.run({ kind: "timer", id }, () => ctx.runtime.runDue(now));
  const state = await ctx.store.timerState(id);
  // Gone: fired (by us or anyone) or cancelled. Later: re-armed, and that arming queued its own job.
  if (state === undefined || state.dueAt > now) return;
  // Held by a lease: look again when it lapses. Not leased yet still due: another transaction had
  // the row locked at our claim (SKIP LOCKED); look again on the next poll.
  await rewake(ctx, "timer", id, Math.max(state.leaseUntil, now));
}

/**
 * An action's job: let the runtime claim, deliver and settle exactly this action. A failed
 * delivery is settled as "retry" and the settle schedules the next job; a row still claimable
 * now is held by another claim, so wake again when that lease lapses.
 */
export async function handleActionJob(ctx: JobContext, id: string): Promise<void> {
  const now = await ctx.now();
  await ctx.scope.run({ kind: "action", id }, () => ctx.runtime.runDue(now));
  const state = await ctx.store.actionState(id);
  if (state === undefined || state.status !== "pending") return;
  if (state.nextAttemptAt > now && state.leaseUntil <= now) return;
  await rewake(ctx, "action", id, Math.max(state.leaseUntil, state.nextAttemptAt, now));
}

/** The processed-event id under which an input job's commit is recorded. */
export function inputMarker(jobId: string): string {
  return `journeys-input-job:${jobId}`;
}

/**
 * An input's job: apply it once. pg-boss redelivers a job whose worker died before completing
 * it; events are deduplicated by their id, and a record upsert by its job id (recorded by the
 * commit, see `scopedStore`), so the redelivery changes nothing.
 */
export async function handleInputJob(ctx: JobContext, jobId: string, input: unknown): Promise<void> {
  const marker = inputMarker(jobId);
  const customerId = (input as { customerId?: unknown } | null)?.customerId;
  if (typeof customerId === "string" && (await ctx.store.hasProcessedEvent(customerId, marker))) return;
  await ctx.now();
  await ctx.scope.run({ kind: "input", marker }, () => ctx.runtime.ingest(input));
}

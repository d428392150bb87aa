/**
 * `SqlJourneyStore`: the runtime's `JourneyStore` on SQL, one implementation for PGlite and
 * PostgreSQL (see {@link SqlDriver}).
 *
 * Fit with the runtime's interface (types.ts v1.5). Nothing is missing for correctness: the
 * interface has claims with a lease and an attempt number and one transactional commit. What a
 * pg-boss worker needs beyond it, and how this package adapts (packages/runtime is not ours):
 * 1. `claimDueTimers` has no id filter (unlike `claimActions`), and the runtime has no entry point
 *    to fire ONE claimed timer or deliver ONE claimed action; pg-boss wakes a worker per timer or
 *    action. Adapted: {@link SqlJourneyStore.claimTimer} (claim by id) and `timerState` /
 *    `actionState` here, and a scoped store view (src/worker/scoped-store.ts) that narrows the
 *    runtime's own claims to the job at hand around `runtime.runDue(now)`.
 * 2. No hook runs inside the commit / settle transaction, yet the pg-boss job that wakes a worker
 *    for a timer or action must commit with it. Adapted: the {@link WakeupScheduler} option.
 * 3. `CommitRequest.eventId` deduplicates events only; a record upsert has no id, so a record
 *    job redelivered after a crash would be applied again. Adapted: the worker records the job id
 *    as the commit's `eventId` for record inputs (see src/worker/jobs.ts). A first-class
 *    `inputId` in `CommitRequest` would say this directly.
 */
import type {
  ActionOutcome,
  ClaimedAction,
  ClaimedTimer,
  CommitRequest,
  CommitResult,
  CustomerDoc,
  HistoryRow,
  JourneyStore,
  MetricDelta,
  MetricsData,
  OutboxRow,
  QuarantineRow,
  TimerRow,
} from "@journeys/runtime";
import { applyMetricDelta } from "@journeys/runtime";
import type { SqlDriver } from "../driver/types.js";
import { SQL } from "../sql/statements.js";
import { commitTx } from "./commit.js";
import { toCustomerDoc, toHistoryRow, toOutboxRow, toQuarantineRow, toTimerRow, type OutboxSqlRow } from "./rows.js";
import type { WakeupScheduler } from "./wakeups.js";

/** Options for {@link SqlJourneyStore}. */
export interface SqlStoreOptions {
  /** A driver whose database is migrated (see `migrate`). */
  readonly driver: SqlDriver;
  /** Schedules wake-ups in the same transaction as the work (pg-boss in workers). */
  readonly wakeups?: WakeupScheduler;
  /** Whether `close()` also closes the driver. Default true. */
  readonly ownsDriver?: boolean;
}

type ClaimedOutboxSqlRow = OutboxSqlRow & { attempt: number };

/**
 * The durable store. Prefer `openPgliteStore` / `openPostgresStore`, which open the driver and
 * run the migrations first.
 *
 * @example
 * ```ts
 * const store = new SqlJourneyStore({ driver: await openPgliteDriver({ dataDir: "./db" }) });
 * const runtime = createRuntime({ journeys: [ir], store, handlers, clock });
 * ```
 */
export class SqlJourneyStore implements JourneyStore {
  readonly driver: SqlDriver;
  readonly #wakeups: WakeupScheduler | undefined;
  readonly #ownsDriver: boolean;

  constructor(options: SqlStoreOptions) {
    this.driver = options.driver;
    this.#wakeups = options.wakeups;
    this.#ownsDriver = options.ownsDriver ?? true;
  }

  async loadCustomer(customerId: string): Promise<CustomerDoc | undefined> {
    const { rows } = await this.driver.query<{ rev: number; doc: unknown }>(SQL.loadCustomer, [customerId]);
    return rows[0] ? toCustomerDoc(rows[0]) : undefined;
  }

  async hasProcessedEvent(customerId: string, eventId: string): Promise<boolean> {
    const { rows } = await this.driver.query(SQL.hasProcessedEvent, [customerId, eventId]);
    return rows.length > 0;
  }

  commit(request: CommitRequest): Promise<CommitResult> {
    return commitTx(this.driver, request, this.#wakeups);
  }

  async claimDueTimers(options: { now: number; limit: number; leaseMs: number }): Promise<ClaimedTimer[]> {
    if (options.limit <= 0) return [];
    const { rows } = await this.driver.query<{ timer: unknown; attempt: number; due_at: number }>(SQL.claimDueTimers, [
      options.now,
      options.limit,
      options.now + options.leaseMs,
    ]);
    return toClaimedTimers(rows);
  }

  /**
   * Claims one timer by id if it is due at `now` and not under an unexpired lease.
   * Not part of `JourneyStore`: used by pg-boss workers, which are woken per timer.
   */
  async claimTimer(id: string, options: { now: number; leaseMs: number }): Promise<ClaimedTimer | undefined> {
    const { rows } = await this.driver.query<{ timer: unknown; attempt: number; due_at: number }>(SQL.claimTimer, [
      options.now,
      id,
      options.now + options.leaseMs,
    ]);
    return toClaimedTimers(rows)[0];
  }

  /** Where a timer stands, for a woken worker that could not claim it. Undefined when gone. */
  async timerState(id: string): Promise<{ dueAt: number; leaseUntil: number } | undefined> {
    const { rows } = await this.driver.query<{ due_at: number; lease_until: number }>(SQL.timerState, [id]);
    return rows[0] ? { dueAt: Number(rows[0].due_at), leaseUntil: Number(rows[0].lease_until) } : undefined;
  }

  async nextTimerDue(): Promise<number | null> {
    const { rows } = await this.driver.query<{ due: number | null }>(SQL.nextTimerDue);
    return rows[0]?.due == null ? null : Number(rows[0].due);
  }

  async listTimers(customerId: string): Promise<TimerRow[]> {
    const { rows } = await this.driver.query<{ timer: unknown }>(SQL.listTimers, [customerId]);
    return rows.map((r) => toTimerRow(r.timer));
  }

  async claimActions(options: { now: number; limit: number; leaseMs: number; ids?: string[] }): Promise<ClaimedAction[]> {
    if (options.limit <= 0 || (options.ids && options.ids.length === 0)) return [];
    const { rows } = await this.driver.query<ClaimedOutboxSqlRow & { created_at: number; seq: number }>(SQL.claimActions, [
      options.now,
      options.limit,
      options.now + options.leaseMs,
      options.ids ? JSON.stringify(options.ids) : null,
    ]);
    rows.sort((a, b) => Number(a.created_at) - Number(b.created_at) || Number(a.seq) - Number(b.seq));
    return rows.map((r) => ({ action: toOutboxRow(r), attempt: Number(r.attempt) }));
  }

  /** Where an action stands, for a woken worker that could not claim it. Undefined when unknown. */
  async actionState(id: string): Promise<{ status: OutboxRow["status"]; nextAttemptAt: number; leaseUntil: number } | undefined> {
    const { rows } = await this.driver.query<{ status: OutboxRow["status"]; next_attempt_at: number; lease_until: number }>(
      SQL.actionState,
      [id],
    );
    const row = rows[0];
    return row ? { status: row.status, nextAttemptAt: Number(row.next_attempt_at), leaseUntil: Number(row.lease_until) } : undefined;
  }

  async settleAction(id: string, attempt: number, outcome: ActionOutcome, history: HistoryRow[]): Promise<boolean> {
    return this.driver.transaction(async (tx) => {
      const result =
        outcome.kind === "sent"
          ? await tx.query(SQL.settleSent, [id, attempt])
          : outcome.kind === "retry"
            ? await tx.query(SQL.settleRetry, [id, attempt, outcome.nextAttemptAt, outcome.error])
            : await tx.query(SQL.settleDead, [id, attempt, outcome.error]);
      if (result.rowCount === 0) return false;
      if (history.length > 0) await tx.query(SQL.appendHistory, [JSON.stringify(history)]);
      if (outcome.kind === "retry" && this.#wakeups) {
        await this.#wakeups.schedule(tx, { timers: [], actions: [{ id, dueAt: outcome.nextAttemptAt }] });
      }
      return true;
    });
  }

  async nextActionDue(): Promise<number | null> {
    const { rows } = await this.driver.query<{ due: number | null }>(SQL.nextActionDue);
    return rows[0]?.due == null ? null : Number(rows[0].due);
  }

  async listDeadLetters(): Promise<OutboxRow[]> {
    const { rows } = await this.driver.query<OutboxSqlRow>(SQL.listDeadLetters);
    return rows.map(toOutboxRow);
  }

  async retryDeadLetter(id: string, now: number): Promise<boolean> {
    return this.driver.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(SQL.retryDeadLetter, [id, now]);
      if (rows.length === 0) return false;
      if (this.#wakeups) await this.#wakeups.schedule(tx, { timers: [], actions: [{ id, dueAt: now }] });
      return true;
    });
  }

  async listActions(customerId: string): Promise<OutboxRow[]> {
    const { rows } = await this.driver.query<OutboxSqlRow>(SQL.listActions, [customerId]);
    return rows.map(toOutboxRow);
  }

  async listHistory(customerId: string, options?: { journeyId?: string }): Promise<HistoryRow[]> {
    const { rows } = await this.driver.query<{ entry: unknown }>(SQL.listHistory, [customerId, options?.journeyId ?? null]);
    return rows.map((r) => toHistoryRow(r.entry));
  }

  async readMetrics(journeyId: string, version: number): Promise<MetricsData> {
    const { rows } = await this.driver.query<{ delta: MetricDelta }>(SQL.readMetrics, [journeyId, version]);
    const data: MetricsData = Object.create(null);
    for (const row of rows) applyMetricDelta(data, row.delta);
    return data;
  }

  async addQuarantine(row: QuarantineRow): Promise<void> {
    await this.driver.query(SQL.addQuarantine, [row.id, row.receivedAt, JSON.stringify(row.input), JSON.stringify(row.error)]);
  }

  async listQuarantine(): Promise<QuarantineRow[]> {
    const { rows } = await this.driver.query<{ id: string; received_at: number; input: unknown; error: unknown }>(
      SQL.listQuarantine,
    );
    return rows.map(toQuarantineRow);
  }

  async removeQuarantine(id: string): Promise<boolean> {
    const result = await this.driver.query(SQL.removeQuarantine, [id]);
    return result.rowCount > 0;
  }

  async listCustomerIds(): Promise<string[]> {
    const { rows } = await this.driver.query<{ customer_id: string }>(SQL.listCustomerIds);
    return rows.map((r) => r.customer_id);
  }

  async close(): Promise<void> {
    if (this.#ownsDriver) await this.driver.close();
  }
}

function toClaimedTimers(rows: { timer: unknown; attempt: number; due_at: number }[]): ClaimedTimer[] {
  return rows
    .map((r) => ({ timer: toTimerRow(r.timer), attempt: Number(r.attempt) }))
    .sort((a, b) => a.timer.dueAt - b.timer.dueAt || (a.timer.id < b.timer.id ? -1 : a.timer.id > b.timer.id ? 1 : 0));
}

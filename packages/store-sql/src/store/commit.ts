import type { CommitRequest, CommitResult } from "@journeys/runtime";
import type { SqlDriver, SqlExecutor } from "../driver/types.js";
import { SQL } from "../sql/statements.js";
import type { WakeupScheduler } from "./wakeups.js";

/** Thrown inside the transaction to roll it back; turned into `{ ok: false }` outside. */
class Conflict extends Error {}

// PostgreSQL SQLSTATEs that mean "another writer won": retrying after a reload is the answer.
const RETRYABLE = new Set(["40001", "40P01", "23505"]);

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && RETRYABLE.has(code);
}

/**
 * Applies one {@link CommitRequest} in one transaction. Order matters: the checks that can refuse
 * the commit (rev, event id, timer attempt) run before anything is written, and the customer row
 * is locked first, so every per-customer write serialises on that one row.
 */
export async function commitTx(driver: SqlDriver, request: CommitRequest, wakeups?: WakeupScheduler): Promise<CommitResult> {
  const needsWakeups = wakeups !== undefined && (request.armTimers.length > 0 || request.actions.length > 0);
  if (request.doc !== undefined && request.firedTimer === undefined && !needsWakeups) return commitOneStatement(driver, request);
  try {
    await driver.transaction(async (tx) => {
      await checkAndWriteCustomer(tx, request);
      if (request.eventId !== undefined) {
        const recorded = await tx.query(SQL.recordEvent, [request.customerId, request.eventId]);
        if (recorded.rowCount === 0) throw new Conflict();
      }
      if (request.firedTimer) {
        const fired = await tx.query(SQL.fireTimer, [request.firedTimer.id, request.firedTimer.attempt]);
        if (fired.rowCount === 0) throw new Conflict();
      }
      if (request.cancelTimers.length > 0) await tx.query(SQL.cancelTimers, [JSON.stringify(request.cancelTimers)]);
      if (request.armTimers.length > 0) await tx.query(SQL.armTimers, [JSON.stringify(request.armTimers)]);
      let queued: { id: string; next_attempt_at: number }[] = [];
      if (request.actions.length > 0) {
        queued = (await tx.query<{ id: string; next_attempt_at: number }>(SQL.queueActions, [JSON.stringify(request.actions)]))
          .rows;
      }
      if (request.history.length > 0) await tx.query(SQL.appendHistory, [JSON.stringify(request.history)]);
      if (request.metrics.length > 0) await tx.query(SQL.appendMetrics, [JSON.stringify(request.metrics)]);
      if (wakeups && (request.armTimers.length > 0 || queued.length > 0)) {
        await wakeups.schedule(tx, {
          timers: request.armTimers.map((t) => ({ id: t.id, dueAt: t.dueAt })),
          actions: queued.map((a) => ({ id: a.id, dueAt: Number(a.next_attempt_at) })),
        });
      }
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof Conflict || isRetryable(error)) return { ok: false, reason: "conflict" };
    throw error;
  }
}

/** The common case in one round trip; see `SQL.commitUpdateOneStatement`. */
async function commitOneStatement(driver: SqlDriver, request: CommitRequest): Promise<CommitResult> {
  const rev = request.expectedRev + 1;
  // Cancel-then-arm of one id in one request leaves it armed; the statement must not touch the
  // row twice, so the re-armed ids are only upserted.
  const rearmed = new Set(request.armTimers.map((t) => t.id));
  const params = [
    request.customerId,
    rev,
    JSON.stringify({ ...request.doc, rev }),
    request.expectedRev,
    request.eventId ?? null,
    JSON.stringify(request.cancelTimers.filter((id) => !rearmed.has(id))),
    JSON.stringify(request.armTimers),
    JSON.stringify(request.actions),
    JSON.stringify(request.history),
    JSON.stringify(request.metrics),
  ];
  try {
    const statement = request.expectedRev === 0 ? SQL.commitInsertOneStatement : SQL.commitUpdateOneStatement;
    const { rows } = await driver.query<{ ok: number }>(statement, params);
    return rows[0]?.ok === 1 ? { ok: true } : { ok: false, reason: "conflict" };
  } catch (error) {
    if (isRetryable(error)) return { ok: false, reason: "conflict" };
    throw error;
  }
}

async function checkAndWriteCustomer(tx: SqlExecutor, request: CommitRequest): Promise<void> {
  const { customerId, expectedRev, doc } = request;
  if (doc === undefined) {
    const { rows } = await tx.query<{ rev: number }>(SQL.lockCustomer, [customerId]);
    const current = rows[0] ? Number(rows[0].rev) : 0;
    if (current !== expectedRev) throw new Conflict();
    return;
  }
  const rev = expectedRev + 1;
  const stored = JSON.stringify({ ...doc, rev });
  const result =
    expectedRev === 0
      ? await tx.query(SQL.insertCustomer, [customerId, rev, stored])
      : await tx.query(SQL.updateCustomer, [customerId, rev, stored, expectedRev]);
  if (result.rowCount === 0) throw new Conflict();
}

import type { Db, PgBoss, Queue } from "pg-boss";
import type { SqlExecutor } from "../driver/types.js";

/** pg-boss keeps its tables in this schema, beside the store's `journeys` schema. */
export const BOSS_SCHEMA = "journeys_boss";

/** The queues workers consume. Job data is always a small id; the store's rows are the truth. */
export const QUEUES = {
  /** `{ id }` of a timer row, started at the timer's due time. */
  timer: "journeys-timer",
  /** `{ id }` of an outbox row, started at its next attempt time. */
  action: "journeys-action",
  /** `{ input }`: a customer record upsert or an event for a worker to apply. */
  input: "journeys-input",
  /**
   * Jobs that can never succeed: an input job that failed {@link INPUT_RETRY_LIMIT} + 1 times, or
   * any job whose data is malformed. Nobody works this queue; an operator inspects it.
   */
  dead: "journeys-dead",
} as const;

/**
 * Retries of an input job that throws (a lost connection, a store error). Applying an input is
 * idempotent, so a retry is safe; one that keeps failing goes to the dead-letter queue instead
 * of being retried for as long as a timer's or an action's wake-up.
 */
export const INPUT_RETRY_LIMIT = 10;

/** How long a dead-lettered job is kept for inspection: 14 days. */
const DEAD_RETENTION_SECONDS = 14 * 24 * 3600;

/** Lease of a claimed timer or action in the store, and the pg-boss expiry of the job holding it. */
export interface Leases {
  readonly timerLeaseMs: number;
  readonly actionLeaseMs: number;
}

/**
 * Creates the queues (idempotent). A job is only a wake-up: a worker that dies mid-job has its
 * job expired and retried by pg-boss, and the store's lease + attempt decide who may commit.
 */
export async function createQueues(boss: PgBoss, leases: Leases): Promise<void> {
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  // The dead-letter queue first: the others name it.
  await ensureQueue(boss, existing, QUEUES.dead, { retryLimit: 0, retentionSeconds: DEAD_RETENTION_SECONDS, deleteAfterSeconds: DEAD_RETENTION_SECONDS });
  // notify: a committed job wakes idle workers at once (LISTEN/NOTIFY) instead of at their next
  // poll. Jobs due later (timers, retries) are still found by polling (see the work options).
  // Timer and action jobs are only wake-ups whose truth is in the store (its lease and attempts
  // decide), so they may be retried for long; an input job is the input itself, so it is bounded.
  const base = { retryDelay: 1, retryBackoff: true, retryDelayMax: 60, deleteAfterSeconds: 3600, notify: true, deadLetter: QUEUES.dead };
  const wanted: [string, number, number][] = [
    [QUEUES.timer, Math.ceil(leases.timerLeaseMs / 1000), 1000],
    [QUEUES.action, Math.ceil(leases.actionLeaseMs / 1000), 1000],
    [QUEUES.input, Math.ceil(leases.timerLeaseMs / 1000), INPUT_RETRY_LIMIT],
  ];
  for (const [name, expireInSeconds, retryLimit] of wanted) {
    await ensureQueue(boss, existing, name, { ...base, retryLimit, expireInSeconds: Math.max(1, expireInSeconds) });
  }
}

async function ensureQueue(boss: PgBoss, existing: ReadonlySet<string>, name: string, options: Omit<Queue, "name">): Promise<void> {
  if (existing.has(name)) {
    // Queues created by an older version had no dead letter and unbounded input retries.
    const current = await boss.getQueue(name);
    if (current && (current.deadLetter !== options.deadLetter || current.retryLimit !== options.retryLimit)) {
      await boss.updateQueue(name, { deadLetter: options.deadLetter ?? null, ...(options.retryLimit !== undefined ? { retryLimit: options.retryLimit } : {}) });
    }
    return;
  }
  try {
    await boss.createQueue(name, options);
  } catch (error) {
    // Another worker created it between our read and our write.
    if (!(await boss.getQueue(name))) throw error;
  }
}

/** pg-boss's view of a store transaction, so that jobs commit or roll back with it. */
export function bossDb(tx: SqlExecutor): Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const result = await tx.query(text, values);
      return { rows: result.rows };
    },
  };
}

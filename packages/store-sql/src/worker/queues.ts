import type { Db, PgBoss } from "pg-boss";
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
} as const;

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
  // notify: a committed job wakes idle workers at once (LISTEN/NOTIFY) instead of at their next
  // poll. Jobs due later (timers, retries) are still found by polling (see the work options).
  const base = { retryLimit: 1000, retryDelay: 1, retryBackoff: true, retryDelayMax: 60, deleteAfterSeconds: 3600, notify: true };
  const wanted: [string, number][] = [
    [QUEUES.timer, Math.ceil(leases.timerLeaseMs / 1000)],
    [QUEUES.action, Math.ceil(leases.actionLeaseMs / 1000)],
    [QUEUES.input, Math.ceil(leases.timerLeaseMs / 1000)],
  ];
  for (const [name, expireInSeconds] of wanted) {
    if (existing.has(name)) continue;
    try {
      await boss.createQueue(name, { ...base, expireInSeconds: Math.max(1, expireInSeconds) });
    } catch (error) {
      // Another worker created it between our read and our write.
      if (!(await boss.getQueue(name))) throw error;
    }
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

import type { SqlExecutor } from "../driver/types.js";

/** What became due at which instant in one transaction. */
export interface Wakeups {
  readonly timers: readonly { id: string; dueAt: number }[];
  readonly actions: readonly { id: string; dueAt: number }[];
}

/**
 * Called by the store inside the same transaction that armed timers or queued (or re-queued)
 * actions, so that a wake-up is scheduled if and only if the work it wakes for was committed.
 * The pg-boss scheduler (src/worker/) implements it by inserting jobs through the transaction.
 */
export interface WakeupScheduler {
  schedule(tx: SqlExecutor, wakeups: Wakeups): Promise<void>;
}

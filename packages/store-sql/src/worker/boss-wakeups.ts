import type { PgBoss } from "pg-boss";
import type { SqlExecutor } from "../driver/types.js";
import type { WakeupScheduler, Wakeups } from "../store/wakeups.js";
import { bossDb, QUEUES } from "./queues.js";

/**
 * Schedules one pg-boss job per armed timer (started at its due time) and per queued or
 * re-queued action (started at its next attempt time), inserted through the store's own
 * transaction: the job exists if and only if the row it wakes for was committed.
 *
 * @example
 * ```ts
 * const store = await openPostgresStore({ connectionString, wakeups: new PgBossWakeups(boss) });
 * ```
 */
export class PgBossWakeups implements WakeupScheduler {
  readonly #boss: PgBoss;
  constructor(boss: PgBoss) {
    this.#boss = boss;
  }

  async schedule(tx: SqlExecutor, wakeups: Wakeups): Promise<void> {
    const db = bossDb(tx);
    if (wakeups.timers.length > 0) {
      await this.#boss.insert(
        QUEUES.timer,
        wakeups.timers.map((t) => ({ data: { id: t.id }, startAfter: new Date(t.dueAt) })),
        { db },
      );
    }
    if (wakeups.actions.length > 0) {
      await this.#boss.insert(
        QUEUES.action,
        wakeups.actions.map((a) => ({ data: { id: a.id }, startAfter: new Date(a.dueAt) })),
        { db },
      );
    }
  }
}

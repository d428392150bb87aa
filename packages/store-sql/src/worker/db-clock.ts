import type { SqlExecutor } from "../driver/types.js";
import { BOSS_SCHEMA } from "./queues.js";

/**
 * The database's clock, as pg-boss reads it (`journeys_boss.job_now()`): every worker on one
 * database shares one "now", so due times computed by one worker and waited for by pg-boss in
 * another agree. The runtime's `Clock` is synchronous, so a worker refreshes the value before each
 * job and the runtime reads the refreshed value while it evaluates that job.
 *
 * In tests pg-boss's own `TestClock`, attached to the `journeys_boss` schema with
 * `pgboss.test_clock = on` for the database, makes this a simulated clock shared by every process.
 */
export class DatabaseClock {
  #now = 0;
  readonly #db: SqlExecutor;
  constructor(db: SqlExecutor) {
    this.#db = db;
  }
  now(): number {
    return this.#now;
  }
  async refresh(): Promise<number> {
    const { rows } = await this.#db.query<{ now: number }>(
      `SELECT (extract(epoch FROM ${BOSS_SCHEMA}.job_now()) * 1000)::float8 AS now`,
    );
    // Never backwards within a process: jobs evaluated concurrently share this value, and one
    // job's refresh must not move time backwards under another's evaluation.
    this.#now = Math.max(this.#now, Math.round(Number(rows[0]!.now)));
    return this.#now;
  }
}

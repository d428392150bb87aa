/**
 * The shared set-up of the worker reliability tests: a fresh PostgreSQL database, a small pool
 * on it, the deliveries table the test handler writes, and the worker processes the test
 * starts — all torn down after the file, workers killed first.
 */
import { afterAll, beforeAll } from "vitest";
import type pg from "pg";
import { createTestDatabase, testPool, type TestDatabase } from "./pg.js";
import { createDeliveriesTable, type WorkerProcess } from "./workers.js";

export interface WorkerTestbed {
  readonly db: TestDatabase;
  readonly pool: pg.Pool;
  /** Push every process the test starts, so it is killed after the file. */
  readonly workers: WorkerProcess[];
}

/** Registers `beforeAll` / `afterAll` for one test file; read the fields inside tests only. */
export function useWorkerTestbed(databasePrefix: string, poolSize = 3): WorkerTestbed {
  let db: TestDatabase | undefined;
  let pool: pg.Pool | undefined;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    db = await createTestDatabase(databasePrefix);
    pool = testPool(db.url, poolSize);
    await createDeliveriesTable(pool);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill().catch(() => {})));
    await pool?.end();
    await db?.drop();
  });
  return {
    get db() {
      if (!db) throw new Error("the test database is only there inside tests");
      return db;
    },
    get pool() {
      if (!pool) throw new Error("the test pool is only there inside tests");
      return pool;
    },
    workers,
  };
}

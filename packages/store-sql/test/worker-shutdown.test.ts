/**
 * Graceful shutdown that cannot wait any longer: a worker receives SIGTERM while a delivery runs
 * past its `shutdownTimeoutMs`. It stops without that delivery's outcome (the work is released,
 * not finished), and another worker delivers the action once the lease lapses.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase, skipPg, testPool, type TestDatabase } from "./helpers/pg.js";
import { createDeliveriesTable, enqueueInputs, eventually, startWorkerProcess, type WorkerProcess } from "./helpers/workers.js";

const SLOW = "reliability:1:s1:1:1:waiting/on:slow/0:e:slow-1";

describe.skipIf(skipPg)("SIGTERM with a delivery still running", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    db = await createTestDatabase("jt_shutdown");
    pool = testPool(db.url);
    await createDeliveriesTable(pool);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill().catch(() => {})));
    await pool?.end();
    await db?.drop();
  });

  const deliveries = async () =>
    (await pool.query<{ pid: number }>("SELECT pid FROM test_deliveries WHERE key = $1 ORDER BY seq", [SLOW])).rows.map((r) => r.pid);
  const row = async () =>
    (await pool.query<{ status: string; attempts: number }>("SELECT status, attempts FROM journeys.outbox WHERE id = $1", [SLOW])).rows[0];

  it("releases the unfinished delivery to another worker instead of waiting for it", async () => {
    const env = { LEASE_MS: "2000", RETRY_BASE_MS: "600000", SHUTDOWN_MS: "500" };
    const a = await startWorkerProcess(db.url, env);
    workers.push(a);
    await enqueueInputs(db.url, [
      { kind: "record", customerId: "s1", record: { score: 0 } },
      { kind: "event", id: "slow-1", customerId: "s1", type: "slow" },
    ]);
    // The fixture's first "slow" delivery sleeps 10 s before it fails.
    await eventually(deliveries, (pids) => pids.length === 1);
    const b = await startWorkerProcess(db.url, env);
    workers.push(b);
    a.child.kill("SIGTERM");
    await eventually(async () => a.output(), (out) => out.includes("stopped"));
    // A stopped while its delivery was still running: nothing was settled for it.
    expect(await row()).toEqual({ status: "pending", attempts: 0 });

    const pids = await eventually(deliveries, (p) => p.length === 2);
    expect(pids).toEqual([a.child.pid, b.child.pid]);
    expect(await eventually(row, (r) => r?.attempts === 1)).toEqual({ status: "pending", attempts: 1 });
  }, 120_000);
});

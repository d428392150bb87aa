/**
 * Reliability 4: a durable timer set for "3 days later" (simulated clock shared by every process
 * through pg-boss's TestClock) fires exactly once across a stop and start of every process.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase, skipPg, testPool, type TestDatabase } from "./helpers/pg.js";
import {
  createDeliveriesTable,
  deliveryCounts,
  enqueueInputs,
  eventually,
  openJobs,
  startWorkerProcess,
  useSimulatedClock,
  type WorkerProcess,
} from "./helpers/workers.js";
import { QUEUES } from "../src/worker/queues.js";
import { DAY } from "./fixtures/journey.js";

const T0 = Date.parse("2030-03-01T08:00:00Z");
const DAY3 = "reliability:1:t1:1:1:waiting/after:3d/0";

describe.skipIf(skipPg)("a 3-day timer across a full stop and start", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let clock: Awaited<ReturnType<typeof useSimulatedClock>>;
  const all: WorkerProcess[] = [];
  beforeAll(async () => {
    db = await createTestDatabase("jt_restart");
    pool = testPool(db.url, 3);
    await createDeliveriesTable(pool);
    clock = await useSimulatedClock(db.name, db.url, T0);
  });
  afterAll(async () => {
    await Promise.all(all.map((w) => w.kill().catch(() => {})));
    await clock?.close();
    await pool?.end();
    await db?.drop();
  });

  const start = async (n: number) => {
    const started = await Promise.all(Array.from({ length: n }, () => startWorkerProcess(db.url)));
    all.push(...started);
    return started;
  };
  const stopAll = async (workers: WorkerProcess[]) => {
    for (const code of await Promise.all(workers.map((w) => w.stop()))) expect(code).toBe(0);
  };

  it("fires once, at its due time, after every process was stopped and started again", async () => {
    const first = await start(2);
    await enqueueInputs(db.url, [{ kind: "record", customerId: "t1", record: { score: 0 } }]);
    await eventually(async () => (await deliveryCounts(pool)).size, (n) => n === 1);
    const { rows: armed } = await pool.query<{ due_at: number }>("SELECT due_at::float8 AS due_at FROM journeys.timers");
    expect(armed).toHaveLength(1);
    expect(armed[0]!.due_at).toBe(T0 + 3 * DAY);
    await stopAll(first);

    // Nothing runs while every process is down; the clock moves past the due time meanwhile.
    await clock.set(T0 + 3 * DAY + 5 * 60_000);
    const second = await start(2);
    await eventually(async () => (await deliveryCounts(pool)).get(DAY3), (n) => n === 1);
    await eventually(() => openJobs(pool, QUEUES.action), (n) => n === 0);
    await stopAll(second);

    // Another full restart, with time moving on: nothing fires again.
    await clock.set(T0 + 4 * DAY);
    const third = await start(1);
    await enqueueInputs(db.url, [{ kind: "event", id: "after-restart", customerId: "t1", type: "ping" }]);
    await eventually(async () => ({ inputs: await openJobs(pool, QUEUES.input), timers: await openJobs(pool, QUEUES.timer) }), (s) => s.inputs === 0 && s.timers === 0);
    await stopAll(third);

    expect((await deliveryCounts(pool)).get(DAY3)).toBe(1);
    expect((await pool.query("SELECT 1 FROM journeys.timers WHERE timer->>'kind' = 'after'")).rowCount).toBe(0);
    const { rows } = await pool.query<{ n: number; at: number }>(
      `SELECT count(*)::int AS n, min((entry->>'at')::float8) AS at FROM journeys.history
       WHERE entry->>'actionId' = 'waiting/after:3d/0' AND entry->>'status' = 'queued'`,
    );
    expect(rows[0]).toEqual({ n: 1, at: T0 + 3 * DAY + 5 * 60_000 });
  }, 120_000);
});

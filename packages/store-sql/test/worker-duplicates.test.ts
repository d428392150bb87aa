/**
 * Reliability 2: the same event and the same due timer, each delivered twice to the workers,
 * take effect once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { PgBoss } from "pg-boss";
import { skipPg } from "./helpers/pg.js";
import { useWorkerTestbed } from "./helpers/testbed.js";
import {
  deliveryCounts,
  enqueueInputs,
  eventually,
  openJobs,
  startWorkerProcess,
  useSimulatedClock,
} from "./helpers/workers.js";
import { BOSS_SCHEMA, QUEUES } from "../src/worker/queues.js";
import { DAY } from "./fixtures/journey.js";

const T0 = Date.parse("2030-01-01T09:00:00Z");

describe.skipIf(skipPg)("duplicate deliveries of inputs and timers", () => {
  const bed = useWorkerTestbed("jt_dupes", 3);
  let clock: Awaited<ReturnType<typeof useSimulatedClock>>;
  beforeAll(async () => {
    clock = await useSimulatedClock(bed.db.name, bed.db.url, T0);
  });
  afterAll(async () => {
    await clock?.close();
  });

  const score = async () =>
    (await bed.pool.query<{ score: number }>("SELECT (doc->'record'->>'score')::int AS score FROM journeys.customers WHERE customer_id = 'c1'"))
      .rows[0]?.score;

  it("an event queued twice is applied once; a timer woken twice fires once", async () => {
    bed.workers.push(await startWorkerProcess(bed.db.url), await startWorkerProcess(bed.db.url));
    await enqueueInputs(bed.db.url, [{ kind: "record", customerId: "c1", record: { score: 0 } }]);
    await eventually(async () => (await deliveryCounts(bed.pool)).size, (n) => n === 1);

    const ping = { kind: "event", id: "ping-1", customerId: "c1", type: "ping" };
    await enqueueInputs(bed.db.url, [ping, ping]);
    await enqueueInputs(bed.db.url, [ping]);
    await eventually(() => openJobs(bed.pool, QUEUES.input), (n) => n === 0);
    expect(await score()).toBe(1);
    const { rows: revs } = await bed.pool.query<{ rev: number }>("SELECT rev::int FROM journeys.customers WHERE customer_id = 'c1'");
    expect(revs[0]!.rev).toBe(2);

    // The 3-day timer is due; wake the workers for it twice more on top of its own job.
    const { rows: timers } = await bed.pool.query<{ id: string; due_at: number }>("SELECT id, due_at::float8 AS due_at FROM journeys.timers");
    expect(timers).toHaveLength(1);
    await clock.set(timers[0]!.due_at + 60_000);
    const boss = new PgBoss({ connectionString: bed.db.url, schema: BOSS_SCHEMA, supervise: false, schedule: false, max: 1 });
    await boss.start();
    await boss.insert(QUEUES.timer, [{ data: { id: timers[0]!.id } }, { data: { id: timers[0]!.id } }]);
    await boss.stop({ graceful: false });

    const day3 = "reliability:1:c1:1:1:waiting/after:3d/0";
    await eventually(
      async () => ({ timers: await openJobs(bed.pool, QUEUES.timer), actions: await openJobs(bed.pool, QUEUES.action), day3: (await deliveryCounts(bed.pool)).get(day3) }),
      (s) => s.actions === 0 && s.day3 === 1,
    );
    // A wake-up that found the timer claimed by another worker looks again when that lease
    // lapses: let simulated time pass it, so that every wake-up has run before counting.
    await clock.set(timers[0]!.due_at + 10 * 60_000);
    await eventually(() => openJobs(bed.pool, QUEUES.timer), (n) => n === 0);
    const { rows: fired } = await bed.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM journeys.outbox WHERE action->>'actionId' = 'waiting/after:3d/0'",
    );
    expect(fired[0]!.n).toBe(1);
    expect((await bed.pool.query("SELECT 1 FROM journeys.timers WHERE timer->>'kind' = 'after'")).rowCount).toBe(0);
    expect((await deliveryCounts(bed.pool)).get(day3)).toBe(1);
    const { rows: history } = await bed.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM journeys.history WHERE entry->>'actionId' = 'waiting/after:3d/0' AND entry->>'status' = 'queued'",
    );
    expect(history[0]!.n).toBe(1);
    expect(T0 + 3 * DAY).toBeLessThanOrEqual(timers[0]!.due_at);
  }, 120_000);
});

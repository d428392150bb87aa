/**
 * Jobs that can never succeed are never completed silently: a job with malformed data is
 * reported and moved to the dead-letter queue at once, and input jobs have a bounded number of
 * retries before they land there too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { PgBoss } from "pg-boss";
import { startWorker, type JourneyWorker } from "../src/worker/start-worker.js";
import { BOSS_SCHEMA, INPUT_RETRY_LIMIT, QUEUES } from "../src/worker/queues.js";
import { createTestDatabase, skipPg, testPool, type TestDatabase } from "./helpers/pg.js";
import { eventually } from "./helpers/workers.js";
import { journeyIr } from "./fixtures/journey.js";

describe.skipIf(skipPg)("worker dead-letter queue", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let worker: JourneyWorker | undefined;
  const errors: unknown[] = [];
  beforeAll(async () => {
    db = await createTestDatabase("jt_dead");
    pool = testPool(db.url, 2);
    worker = await startWorker({
      databaseUrl: db.url,
      journeys: [journeyIr],
      handlers: { email: () => {} },
      handleSignals: false,
      pollingIntervalSeconds: 0.5,
      onError: (e) => errors.push(e),
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await pool?.end();
    await db?.drop();
  });

  const jobs = async (queue: string) =>
    (await pool.query<{ state: string; data: unknown }>(`SELECT state, data FROM ${BOSS_SCHEMA}.job WHERE name = $1`, [queue])).rows;

  it("input jobs retry a bounded number of times, then go to the dead-letter queue; so do wake-ups", async () => {
    const rows = await pool.query<{ name: string; retry_limit: number; dead_letter: string | null }>(
      `SELECT name, retry_limit, dead_letter FROM ${BOSS_SCHEMA}.queue WHERE name = ANY($1)`,
      [[QUEUES.input, QUEUES.timer, QUEUES.action]],
    );
    const byName = new Map(rows.rows.map((r) => [r.name, r]));
    expect(byName.get(QUEUES.input)).toMatchObject({ retry_limit: INPUT_RETRY_LIMIT, dead_letter: QUEUES.dead });
    expect(INPUT_RETRY_LIMIT).toBeLessThan(100);
    expect(byName.get(QUEUES.timer)?.dead_letter).toBe(QUEUES.dead);
    expect(byName.get(QUEUES.action)?.dead_letter).toBe(QUEUES.dead);
  });

  it("an input job whose data does not parse is reported and dead-lettered, not completed", async () => {
    const boss = new PgBoss({ connectionString: db.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
    boss.on("error", () => {});
    await boss.start();
    try {
      await boss.send(QUEUES.input, { notAnInput: true });
      await boss.send(QUEUES.timer, { id: 42 });
    } finally {
      await boss.stop({ graceful: false });
    }
    const dead = await eventually(() => jobs(QUEUES.dead), (r) => r.length === 2, 20_000);
    expect(dead.map((r) => r.data)).toEqual(expect.arrayContaining([{ notAnInput: true }, { id: 42 }]));
    const sources = await pool.query<{ source_name: string; message: string }>(
      `SELECT source_name, source_output->>'message' AS message FROM ${BOSS_SCHEMA}.job WHERE name = $1 ORDER BY source_name`,
      [QUEUES.dead],
    );
    expect(sources.rows.map((r) => r.source_name)).toEqual([QUEUES.input, QUEUES.timer]);
    expect(sources.rows[0]!.message).toMatch(/^Malformed input job /);
    expect((await jobs(QUEUES.input)).map((r) => r.state)).toEqual(["failed"]);
    expect((await jobs(QUEUES.timer)).map((r) => r.state)).toEqual(["failed"]);
    const messages = errors.map((e) => (e as Error).message);
    expect(messages.some((m) => /^Malformed input job .*dead-letter queue "journeys-dead"/.test(m))).toBe(true);
    expect(messages.some((m) => /^Malformed timer job /.test(m))).toBe(true);
  });

  it("a second worker start on queues created without a dead letter adds it", async () => {
    await pool.query(`UPDATE ${BOSS_SCHEMA}.queue SET dead_letter = NULL, retry_limit = 1000 WHERE name = $1`, [QUEUES.input]);
    const second = await startWorker({ databaseUrl: db.url, journeys: [journeyIr], handlers: { email: () => {} }, handleSignals: false });
    await second.stop();
    const { rows } = await pool.query<{ retry_limit: number; dead_letter: string | null }>(`SELECT retry_limit, dead_letter FROM ${BOSS_SCHEMA}.queue WHERE name = $1`, [QUEUES.input]);
    expect(rows[0]).toEqual({ retry_limit: INPUT_RETRY_LIMIT, dead_letter: QUEUES.dead });
  });
});

/**
 * startWorker's failures at start-up are typed errors and leave nothing open behind them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startWorker } from "../src/worker/start-worker.js";
import { createTestDatabase, skipPg, testPool, type TestDatabase } from "./helpers/pg.js";
import { eventually } from "./helpers/workers.js";
import { journeyIr } from "./fixtures/journey.js";

describe.skipIf(skipPg)("startWorker at start-up", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase("jt_start");
    pool = testPool(db.url, 1);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const workerConnections = async () =>
    (
      await pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'journeys-worker'",
      )
    ).rows[0]!.n;

  it("a journey whose channel has no handler is refused, and every connection is closed", async () => {
    const error = await startWorker({ databaseUrl: db.url, journeys: [journeyIr], handlers: {}, handleSignals: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "MISSING_HANDLER" });
    expect(await eventually(workerConnections, (n) => n === 0, 10_000)).toBe(0);
  });

  it("starts, migrates, and stops cleanly when asked", async () => {
    const worker = await startWorker({ databaseUrl: db.url, journeys: [journeyIr], handlers: { email: () => {} }, handleSignals: false });
    expect(await workerConnections()).toBeGreaterThan(0);
    const { rows } = await pool.query<{ version: number }>("SELECT max(version)::int AS version FROM journeys.migrations");
    expect(rows[0]!.version).toBeGreaterThan(0);
    await worker.stop();
    await worker.stopped;
    expect(await eventually(workerConnections, (n) => n === 0, 10_000)).toBe(0);
  });
});

/**
 * The runtime's store conformance suite, run against the SQL store on both drivers: PGlite with
 * a data folder on disk, and a real PostgreSQL server (DATABASE_URL). One database per driver
 * for this file; every test starts from emptied tables.
 */
import { afterAll, beforeAll, describe } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStoreConformance } from "@journeys/runtime/conformance";
import { openPgDriver } from "../driver/pg.js";
import { openPgliteDriver } from "../driver/pglite.js";
import type { SqlDriver } from "../driver/types.js";
import { migrate } from "../sql/migrate.js";
import { createTestDatabase, skipPg, type TestDatabase } from "../../test/helpers/pg.js";
import { SqlJourneyStore } from "./sql-store.js";

const TABLES = ["customers", "processed_events", "timers", "outbox", "history", "metric_deltas", "quarantine"];

async function emptied(driver: SqlDriver): Promise<SqlJourneyStore> {
  await driver.exec(`TRUNCATE ${TABLES.map((t) => `journeys.${t}`).join(", ")} RESTART IDENTITY`);
  return new SqlJourneyStore({ driver, ownsDriver: false });
}

describe("PGlite (file-backed)", () => {
  let dir: string;
  let driver: SqlDriver;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "journeys-conformance-"));
    driver = await openPgliteDriver({ dataDir: dir });
    await migrate(driver);
  });
  afterAll(async () => {
    await driver?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  describeStoreConformance("SqlJourneyStore on PGlite", () => emptied(driver));
});

describe.skipIf(skipPg)("PostgreSQL", () => {
  let db: TestDatabase;
  let driver: SqlDriver;
  beforeAll(async () => {
    db = await createTestDatabase("jt_conformance");
    driver = await openPgDriver({ connectionString: db.url, max: 20 });
    await migrate(driver);
  });
  afterAll(async () => {
    await driver?.close();
    await db?.drop();
  });
  describeStoreConformance("SqlJourneyStore on PostgreSQL", () => emptied(driver));
});

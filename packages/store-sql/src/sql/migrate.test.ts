import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPgDriver } from "../driver/pg.js";
import { openPgliteDriver } from "../driver/pglite.js";
import type { SqlDriver } from "../driver/types.js";
import { createTestDatabase, skipPg, type TestDatabase } from "../../test/helpers/pg.js";
import { migrate, MigrationMismatchError } from "./migrate.js";
import { MIGRATIONS } from "./migrations.js";

function suite(name: string, open: () => Promise<SqlDriver>) {
  describe(name, () => {
    it("applies every migration once, records it, and is idempotent", async () => {
      const driver = await open();
      try {
        const first = await migrate(driver);
        expect(first.applied).toEqual(MIGRATIONS.map((m) => m.version));
        const second = await migrate(driver);
        expect(second).toEqual({ applied: [], version: first.version });
        const { rows } = await driver.query<{ version: number; name: string }>(
          "SELECT version, name FROM journeys.migrations ORDER BY version",
        );
        expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
      } finally {
        await driver.close();
      }
    });

    it("refuses a database whose applied migration changed", async () => {
      const driver = await open();
      try {
        await migrate(driver);
        const edited = MIGRATIONS.map((m) => ({ ...m, statements: [...m.statements, "SELECT 1"] }));
        await expect(migrate(driver, edited)).rejects.toBeInstanceOf(MigrationMismatchError);
      } finally {
        await driver.close();
      }
    });

    it("applies a later migration on top of an existing schema", async () => {
      const driver = await open();
      try {
        await migrate(driver);
        const next = [...MIGRATIONS, { version: 999, name: "probe", statements: ["CREATE TABLE journeys.probe (x int)"] }];
        const report = await migrate(driver, next);
        expect(report).toEqual({ applied: [999], version: 999 });
        await driver.query("INSERT INTO journeys.probe (x) VALUES (1)");
      } finally {
        await driver.close();
      }
    });
  });
}

suite("migrations on PGlite (file-backed)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "journeys-migrate-"));
  const driver = await openPgliteDriver({ dataDir: dir });
  const close = driver.close;
  return { ...driver, close: async () => { await close(); rmSync(dir, { recursive: true, force: true }); } };
});

describe.skipIf(skipPg)("migrations on PostgreSQL", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("jt_migrate");
  });
  afterAll(async () => {
    await db?.drop();
  });
  it("run concurrently from several pools, applied exactly once", async () => {
    const drivers = await Promise.all([1, 2, 3, 4].map(() => openPgDriver({ connectionString: db.url, max: 2 })));
    try {
      const reports = await Promise.all(drivers.map((d) => migrate(d)));
      const appliedCount = reports.reduce((n, r) => n + r.applied.length, 0);
      expect(appliedCount).toBe(MIGRATIONS.length);
      const { rows } = await drivers[0]!.query<{ n: number }>("SELECT count(*)::int AS n FROM journeys.migrations");
      expect(rows[0]!.n).toBe(MIGRATIONS.length);
    } finally {
      await Promise.all(drivers.map((d) => d.close()));
    }
  });
  suite("the same suite on PostgreSQL", async () => {
    const fresh = await createTestDatabase("jt_migrate");
    const driver = await openPgDriver({ connectionString: fresh.url, max: 2 });
    return { ...driver, close: async () => { await driver.close(); await fresh.drop(); } };
  });
});

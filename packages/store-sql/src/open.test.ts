import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "./open.js";
import { createTestDatabase, skipPg, type TestDatabase } from "../test/helpers/pg.js";

describe("openStore(location)", () => {
  it("opens a PGlite data folder for a path and an in-memory PGlite for memory:", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "journeys-open-")), "db");
    try {
      const onDisk = await openStore(dir);
      expect(onDisk.driver.kind).toBe("pglite");
      expect(existsSync(join(dir, "journeys.lock"))).toBe(true);
      await onDisk.close();
      const inMemory = await openStore("memory:");
      expect(inMemory.driver.kind).toBe("pglite");
      expect(await inMemory.listCustomerIds()).toEqual([]);
      await inMemory.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe.skipIf(skipPg)("with a PostgreSQL URL", () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase("jt_open");
    });
    afterAll(async () => {
      await db?.drop();
    });
    it("opens PostgreSQL, migrated", async () => {
      const store = await openStore(db.url);
      try {
        expect(store.driver.kind).toBe("pg");
        const { rows } = await store.driver.query<{ n: number }>("SELECT count(*)::int AS n FROM journeys.migrations");
        expect(rows[0]!.n).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    });
  });
});

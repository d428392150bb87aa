import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * Tests that need PostgreSQL read DATABASE_URL. Without it they fail with instructions, unless a
 * developer (never CI) opts out explicitly with JOURNEYS_SKIP_PG=1.
 */
export const skipPg = !process.env.DATABASE_URL && !process.env.CI && process.env.JOURNEYS_SKIP_PG === "1";

const HOW_TO =
  "DATABASE_URL is not set. These tests need a real PostgreSQL server: start one as in " +
  "docs/deploy.md (\"A local PostgreSQL for development\") and run e.g. " +
  "DATABASE_URL=postgres://postgres@127.0.0.1:54329/journeys pnpm vitest run packages/store-sql " +
  "(or set JOURNEYS_SKIP_PG=1 outside CI to skip them on purpose).";

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error(HOW_TO);
  return url;
}

/** A fresh database for one test file, dropped by `drop()`. */
export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = "jt"): Promise<TestDatabase> {
  const base = databaseUrl();
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A pool for a test's own queries. Dropping its database at the end may kill idle clients. */
export function testPool(url: string, max = 3): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => {});
  return pool;
}

import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { acquireFolderLock, type FolderLock } from "../lock/folder-lock.js";
import type { SqlDriver, SqlExecutor, SqlResult } from "./types.js";

/** Options for {@link openPgliteDriver}. */
export interface PgliteDriverOptions {
  /**
   * The data folder. Created when missing, locked for the life of the driver. Omit for an
   * in-memory database (tests, benchmarks), which takes no lock.
   */
  readonly dataDir?: string;
}

// Same reasoning as the pg driver: int8/numeric hold epoch milliseconds and counters.
const parsers = {
  [pgliteTypes.INT8]: (value: string) => Number(value),
  [pgliteTypes.NUMERIC]: (value: string) => Number(value),
};

interface PgliteLike {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
}

function wrap(db: PgliteLike): SqlExecutor {
  return {
    async query<Row>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>> {
      const result = await db.query<Row>(text, params ? [...params] : []);
      return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
    },
  };
}

/**
 * Opens an embedded PGlite database as a {@link SqlDriver}. A file-backed folder is locked
 * exclusively: a second process opening it gets a `FolderLockedError`.
 *
 * @example
 * ```ts
 * const driver = await openPgliteDriver({ dataDir: "./.journeys/db" });
 * ```
 */
export async function openPgliteDriver(options: PgliteDriverOptions = {}): Promise<SqlDriver> {
  const lock: FolderLock | undefined = options.dataDir ? acquireFolderLock(options.dataDir) : undefined;
  let db: PGlite;
  try {
    db = await PGlite.create(options.dataDir ?? "memory://", { parsers });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const root = wrap(db);
  let closed = false;
  return {
    kind: "pglite",
    query: root.query,
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return db.transaction((tx) => fn(wrap(tx)));
    },
    async exec(script: string): Promise<void> {
      await db.exec(script);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await db.close();
      } finally {
        lock?.release();
      }
    },
  };
}

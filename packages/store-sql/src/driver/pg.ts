import pg from "pg";
import type { SqlDriver, SqlExecutor, SqlResult } from "./types.js";

/** The database could not be reached or refused the connection at start-up. */
export class DatabaseUnavailableError extends Error {
  readonly code = "JOURNEYS_DB_UNAVAILABLE" as const;
  constructor(url: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message || (cause as { code?: string }).code || cause.name : String(cause);
    super(`Could not connect to PostgreSQL at ${redact(url)}: ${reason}.`, { cause });
    this.name = "DatabaseUnavailableError";
  }
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(an unparseable connection string)";
  }
}

/** Options for {@link openPgDriver}. */
export interface PgDriverOptions {
  /** A PostgreSQL URL, e.g. `postgres://user@host:5432/db`. */
  readonly connectionString: string;
  /** Pool size. Default 10. */
  readonly max?: number;
  /** Extra settings sent at connection start (libpq `options`), e.g. `-c statement_timeout=5000`. */
  readonly options?: string;
  /** Shown in `pg_stat_activity`. Default "journeys". */
  readonly applicationName?: string;
}

// int8 and numeric come back as strings by default; every bigint the store reads is an epoch
// millisecond or a counter well inside 2^53, so numbers are the honest type.
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(oid, format);
  },
};

function wrap(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async query<Row>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>> {
      const result = await client.query({ text, values: params ? [...params] : [], types } as pg.QueryConfig);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
  };
}

/**
 * Opens a PostgreSQL connection pool as a {@link SqlDriver}.
 *
 * @example
 * ```ts
 * const driver = await openPgDriver({ connectionString: "postgres://postgres@127.0.0.1:54329/journeys" });
 * ```
 */
export async function openPgDriver(options: PgDriverOptions): Promise<SqlDriver> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "journeys",
    ...(options.options ? { options: options.options } : {}),
  });
  // An idle client's network error must not crash the host process; the next query reconnects.
  pool.on("error", () => {});
  const root = wrap(pool);
  try {
    await root.query("select 1");
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailableError(options.connectionString, error);
  }
  let closed = false;
  return {
    kind: "pg",
    query: root.query,
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query("BEGIN");
        const value = await fn(wrap(client));
        await client.query("COMMIT");
        return value;
      } catch (error) {
        try {
          await client.query("ROLLBACK");
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async exec(script: string): Promise<void> {
      await pool.query(script);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

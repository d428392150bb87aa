/**
 * The one seam between the SQL store and a database engine. The store's SQL is written once
 * (src/sql/) and runs unchanged on both drivers: PGlite embedded and PostgreSQL through `pg`.
 */

/** A result row set. `rowCount` counts rows affected by INSERT/UPDATE/DELETE, or returned by SELECT. */
export interface SqlResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

/** Something that runs one parameterised statement: the driver itself, or an open transaction. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>>;
}

/**
 * A database connection (or pool) the store runs on.
 *
 * @example
 * ```ts
 * const driver = await openPgDriver({ connectionString: process.env.DATABASE_URL! });
 * const n = await driver.transaction(async (tx) => {
 *   const { rows } = await tx.query<{ n: number }>("select 1::int as n");
 *   return rows[0]!.n;
 * });
 * await driver.close();
 * ```
 */
export interface SqlDriver extends SqlExecutor {
  /** Which engine this is; only used for diagnostics and benchmark labels, never to fork the SQL. */
  readonly kind: "pglite" | "pg";
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Releases connections and locks. Idempotent. */
  close(): Promise<void>;
}

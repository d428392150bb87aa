import { createHash } from "node:crypto";
import type { SqlDriver } from "../driver/types.js";
import { MIGRATIONS, type Migration } from "./migrations.js";

/** Thrown when the database holds a migration this code does not know or knows differently. */
export class MigrationMismatchError extends Error {
  readonly code = "JOURNEYS_MIGRATION_MISMATCH" as const;
  constructor(message: string) {
    super(message);
    this.name = "MigrationMismatchError";
  }
}

/** What {@link migrate} did. */
export interface MigrationReport {
  /** Versions applied by this call, ascending. Empty when the schema was already current. */
  readonly applied: number[];
  /** The schema version after the call. */
  readonly version: number;
}

// pg_advisory_xact_lock key: "jrny" in ASCII. Serialises start-up of many workers on one database.
const MIGRATION_LOCK_KEY = 0x6a726e79;

function checksum(migration: Migration): string {
  return createHash("sha256").update(migration.statements.join("\n;\n")).digest("hex");
}

/**
 * Brings the `journeys` schema to the newest version: idempotent, safe to call from many
 * processes at once (an advisory lock serialises them), and recorded in
 * `journeys.migrations` (version, name, checksum, applied_at).
 *
 * @example
 * ```ts
 * const { applied } = await migrate(driver); // [1] on a fresh database, [] afterwards
 * ```
 */
export async function migrate(driver: SqlDriver, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationReport> {
  return driver.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await tx.query("CREATE SCHEMA IF NOT EXISTS journeys");
    await tx.query(
      `CREATE TABLE IF NOT EXISTS journeys.migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         checksum text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await tx.query<{ version: number; name: string; checksum: string }>(
      "SELECT version, name, checksum FROM journeys.migrations ORDER BY version",
    );
    const known = new Map(migrations.map((m) => [m.version, m]));
    for (const row of rows) {
      const migration = known.get(row.version);
      if (!migration) {
        throw new MigrationMismatchError(
          `The database has journeys migration ${row.version} ("${row.name}"), which this version of @journeys/store-sql does not know; upgrade the package.`,
        );
      }
      if (checksum(migration) !== row.checksum) {
        throw new MigrationMismatchError(
          `Journeys migration ${row.version} ("${row.name}") differs from the one applied to this database; shipped migrations must never change.`,
        );
      }
    }
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query("INSERT INTO journeys.migrations (version, name, checksum) VALUES ($1, $2, $3)", [
        migration.version,
        migration.name,
        checksum(migration),
      ]);
      applied.push(migration.version);
    }
    const version = Math.max(0, ...rows.map((r) => r.version), ...applied);
    return { applied, version };
  });
}

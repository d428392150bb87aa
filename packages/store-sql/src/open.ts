import { openPgDriver, type PgDriverOptions } from "./driver/pg.js";
import { openPgliteDriver } from "./driver/pglite.js";
import type { SqlDriver } from "./driver/types.js";
import { migrate } from "./sql/migrate.js";
import { SqlJourneyStore } from "./store/sql-store.js";
import type { WakeupScheduler } from "./store/wakeups.js";

async function migrated(driver: SqlDriver, wakeups?: WakeupScheduler): Promise<SqlJourneyStore> {
  try {
    await migrate(driver);
  } catch (error) {
    await driver.close();
    throw error;
  }
  return new SqlJourneyStore({ driver, ...(wakeups ? { wakeups } : {}) });
}

/**
 * Opens the embedded durable store: PGlite in a data folder (no server to install), migrated on
 * start-up. The folder is locked for this process; a second process gets a `FolderLockedError`.
 * Omit `dataDir` for an in-memory database.
 *
 * @example
 * ```ts
 * const store = await openPgliteStore({ dataDir: "./.journeys/db" });
 * const runtime = createRuntime({ journeys: [ir], store, handlers });
 * // ...
 * await store.close();
 * ```
 */
export async function openPgliteStore(options: { dataDir?: string } = {}): Promise<SqlJourneyStore> {
  return migrated(await openPgliteDriver(options));
}

/**
 * Opens the PostgreSQL store through a `pg` pool, migrated on start-up (idempotent; concurrent
 * start-ups are serialised by an advisory lock).
 *
 * @example
 * ```ts
 * const store = await openPostgresStore({ connectionString: process.env.DATABASE_URL! });
 * ```
 */
export async function openPostgresStore(options: PgDriverOptions & { wakeups?: WakeupScheduler }): Promise<SqlJourneyStore> {
  return migrated(await openPgDriver(options), options.wakeups);
}

/**
 * Opens a store from one location string, as a command line takes it: a `postgres://` or
 * `postgresql://` URL opens PostgreSQL, `memory:` an in-memory PGlite database, anything else
 * a PGlite data folder at that path.
 *
 * @example
 * ```ts
 * const store = await openStore(process.env.DATABASE_URL ?? "./.journeys/db");
 * ```
 */
export async function openStore(location: string): Promise<SqlJourneyStore> {
  if (/^postgres(ql)?:\/\//i.test(location)) return openPostgresStore({ connectionString: location });
  if (location === "memory:") return openPgliteStore();
  return openPgliteStore({ dataDir: location });
}

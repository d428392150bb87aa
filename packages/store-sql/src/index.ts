/**
 * @journeys/store-sql: durable journey stores.
 *
 * - Embedded: {@link openPgliteStore} (PGlite in a locked data folder, no server).
 * - Production: {@link openPostgresStore} (PostgreSQL through `pg`), the same SQL and migrations.
 * - Scale-out: {@link startWorker} runs a worker process against a PostgreSQL URL; several share
 *   the work through pg-boss.
 *
 * @packageDocumentation
 */
export type { SqlDriver, SqlExecutor, SqlResult } from "./driver/types.js";
export { openPgDriver, DatabaseUnavailableError, redact, type PgDriverOptions } from "./driver/pg.js";
export { openPgliteDriver, type PgliteDriverOptions } from "./driver/pglite.js";
export { acquireFolderLock, FolderLockedError, type FolderLock } from "./lock/folder-lock.js";
export { migrate, MigrationMismatchError, type MigrationReport } from "./sql/migrate.js";
export { MIGRATIONS, type Migration } from "./sql/migrations.js";
export { SqlJourneyStore, type SqlStoreOptions } from "./store/sql-store.js";
export { CorruptRowError } from "./store/rows.js";
export type { WakeupScheduler, Wakeups } from "./store/wakeups.js";
export { openPgliteStore, openPostgresStore, openStore } from "./open.js";
export { startWorker, InvalidWorkerOptionsError, MalformedJobError, type WorkerOptions, type JourneyWorker } from "./worker/start-worker.js";
export { PgBossWakeups } from "./worker/boss-wakeups.js";
export { openInputQueue, type InputQueue } from "./worker/input-queue.js";
export { BOSS_SCHEMA, QUEUES, INPUT_RETRY_LIMIT } from "./worker/queues.js";

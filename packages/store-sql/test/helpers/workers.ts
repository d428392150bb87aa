import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { PgBoss } from "pg-boss";
import { fixture, spawnTs, waitForLine } from "./spawn.js";
import { BOSS_SCHEMA } from "../../src/worker/queues.js";
import { openInputQueue } from "../../src/worker/input-queue.js";

const workerFile = fixture("worker.ts");

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** SIGTERM, then wait for a clean exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: no cleanup at all. */
  kill(): Promise<void>;
}

export async function startWorkerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawnTs(workerFile, [], { DATABASE_URL: databaseUrl, ...env });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  try {
    await waitForLine(child, (l) => l === "ready");
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- worker output ---\n${out}`);
  }
  return {
    child,
    output: () => out,
    async stop() {
      child.kill("SIGTERM");
      return exited;
    },
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** The deliveries table the fixture's handler writes. */
export async function createDeliveriesTable(client: pg.Pool): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS test_deliveries (
    seq bigserial PRIMARY KEY, key text NOT NULL, template text NOT NULL, customer_id text NOT NULL,
    attempt int NOT NULL, pid int NOT NULL, locks int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`);
}

/** Queues host inputs the way a host application would: `openInputQueue`, without a worker. */
export async function enqueueInputs(databaseUrl: string, inputs: readonly unknown[]): Promise<void> {
  const queue = await openInputQueue({ databaseUrl });
  try {
    await queue.enqueue(inputs);
  } finally {
    await queue.close();
  }
}

/** Polls `check` until it returns true (or throws after `timeoutMs` with the last value). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const start = Date.now();
  let value = await read();
  while (!done(value)) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not reached in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

/** Jobs of one queue not yet finished (created, retry or active). */
export async function openJobs(pool: pg.Pool, queue: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
    [queue],
  );
  return rows[0]!.n;
}

/** Deliveries per idempotency key, from the fixture handler's table. */
export async function deliveryCounts(pool: pg.Pool): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ key: string; n: number }>("SELECT key, count(*)::int AS n FROM test_deliveries GROUP BY key");
  return new Map(rows.map((r) => [r.key, r.n]));
}

/**
 * Installs pg-boss's schema, then makes every new session of this test database read pg-boss's
 * simulated clock (`TestClock`), so that worker processes share one simulated "now".
 */
export async function useSimulatedClock(databaseName: string, databaseUrl: string, start: number) {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: BOSS_SCHEMA, supervise: false, schedule: false, max: 1 });
  await boss.start();
  await boss.stop({ graceful: false });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`ALTER DATABASE "${databaseName}" SET pgboss.test_clock = 'on'`);
  const { TestClock } = await import("pg-boss");
  const clock = new TestClock(start);
  await clock.attach({ db: { executeSql: (text: string, values?: unknown[]) => client.query(text, values) }, schema: BOSS_SCHEMA });
  return {
    set: (at: number) => clock.setTime(at),
    close: () => client.end(),
  };
}

import { PgBoss } from "pg-boss";
import { DatabaseUnavailableError } from "../driver/pg.js";
import { BOSS_SCHEMA, QUEUES } from "./queues.js";

/** A producer of host inputs for the workers of one database. */
export interface InputQueue {
  /** Queue records and events, in order, for any worker to apply. Resolves once committed. */
  enqueue(inputs: readonly unknown[]): Promise<void>;
  close(): Promise<void>;
}

// pg-boss inserts one statement per call; larger batches are split to keep statements small.
const BATCH = 1_000;

/**
 * Opens a queue for host inputs without running a worker, e.g. in a web process that receives
 * events while `startWorker()` runs elsewhere. Inputs are validated by the worker that applies
 * them (invalid ones end in quarantine, as with `runtime.ingest`). The workers must have started
 * once on this database (they create the queues).
 *
 * @example
 * ```ts
 * const queue = await openInputQueue({ databaseUrl: process.env.DATABASE_URL! });
 * await queue.enqueue([{ kind: "event", id: "evt_9", customerId: "cus_1", type: "visit" }]);
 * await queue.close();
 * ```
 */
export async function openInputQueue(options: { databaseUrl: string; poolSize?: number }): Promise<InputQueue> {
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: BOSS_SCHEMA,
    max: options.poolSize ?? 2,
    application_name: "journeys-producer",
    supervise: false,
    schedule: false,
  });
  boss.on("error", () => {});
  try {
    await boss.start();
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw new DatabaseUnavailableError(options.databaseUrl, error);
  }
  return {
    async enqueue(inputs) {
      for (let i = 0; i < inputs.length; i += BATCH) {
        await boss.insert(QUEUES.input, inputs.slice(i, i + BATCH).map((input) => ({ data: { input } })));
      }
    },
    close: () => boss.stop({ graceful: false }),
  };
}

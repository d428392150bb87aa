import { PgBoss, type Job, type JobResult } from "pg-boss";
import { createRuntime, type ActionHandler, type JourneyRuntime, type RetryPolicy } from "@journeys/runtime";
import { z } from "zod";
import { DatabaseUnavailableError } from "../driver/pg.js";
import { openPostgresStore } from "../open.js";
import type { SqlJourneyStore } from "../store/sql-store.js";
import { PgBossWakeups } from "./boss-wakeups.js";
import { DatabaseClock } from "./db-clock.js";
import { handleActionJob, handleInputJob, handleTimerJob } from "./jobs.js";
import { BOSS_SCHEMA, createQueues, QUEUES } from "./queues.js";
import { scopedStore } from "./scoped-store.js";

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  /** PostgreSQL URL shared by every worker, e.g. `postgres://user@db:5432/journeys`. */
  readonly databaseUrl: string;
  /** Compiled journey IRs, as for `createRuntime`. Every worker must be given the same set. */
  readonly journeys: readonly unknown[];
  /** Action handlers by channel or action kind, as for `createRuntime`. */
  readonly handlers: Record<string, ActionHandler>;
  /** Jobs handled at once per queue in this process. Default 4. */
  readonly concurrency?: number;
  /** Jobs fetched per poll. Default 8. */
  readonly batchSize?: number;
  /** Delivery retry policy; `leaseMs` also bounds how long a claimed timer or action is held. */
  readonly retry?: Partial<RetryPolicy>;
  /** `"compiled"` (default) or `"xstate"`. */
  readonly engine?: "compiled" | "xstate";
  /** Connections per pool (this process opens two: the store's and pg-boss's). Default 10. */
  readonly poolSize?: number;
  /** Stop gracefully on SIGTERM and SIGINT. Default true. */
  readonly handleSignals?: boolean;
  /** How long `stop()` waits for in-flight jobs before releasing them for retry. Default 30 000 ms. */
  readonly shutdownTimeoutMs?: number;
  /** Seconds between pg-boss's expiry checks (a dead worker's jobs are retried after this). Default 10. */
  readonly superviseIntervalSeconds?: number;
  /** Seconds between polls when idle (LISTEN/NOTIFY wakes workers sooner). Default 1, minimum 0.5. */
  readonly pollingIntervalSeconds?: number;
  /** Errors of background work (a job that failed and will be retried, a lost connection). */
  readonly onError?: (error: unknown) => void;
  /** Called after each job this worker handled (for logs and metrics). */
  readonly onJob?: (job: { queue: "input" | "timer" | "action"; ok: boolean }) => void;
}

/** A running worker. */
export interface JourneyWorker {
  readonly store: SqlJourneyStore;
  readonly runtime: JourneyRuntime;
  /** Queue host inputs (records, events) for any worker to apply. */
  enqueue(inputs: readonly unknown[]): Promise<void>;
  /** Stop taking jobs, finish in-flight ones (or release them after the timeout), close pools. */
  stop(): Promise<void>;
  /** Resolves once the worker has stopped (after `stop()` or a signal). */
  readonly stopped: Promise<void>;
}

/** `startWorker` was given an option it cannot use. */
export class InvalidWorkerOptionsError extends Error {
  readonly code = "JOURNEYS_INVALID_OPTIONS" as const;
  constructor(message: string) {
    super(message);
    this.name = "InvalidWorkerOptionsError";
  }
}

/**
 * A job whose data does not match its queue's shape (written by something other than a worker or
 * `openInputQueue`). It is reported through `onError` and moved to the dead-letter queue
 * (`journeys-dead`) at once.
 */
export class MalformedJobError extends Error {
  readonly code = "JOURNEYS_MALFORMED_JOB" as const;
  constructor(
    readonly queue: "input" | "timer" | "action",
    readonly jobId: string,
    reason: string,
  ) {
    super(`Malformed ${queue} job ${jobId} (${reason}): moved to the dead-letter queue "${QUEUES.dead}".`);
    this.name = "MalformedJobError";
  }
}

const positiveInt = z.number().int().positive();
const OptionsSchema = z.object({
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL"),
  journeys: z.array(z.unknown()).min(1, "must hold at least one compiled journey"),
  handlers: z.record(z.string(), z.custom<ActionHandler>((v) => typeof v === "function", "must be a function")),
  concurrency: positiveInt.optional(),
  batchSize: positiveInt.optional(),
  poolSize: positiveInt.optional(),
  shutdownTimeoutMs: z.number().nonnegative().optional(),
  superviseIntervalSeconds: z.number().min(1).optional(),
  pollingIntervalSeconds: z.number().min(0.5).optional(),
});

const JobData = {
  id: z.object({ id: z.string().min(1) }),
  input: z.object({ input: z.unknown() }),
};

/**
 * Starts a worker: applies queued inputs, fires due timers and delivers queued actions, sharing
 * the work with every other worker on the same database through pg-boss. Migrations (the store's
 * and pg-boss's) run on start. A transition, the timers it arms and the actions it queues commit
 * in one transaction together with the pg-boss jobs that will wake workers for them.
 *
 * Guarantees: each input and each due timer takes effect once; each action is delivered at
 * least once (a worker killed mid-delivery causes one more delivery after its lease lapses);
 * updates of one customer from several workers never overwrite each other (revision check).
 *
 * @example
 * ```ts
 * import { startWorker } from "@journeys/store-sql";
 * const worker = await startWorker({
 *   databaseUrl: process.env.DATABASE_URL!,
 *   journeys: [compile(source).ir],
 *   handlers: { email: (d) => mailer.send(d.customer.record.email, d.template, d.data, d.idempotencyKey) },
 * });
 * await worker.enqueue([{ kind: "event", id: "evt_1", customerId: "cus_1", type: "purchase", properties: { value: 40 } }]);
 * // SIGTERM → graceful stop; or: await worker.stop();
 * ```
 */
export async function startWorker(options: WorkerOptions): Promise<JourneyWorker> {
  const checked = OptionsSchema.safeParse(options);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new InvalidWorkerOptionsError(`Invalid worker option "${issue.path.join(".")}": ${issue.message}.`);
  }
  const onError = options.onError ?? (() => {});
  const poolSize = options.poolSize ?? 10;
  const superviseIntervalSeconds = options.superviseIntervalSeconds ?? 10;
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: BOSS_SCHEMA,
    max: poolSize,
    application_name: "journeys-worker",
    supervise: true,
    schedule: false,
    superviseIntervalSeconds,
    monitorIntervalSeconds: superviseIntervalSeconds,
    useListenNotify: true,
  });
  boss.on("error", onError);
  try {
    await boss.start();
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw new DatabaseUnavailableError(options.databaseUrl, error);
  }
  let store: SqlJourneyStore | undefined;
  let runtime: JourneyRuntime;
  let clock: DatabaseClock;
  let scope: ReturnType<typeof scopedStore>["scope"];
  try {
    store = await openPostgresStore({
      connectionString: options.databaseUrl,
      max: poolSize,
      applicationName: "journeys-worker",
      wakeups: new PgBossWakeups(boss),
    });
    const leaseMs = options.retry?.leaseMs ?? 60_000;
    await createQueues(boss, { timerLeaseMs: leaseMs, actionLeaseMs: leaseMs });
    // One clock for every worker and for pg-boss: the database's. A job is fetched only once
    // job_now() has reached its start time, and the handler reads the clock after that, so a
    // woken worker always sees its timer or action as due. (Simulated time: pg-boss's TestClock.)
    clock = new DatabaseClock(store.driver);
    await clock.refresh();
    const scoped = scopedStore(store);
    scope = scoped.scope;
    // Throws for an invalid journey or a missing handler: nothing may stay open then.
    runtime = createRuntime({
      journeys: options.journeys,
      handlers: options.handlers,
      store: scoped.store,
      clock,
      ...(options.engine ? { engine: options.engine } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      // Deliveries go through pg-boss jobs only, so any worker may take them, and one path is audited.
      deliverInline: false,
    });
  } catch (error) {
    await store?.close();
    await boss.stop({ graceful: false });
    throw error;
  }
  const sqlStore = store;
  const now = (): Promise<number> => clock.refresh();
  const ctx = { store: sqlStore, runtime, scope, wakeups: new PgBossWakeups(boss), now };

  const onJob = options.onJob ?? (() => {});
  // pg-boss's own graceful stop does not wait for running handlers, so the worker tracks them.
  const inFlight = new Set<Promise<unknown>>();
  const perJob = <T>(queue: "input" | "timer" | "action", schema: z.ZodType<T>, handle: (data: T, jobId: string) => Promise<void>) => async (jobs: Job<unknown>[]): Promise<JobResult[]> => {
    const batch = Promise.allSettled(
      jobs.map(async (job) => {
        const data = schema.safeParse(job.data);
        // A malformed job can never succeed: retrying it is pointless, completing it would hide it.
        if (!data.success) throw new MalformedJobError(queue, job.id, data.error.issues[0]?.message ?? "invalid");
        await handle(data.data, job.id);
      }),
    );
    inFlight.add(batch);
    const settled = await batch.finally(() => inFlight.delete(batch));
    return settled.map((s, i) => {
      const id = jobs[i]!.id;
      onJob({ queue, ok: s.status === "fulfilled" });
      if (s.status === "fulfilled") return { id, status: "completed" };
      onError(s.reason);
      const output = { message: s.reason instanceof Error ? s.reason.message : String(s.reason) };
      return { id, status: s.reason instanceof MalformedJobError ? "deadletter" : "failed", output };
    });
  };
  const pollingIntervalSeconds = Math.max(0.5, options.pollingIntervalSeconds ?? 1);
  const workOptions = {
    batchSize: options.batchSize ?? 8,
    localConcurrency: options.concurrency ?? 4,
    pollingIntervalSeconds,
    // pg-boss stretches polling to 30 s on notify-enabled queues; a NOTIFY is sent when a job is
    // inserted, not when a job inserted for later becomes due, so keep polling at the same pace.
    notifyPollingIntervalSeconds: pollingIntervalSeconds,
    burstWhenBatchFull: true,
    perJobResults: true as const,
  };
  await boss.work(QUEUES.input, workOptions, perJob("input", JobData.input, ({ input }, jobId) => handleInputJob(ctx, jobId, input)));
  await boss.work(QUEUES.timer, workOptions, perJob("timer", JobData.id, ({ id }) => handleTimerJob(ctx, id)));
  await boss.work(QUEUES.action, workOptions, perJob("action", JobData.id, ({ id }) => handleActionJob(ctx, id)));

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | undefined;
  const onSignal = () => void stop().catch(onError);
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
      try {
        // No new jobs; in-flight jobs finish, or after the timeout are failed back to their queue
        // (pg-boss retries them elsewhere) while their store leases lapse.
        await Promise.all([QUEUES.input, QUEUES.timer, QUEUES.action].map((q) => boss.offWork(q, { wait: false })));
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((r) => (timer = setTimeout(r, options.shutdownTimeoutMs ?? 30_000)));
        await Promise.race([Promise.allSettled([...inFlight]), timeout]);
        clearTimeout(timer);
        await boss.stop({ graceful: false });
      } finally {
        await sqlStore.close();
        resolveStopped();
      }
    })();
    return stopping;
  };
  if (options.handleSignals ?? true) {
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  }
  return {
    store: sqlStore,
    runtime,
    async enqueue(inputs) {
      if (inputs.length === 0) return;
      await boss.insert(QUEUES.input, inputs.map((input) => ({ data: { input } })));
    },
    stop,
    stopped,
  };
}

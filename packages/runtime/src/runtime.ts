/**
 * `createRuntime`: the async orchestration around the pure core. Per input: load the customer,
 * apply the input (validate, dedupe, merge, step every journey), commit once (optimistic
 * concurrency, retried on conflict), then deliver the queued actions outside any lock.
 */
import { randomUUID } from "node:crypto";
import { systemClock, type Clock } from "./clock.js";
import { defaultRetryPolicy, deliverOne, type ActionHandler, type DeliveryContext, type RetryPolicy } from "./delivery/deliver.js";
import { applyInput, prepareJourneys, type CoreInput, type PreparedJourneys } from "./engine/apply.js";
import { compiledEngine, type MoveEngine } from "./engine/step.js";
import { xstateEngine } from "./engine/xstate-engine.js";
import { planMigration, type MigrationOptions } from "./engine/migrate.js";
import { JourneyRuntimeError, type FieldIssue } from "./errors.js";
import { HostInputSchema, type HostInput } from "./inputs/schemas.js";
import { quarantineJson } from "./inputs/quarantine-json.js";
import { dataCopy, DataRefusedError } from "./inputs/validate.js";
import { createKeyedMutex } from "./mutex.js";
import { ingestBatchSync } from "./batch.js";
import { createQueries, type RuntimeQueries } from "./queries.js";
import { createMemoryStore, type SyncStoreFace } from "./store/memory.js";
import type { Json, JourneyStore } from "./store/types.js";

/** Options of {@link createRuntime}. */
export interface RuntimeOptions {
  /** Compiled journey IRs (from `compile()` of `@journeys/dsl`); several versions of one id allowed. */
  journeys: readonly unknown[];
  /** Handlers keyed by channel (`email`, ...) or action kind (`tag`, `untag`, `set`, `add`). */
  handlers: Record<string, ActionHandler>;
  /** Defaults to a new in-memory store. */
  store?: JourneyStore;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** `"compiled"` (default, fast) or `"xstate"` (XState v5 pure transitions); same results. */
  engine?: "compiled" | "xstate";
  /** Delivery retry policy. */
  retry?: Partial<RetryPolicy>;
  /** Deliver an input's actions right after its commit (default true); else only in `runDue`. */
  deliverInline?: boolean;
  /**
   * The compiled engine's quick path for inputs that move nobody (default true). Turning it off
   * changes speed only; the tests compare both.
   */
  quickPath?: boolean;
}

/** What happened to one input. */
export type IngestResult =
  | { status: "applied"; customerId: string }
  | { status: "duplicate"; customerId: string }
  | { status: "quarantined"; customerId: string | null; quarantineId: string; error: { code: "INVALID_INPUT"; message: string; issues: FieldIssue[] } };

/** Counts of one `runDue` / `runUntil` pass. */
export interface RunDueResult {
  timersFired: number;
  actionsSent: number;
  actionsRetried: number;
  actionsDead: number;
}

/**
 * A running journeys runtime (see {@link createRuntime}).
 *
 * @example
 * ```ts
 * await runtime.upsertCustomer("cus_1", { email: "ana@example.com" });      // create / update
 * await runtime.sendEvent({ id: "evt_1", customerId: "cus_1", type: "purchase", properties: { value: 40 } });
 * await runtime.runDue();                                                    // timers and retries
 * await runtime.stageOf("cus_1");                                            // "buyer"
 * await runtime.history("cus_1");                                            // how they got there
 * await runtime.ingestMany(inputs);                                          // bulk, in order
 * await runtime.runUntil(clock.now() + 90 * 86_400_000);                     // simulated clock
 * await runtime.replayQuarantined(id, corrected);                            // fix bad input
 * await runtime.retryDeadLetter(id);                                         // failed delivery
 * await runtime.migrate({ journeyId: "shop", from: 1, to: 2 });              // move versions
 * ```
 */
export interface JourneyRuntime extends RuntimeQueries {
  /** Create or update a customer record. */
  upsertCustomer(customerId: string, record: Record<string, unknown>): Promise<IngestResult>;
  /** Feed an event (`at` defaults to now). The same `id` twice takes effect once. */
  sendEvent(event: { id: string; customerId: string; type: string; at?: number | string; properties?: Record<string, unknown> }): Promise<IngestResult>;
  /** Feed any host input (`{ kind: "record", ... }` or `{ kind: "event", ... }`), validated with zod. */
  ingest(input: unknown): Promise<IngestResult>;
  /** Feed many inputs in order; with the in-memory store, without a promise per input. */
  ingestMany(inputs: readonly unknown[]): Promise<IngestResult[]>;
  /** Fire due timers and deliver due actions as of `now` (default: the clock). */
  runDue(now?: number): Promise<RunDueResult>;
  /** With a simulated clock: step the clock through every due instant up to `time`. */
  runUntil(time: number): Promise<RunDueResult>;
  /** Replay a quarantined input (optionally corrected); removed from quarantine once applied. */
  replayQuarantined(id: string, corrected?: unknown): Promise<IngestResult>;
  /** Put a dead-lettered action back in the outbox and try it now. */
  retryDeadLetter(id: string): Promise<boolean>;
  /**
   * Move customers enrolled on version `from` to version `to` (both loaded), mapping stage
   * names with `stageMap`. Without a migration, customers stay on the version they enrolled with.
   */
  migrate(options: MigrationOptions): Promise<{ migrated: string[]; skipped: { customerId: string; reason: string }[] }>;
  /** The store in use. */
  readonly store: JourneyStore;
  readonly clock: Clock;
  readonly engine: "compiled" | "xstate";
}

const MAX_CONFLICT_RETRIES = 50;

/** The retry policy: the defaults, overridden by what `retry` gives (an `undefined` value leaves the default). */
function retryPolicyOf(retry: Partial<RetryPolicy> | undefined): RetryPolicy {
  const given = Object.fromEntries(Object.entries(retry ?? {}).filter(([, v]) => v !== undefined)) as Partial<RetryPolicy>;
  return { ...defaultRetryPolicy, ...given };
}

function toCore(input: HostInput, now: number): { core: CoreInput; at: number } {
  if (input.kind === "record") return { core: { kind: "record", record: dataCopy(input.record) }, at: now };
  const at = input.at === undefined ? now : typeof input.at === "number" ? input.at : Date.parse(input.at);
  return { core: { kind: "event", id: input.id, type: input.type, props: dataCopy(input.properties ?? {}) }, at };
}

function checkHandlers(prepared: PreparedJourneys, handlers: ReadonlyMap<string, ActionHandler>): void {
  const missing = new Set<string>();
  for (const v of prepared.journeys.values()) {
    for (const cj of v.byVersion.values()) {
      const used = new Set(cj.ir.channels);
      const walk = (json: unknown): void => {
        if (Array.isArray(json)) json.forEach(walk);
        else if (typeof json === "object" && json !== null) {
          const o = json as Record<string, unknown>;
          if (o.kind === "send" && typeof o.channel === "string") used.add(o.channel);
          Object.values(o).forEach(walk);
        }
      };
      walk(cj.ir.stages);
      for (const c of used) if (!handlers.has(c)) missing.add(`"${c}" (journey "${cj.id}" v${cj.version})`);
    }
  }
  if (missing.size > 0) {
    throw new JourneyRuntimeError("MISSING_HANDLER", `No handler for channel ${[...missing].join(", ")}.`, [...missing].map((m) => ({ path: "handlers", message: `missing ${m}` })));
  }
}

/**
 * Create a runtime. Throws `MISSING_HANDLER` when a journey's channel has no handler and
 * `INVALID_JOURNEY` for an IR that does not validate.
 *
 * @example
 * ```ts
 * import { compile } from "@journeys/dsl";
 * import { createRuntime } from "@journeys/runtime";
 * const runtime = createRuntime({
 *   journeys: [compile(source).ir],
 *   handlers: { email: async (d) => mailer.send(d.customer.record.email, d.template, d.data, d.idempotencyKey) },
 * });
 * await runtime.upsertCustomer("cus_1", { email: "ana@example.com", signed_up_at: new Date().toISOString() });
 * await runtime.sendEvent({ id: "evt_1", customerId: "cus_1", type: "purchase", properties: { value: 40 } });
 * setInterval(() => void runtime.runDue(), 1000); // durable timers and retries
 * ```
 */
export function createRuntime(options: RuntimeOptions): JourneyRuntime {
  const handlers = new Map(Object.entries(options.handlers));
  const hostKinds = new Set(["tag", "untag", "set", "add"].filter((k) => handlers.has(k)));
  const engineName = options.engine ?? "compiled";
  const engine: MoveEngine = engineName === "xstate" ? xstateEngine : compiledEngine;
  const prepared = prepareJourneys(options.journeys, engine, hostKinds);
  if (options.quickPath === false) prepared.quick = false;
  checkHandlers(prepared, handlers);
  const store = options.store ?? createMemoryStore();
  const clock = options.clock ?? systemClock;
  const policy = retryPolicyOf(options.retry);
  const face = (store as { sync?: SyncStoreFace }).sync;
  const syncClaims = face !== undefined && face.owner === store && typeof face.claimDueActions === "function" ? face : undefined;
  const delivery: DeliveryContext = { store, handlers, clock, policy, sync: face !== undefined && face.owner === store ? face : undefined };
  const inline = options.deliverInline ?? true;
  const lock = createKeyedMutex();

  async function quarantine(raw: unknown, customerId: string | null, message: string, issues: FieldIssue[], record: boolean): Promise<IngestResult> {
    const id = randomUUID();
    const error = { code: "INVALID_INPUT" as const, message, issues };
    if (record) await store.addQuarantine({ id, receivedAt: clock.now(), input: quarantineJson(raw), error });
    return { status: "quarantined", customerId, quarantineId: id, error };
  }

  async function deliverIds(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const claimed = await store.claimActions({ now: clock.now(), limit: ids.length, leaseMs: policy.leaseMs, ids });
    for (const c of claimed) {
      const k = deliverOne(delivery, c);
      if (typeof k !== "string") await k;
    }
  }

  async function ingestParsed(raw: unknown, keepInQuarantine: boolean): Promise<IngestResult> {
    const parsed = HostInputSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
      const cid = typeof (raw as { customerId?: unknown })?.customerId === "string" ? (raw as { customerId: string }).customerId : null;
      return quarantine(raw, cid, `Invalid input: "${issues[0]?.path ?? ""}": ${issues[0]?.message ?? "invalid"}.`, issues, keepInQuarantine);
    }
    const input = parsed.data;
    const customerId = input.customerId;
    const queued = await lock(customerId, async (): Promise<IngestResult | string[]> => {
      for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
        // A duplicate is ignored whatever it carries (S8), so it is checked before the data is copied.
        if (input.kind === "event" && (await store.hasProcessedEvent(customerId, input.id))) return { status: "duplicate", customerId };
        let copied: { core: CoreInput; at: number };
        try {
          copied = toCore(input, clock.now());
        } catch (e) {
          if (!(e instanceof DataRefusedError)) throw e;
          const q = e.quarantine(input.kind);
          return quarantine(raw, customerId, q.message, q.issues, keepInQuarantine);
        }
        const { core, at } = copied;
        const doc = await store.loadCustomer(customerId);
        const out = applyInput(prepared, customerId, doc, core, at);
        if (out.kind === "duplicate") return { status: "duplicate", customerId };
        if (out.kind === "quarantine") return quarantine(raw, customerId, out.message, out.issues, keepInQuarantine);
        const res = await store.commit(out.request);
        if (res.ok) return out.request.actions.map((a) => a.id);
      }
      throw new JourneyRuntimeError("STORE_CONFLICT", `Could not commit an input for customer "${customerId}" after ${MAX_CONFLICT_RETRIES} conflicts.`);
    });
    if (!Array.isArray(queued)) return queued;
    if (inline) await deliverIds(queued);
    return { status: "applied", customerId };
  }

  async function fireTimers(now: number): Promise<number> {
    let fired = 0;
    for (;;) {
      const claimed = await store.claimDueTimers({ now, limit: 256, leaseMs: policy.leaseMs });
      if (claimed.length === 0) return fired;
      for (const c of claimed) {
        const ids = await lock(c.timer.customerId, async () => {
          for (let attempt = 0; attempt < 5; attempt++) {
            const doc = await store.loadCustomer(c.timer.customerId);
            const out = applyInput(prepared, c.timer.customerId, doc, { kind: "timer", timer: c.timer, attempt: c.attempt }, now);
            if (out.kind !== "commit") return [];
            if ((await store.commit(out.request)).ok) {
              fired++;
              return out.request.actions.map((a) => a.id);
            }
          }
          return []; // lease lost to another worker, or still contended: the timer stays claimable
        });
        if (inline) await deliverIds(ids);
      }
    }
  }

  async function runDue(nowArg?: number): Promise<RunDueResult> {
    const now = nowArg ?? clock.now();
    const result: RunDueResult = { timersFired: await fireTimers(now), actionsSent: 0, actionsRetried: 0, actionsDead: 0 };
    for (;;) {
      // With the store's own synchronous face: no promise and no row copy per batch of claims.
      const claimed = syncClaims !== undefined ? syncClaims.claimDueActions(now, 256, policy.leaseMs) : await store.claimActions({ now, limit: 256, leaseMs: policy.leaseMs });
      if (claimed.length === 0) break;
      for (let i = 0; i < claimed.length; i++) {
        let k = deliverOne(delivery, claimed[i]!);
        if (typeof k !== "string") k = await k;
        if (k === "sent") result.actionsSent++;
        else if (k === "retry") result.actionsRetried++;
        else if (k === "dead") result.actionsDead++;
      }
    }
    return result;
  }

  const queries = createQueries(store, prepared);
  const runtime: JourneyRuntime = {
    ...queries,
    store,
    clock,
    engine: engineName,
    upsertCustomer: (customerId, record) => ingestParsed({ kind: "record", customerId, record }, true),
    sendEvent: (event) => ingestParsed({ kind: "event", ...event }, true),
    ingest: (input) => ingestParsed(input, true),
    async ingestMany(inputs) {
      const sync = (store as { sync?: SyncStoreFace }).sync;
      if (sync === undefined) {
        const out: IngestResult[] = [];
        for (const i of inputs) out.push(await ingestParsed(i, true));
        return out;
      }
      return ingestBatchSync(sync, prepared, clock, inputs, async (raw, cid, msg, issues) => quarantine(raw, cid, msg, issues, true));
    },
    runDue,
    async runUntil(time) {
      const total: RunDueResult = { timersFired: 0, actionsSent: 0, actionsRetried: 0, actionsDead: 0 };
      const add = (r: RunDueResult) => {
        total.timersFired += r.timersFired;
        total.actionsSent += r.actionsSent;
        total.actionsRetried += r.actionsRetried;
        total.actionsDead += r.actionsDead;
      };
      for (;;) {
        add(await runDue(clock.now()));
        const candidates = [await store.nextTimerDue(), await store.nextActionDue()].filter((t): t is number => t !== null);
        const next = candidates.length === 0 ? null : Math.min(...candidates);
        if (next === null || next > time) break;
        const set = (clock as { set?: (t: number) => void }).set;
        if (set === undefined || next <= clock.now()) {
          if (next > clock.now()) break;
          continue;
        }
        set(next);
      }
      (clock as { set?: (t: number) => void }).set?.(time);
      add(await runDue(clock.now()));
      return total;
    },
    async replayQuarantined(id, corrected) {
      const row = (await store.listQuarantine()).find((q) => q.id === id);
      if (row === undefined) throw new JourneyRuntimeError("INVALID_INPUT", `No quarantined input "${id}".`);
      const result = await ingestParsed(corrected ?? row.input, false);
      if (result.status !== "quarantined") await store.removeQuarantine(id);
      return result;
    },
    async migrate(o) {
      const migrated: string[] = [];
      const skipped: { customerId: string; reason: string }[] = [];
      for (const customerId of await store.listCustomerIds()) {
        const outcome = await lock(customerId, async () => {
          for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
            const doc = await store.loadCustomer(customerId);
            if (doc === undefined) return { ok: false, reason: "unknown customer" };
            const plan = planMigration(prepared, o, doc, clock.now());
            if (plan.kind === "skip") return { ok: false, reason: plan.reason };
            if ((await store.commit(plan.request)).ok) return { ok: true, reason: "" };
          }
          return { ok: false, reason: "too many conflicts" };
        });
        if (outcome.ok) migrated.push(customerId);
        else skipped.push({ customerId, reason: outcome.reason });
      }
      return { migrated, skipped };
    },
    async retryDeadLetter(id) {
      const ok = await store.retryDeadLetter(id, clock.now());
      if (ok && inline) await deliverIds([id]);
      return ok;
    },
  };
  return runtime;
}

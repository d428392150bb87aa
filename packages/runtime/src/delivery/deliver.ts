/**
 * Delivering queued actions to the host's handlers: at least once, retried with exponential
 * backoff, dead-lettered after the last attempt (S34–S36). Runs after the commit that queued
 * the action, never inside a store transaction, and never touches the customer's stage.
 */
import type { Clock } from "../clock.js";
import { toJson } from "../engine/actions.js";
import { messageOf } from "../thrown.js";
import type { ActionOutcome, ClaimedAction, CustomerDoc, CustomerRecord, HistoryRow, Json, JourneyStore, OutboxRow } from "../store/types.js";

/**
 * What a handler receives. `data` is plain data: render it with your templating, escaped.
 * `data` and `customer` are the handler's own copies: changing them changes nothing stored.
 */
export interface ActionDelivery {
  /** Stable across retries: `journeyId:version:customerId:enrolment:stageEntry:actionId[:n]`. */
  idempotencyKey: string;
  kind: OutboxRow["kind"];
  channel: string | null;
  template: string | null;
  data: Record<string, Json>;
  customer: { id: string; record: CustomerRecord; tags: string[] };
  journey: { id: string; version: number };
  stage: string;
  actionId: string;
  /** 1 for the first delivery attempt. */
  attempt: number;
}

/**
 * A host handler for one channel (`email`, `sms`, ...) or action kind (`tag`, `untag`, `set`,
 * `add`). Throw or reject to have the action retried.
 *
 * @example
 * ```ts
 * const email: ActionHandler = async (d) => mailer.send({ to: d.customer.record.email, template: d.template, vars: d.data, key: d.idempotencyKey });
 * ```
 */
export type ActionHandler = (delivery: ActionDelivery) => void | Promise<void>;

/** Retry policy of deliveries. */
export interface RetryPolicy {
  /** Attempts before dead-lettering (default 5). */
  maxAttempts: number;
  /** Delay before the 2nd attempt; doubles each time (default 30 s). */
  baseDelayMs: number;
  /** Cap of the delay (default 1 h). */
  maxDelayMs: number;
  /** Lease of a claimed action (default 60 s). */
  leaseMs: number;
  /**
   * How long a handler's promise may stay unsettled, in real milliseconds (default 60 s): past it, the attempt counts as failed (retried, then
   * dead-lettered) and whatever the promise does later is ignored. Without it, one handler that
   * never settles would hold up `runDue()` and every `ingest()` that delivers inline. Keep it at
   * most `leaseMs`, so that no other worker claims the action while its handler may still be
   * running. `0` or `Infinity` (or anything past 2^31 - 1 ms, the longest timer Node keeps):
   * no limit.
   */
  handlerTimeoutMs: number;
}

/**
 * The default retry policy: 5 attempts, 30 s doubling up to 1 h, 60 s leases, handlers given
 * 60 s.
 *
 * @example
 * ```ts
 * createRuntime({ journeys, handlers, retry: { ...defaultRetryPolicy, maxAttempts: 8 } });
 * ```
 */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 30_000, maxDelayMs: 3_600_000, leaseMs: 60_000, handlerTimeoutMs: 60_000 };

/**
 * Delay before retrying after the `attempt`-th failed attempt (exponential, capped).
 *
 * @example
 * ```ts
 * backoffMs(defaultRetryPolicy, 1); // 30_000
 * backoffMs(defaultRetryPolicy, 3); // 120_000
 * ```
 */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** What delivery needs of a store's synchronous face (the in-memory store has one). */
export interface DeliverySyncFace {
  loadCustomer(customerId: string): CustomerDoc | undefined;
  /**
   * Like `loadCustomer`, but the doc may be scratch objects reused by the next call: delivery
   * copies the record and tags out of it before the handler runs.
   */
  peekCustomer(customerId: string): CustomerDoc | undefined;
  /** `JourneyStore.settleAction`, synchronously. */
  settleAction(id: string, attempt: number, outcome: ActionOutcome, history: HistoryRow[]): boolean;
}

export interface DeliveryContext {
  store: JourneyStore;
  /** The store's synchronous face (in-memory store): delivery then needs no promise per action. */
  sync?: DeliverySyncFace;
  handlers: ReadonlyMap<string, ActionHandler>;
  clock: Clock;
  policy: RetryPolicy;
}

function historyRow(a: OutboxRow, at: number, status: HistoryRow["status"], reason: string, detail: Record<string, Json>): HistoryRow {
  return { at, customerId: a.customerId, journeyId: a.journeyId, version: a.version, enrolment: a.enrolment, type: "action", stage: a.stage, actionId: a.actionId, status, reason, detail };
}

/** How one delivery ended ("lost": the claim lapsed before it was settled). */
export type DeliveryOutcome = "sent" | "retry" | "dead" | "lost";

function deliveryOf(a: OutboxRow, doc: CustomerDoc | undefined, tries: number): ActionDelivery {
  return {
    idempotencyKey: a.id,
    kind: a.kind,
    channel: a.channel,
    template: a.template,
    // A copy, like the record: a handler that changes what it was handed must not change the
    // queued row a retry delivers (the in-memory store hands out its stored rows).
    data: toJson(a.data) as Record<string, Json>,
    customer: { id: a.customerId, record: (toJson(doc?.record ?? {}) ?? {}) as CustomerRecord, tags: [...(doc?.tags ?? [])] },
    journey: { id: a.journeyId, version: a.version },
    stage: a.stage,
    actionId: a.actionId,
    attempt: tries,
  };
}

const SENT: ActionOutcome = Object.freeze({ kind: "sent" });
/** "delivered on attempt n" for the first attempts, built once (nearly every delivery's reason). */
const DELIVERED = Array.from({ length: 8 }, (_, i) => `delivered on attempt ${i}`);

/** The longest delay Node's timers keep (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";
}

/**
 * `pending` (a handler's promise) settled within `ms` real milliseconds, else rejected with a
 * message saying so. The timer is cleared as soon as the handler settles.
 */
function settledWithin(pending: PromiseLike<unknown>, ms: number): Promise<unknown> {
  // Node fires a longer (or NaN) timer after 1 ms: such a limit is no limit.
  if (!(ms > 0 && ms <= MAX_TIMER_MS)) return Promise.resolve(pending);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the handler did not settle within ${ms} ms`)), ms);
    Promise.resolve(pending).then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** Settle a delivery whose handler finished (`error` null) or failed. */
function settle(ctx: DeliveryContext, claimed: ClaimedAction, tries: number, error: string | null): DeliveryOutcome | Promise<DeliveryOutcome> {
  const a = claimed.action;
  const now = ctx.clock.now();
  const key = { key: a.id, attempt: tries };
  let kind: "sent" | "retry" | "dead";
  let outcome: ActionOutcome;
  let row: HistoryRow;
  if (error === null) {
    kind = "sent";
    outcome = SENT;
    row = historyRow(a, now, "sent", tries < DELIVERED.length ? DELIVERED[tries]! : `delivered on attempt ${tries}`, key);
  } else if (tries >= ctx.policy.maxAttempts) {
    kind = "dead";
    outcome = { kind: "dead", error };
    row = historyRow(a, now, "dead", `dead-lettered after ${tries} attempts`, { ...key, error });
  } else {
    kind = "retry";
    const nextAttemptAt = now + backoffMs(ctx.policy, tries);
    outcome = { kind: "retry", error, nextAttemptAt };
    row = historyRow(a, now, "failed", `attempt ${tries} failed; retry at ${new Date(nextAttemptAt).toISOString()}`, { ...key, error });
  }
  if (ctx.sync !== undefined) return ctx.sync.settleAction(a.id, claimed.attempt, outcome, [row]) ? kind : "lost";
  return ctx.store.settleAction(a.id, claimed.attempt, outcome, [row]).then((ok) => (ok ? kind : "lost"));
}

/**
 * Deliver one claimed action and settle it. Returns the outcome kind — synchronously when the
 * store has a synchronous face and the handler returns no promise (no promise per delivery on
 * the in-memory store), else as a promise.
 */
export function deliverOne(ctx: DeliveryContext, claimed: ClaimedAction): DeliveryOutcome | Promise<DeliveryOutcome> {
  const a = claimed.action;
  const tries = a.attempts + 1;
  const handler = ctx.handlers.get(a.channel ?? a.kind);
  if (handler === undefined) return settle(ctx, claimed, tries, `No handler for "${a.channel ?? a.kind}".`);
  const sync = ctx.sync;
  if (sync === undefined) {
    return (async () => {
      let error: string | null = null;
      try {
        const doc = await ctx.store.loadCustomer(a.customerId);
        const pending = handler(deliveryOf(a, doc, tries));
        if (isThenable(pending)) await settledWithin(pending, ctx.policy.handlerTimeoutMs);
      } catch (e) {
        error = messageOf(e);
      }
      return settle(ctx, claimed, tries, error);
    })();
  }
  let pending: unknown;
  try {
    // deliveryOf copies what it reads (toJson, a new tags array), so a scratch doc is enough.
    pending = handler(deliveryOf(a, sync.peekCustomer(a.customerId), tries));
  } catch (e) {
    return settle(ctx, claimed, tries, messageOf(e));
  }
  if (isThenable(pending)) {
    return settledWithin(pending, ctx.policy.handlerTimeoutMs).then(
      () => settle(ctx, claimed, tries, null),
      (e: unknown) => settle(ctx, claimed, tries, messageOf(e)),
    );
  }
  return settle(ctx, claimed, tries, null);
}

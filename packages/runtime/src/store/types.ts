/**
 * The `JourneyStore` interface: everything the runtime persists, behind one small contract.
 *
 * Implementations: `createMemoryStore()` (embedded default, this package) and the SQL stores
 * in `@journeys/store-sql`. Every implementation must pass the conformance suite exported as
 * `@journeys/runtime/conformance`.
 *
 * The model, in one paragraph: a customer is one {@link CustomerDoc} (record, tags and the
 * per-journey {@link JourneyState}s) with a revision number. The runtime loads the doc, computes
 * the effects of ONE input purely, then calls {@link JourneyStore.commit} once with the new doc,
 * the timers armed / cancelled, the actions queued, the history rows, the processed event id
 * and the metric deltas. The store applies all of it in ONE transaction, or nothing (optimistic
 * concurrency: a stale `expectedRev` returns `{ ok: false, reason: "conflict" }` and the runtime
 * reloads and retries). Due timers and queued actions are claimed with a lease; a claim returns
 * an `attempt` number that the commit / settle call must present, so a worker whose lease
 * lapsed cannot overwrite a newer attempt. Handlers never run inside a store transaction.
 *
 * All times are epoch milliseconds. All objects crossing this interface are plain JSON data
 * (records may contain any JSON values; keys such as `__proto__` are plain data).
 *
 * CHANGELOG (for store implementers; changes after the first commit are compatible only):
 * - v1 (10:05 UTC): first version.
 * - v1.1: `JourneyState.wakeAt` added (opaque to stores; just persist it).
 * - v1.2: the conformance suite landed: `describeStoreConformance(name, factory, { close })` from
 *   `@journeys/runtime/conformance`. Clarified: `attempts` is incremented by `settleAction`
 *   (every outcome), not by claims; re-claims after a lapsed lease keep `dueAt` / `createdAt` order;
 *   `loadCustomer` results are read-only for callers (the memory store returns its own object).
 * - v1.3: `HistoryRow.type` may be `"migrate"` (a version migration moved the customer).
 * - v1.5: a store may drop a delivered (`sent`) outbox row instead of keeping it as `done`.
 * - v1.4: `MetricDelta.kind` may be `"assign"` (split assignment); fold deltas with the exported
 *   `applyMetricDelta` to stay identical to the memory store.
 */

/** A JSON value as stored. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A customer record: field name → value. Keys such as `__proto__` are own data properties. */
export type CustomerRecord = Record<string, unknown>;

/** Where a customer stands in one journey. */
export type EnrolmentStatus =
  /** Never enrolled in this journey. */
  | "none"
  /** In a stage now. */
  | "active"
  /** Left through an `exit` rule. */
  | "exited"
  /** Reached a terminal stage. */
  | "completed";

/**
 * The compact per-customer, per-journey state. Plain JSON; the runtime owns its meaning, the
 * store only persists it.
 */
export interface JourneyState {
  /** The journey version this customer is on (enrolled with, or the latest when never enrolled). */
  version: number;
  status: EnrolmentStatus;
  /** Current stage name while `status === "active"`, else the last stage (or null). */
  stage: string | null;
  /** When the current stage was entered. */
  enteredAt: number;
  /** When the current (or last) enrolment started. */
  enrolledAt: number;
  /** When the last enrolment ended (exit or terminal stage); null while active / never enrolled. */
  endedAt: number | null;
  /** Last event time; `inactive for` counts from it (or from enrolment when later). */
  lastActivityAt: number | null;
  /** Number of enrolments so far (1 after the first). Part of idempotency keys. */
  enrolment: number;
  /** Number of stage entries in this enrolment (1 = the initial stage). Part of idempotency keys. */
  stageEntry: number;
  /** Whether the goal was reached in this enrolment. */
  goalReached: boolean;
  /** Properties of the event that moved the customer into the current stage (when kept). */
  entryEvent: CustomerRecord | null;
  /** Split assignments: split name → variant name (stable per customer). */
  splits: Record<string, string>;
  /** Whether the customer is in the journey's global holdout group. */
  holdout: boolean;
  /** Due time of the armed wake timer, or null (so the runtime re-arms only on change). */
  wakeAt: number | null;
}

/** Everything stored for one customer. */
export interface CustomerDoc {
  customerId: string;
  /** Revision, incremented by every successful commit. A new customer is committed with rev 1. */
  rev: number;
  /** The merged record (declared fields and unknown extras, kept as data). */
  record: CustomerRecord;
  /** Tags added by `tag` / `untag` actions, in insertion order, unique. */
  tags: string[];
  /** Per journey id. */
  journeys: Record<string, JourneyState>;
}

/** A durable timer. Unique by `id`; arming an existing id replaces it (upsert). */
export interface TimerRow {
  /** Deterministic: `${journeyId}|${customerId}|${enrolment}|${stageEntry}|${blockId}` or `...|wake`. */
  id: string;
  customerId: string;
  journeyId: string;
  version: number;
  /** `after` block, `every` block, or the per-customer wake timer for time conditions. */
  kind: "after" | "every" | "wake";
  /** The block id for after / every; null for wake. */
  blockId: string | null;
  dueAt: number;
  enrolment: number;
  stageEntry: number;
  /** Firing number for `every` blocks (1 = first firing), else 0. */
  seq: number;
}

/** A timer handed to one worker until `leaseUntil`. */
export interface ClaimedTimer {
  timer: TimerRow;
  /** Increments on every claim of this row; the commit that fires it must present it. */
  attempt: number;
}

/** An action queued for delivery to a host handler. */
export interface OutboxRow {
  /** The idempotency key (spec §3.13); unique. Queuing an existing id again is a no-op. */
  id: string;
  customerId: string;
  journeyId: string;
  version: number;
  /** `send`, or a host-handled `tag` / `untag` / `set` / `add`. */
  kind: "send" | "tag" | "untag" | "set" | "add";
  /** The action id in the IR. */
  actionId: string;
  /** Channel for `send`; null otherwise. */
  channel: string | null;
  /** Template for `send`; null otherwise. */
  template: string | null;
  /** Rendered personalisation data (sends) or the action's payload (tag / set / add). */
  data: Record<string, Json>;
  stage: string;
  enrolment: number;
  stageEntry: number;
  createdAt: number;
  /** Earliest time of the next delivery attempt. */
  nextAttemptAt: number;
  /** Delivery attempts settled so far (0 when queued); every `settleAction` adds one. */
  attempts: number;
  /** `pending` until delivered (row deleted or `done`) or dead-lettered. */
  status: "pending" | "done" | "dead";
  /** The last handler error message, if any. */
  lastError: string | null;
}

/** An outbox row handed to one deliverer until its lease lapses. */
export interface ClaimedAction {
  action: OutboxRow;
  /** Increments on every claim; `settleAction` must present it. */
  attempt: number;
}

/** One line of a customer's history ("why did this customer get this email?"). */
export interface HistoryRow {
  at: number;
  customerId: string;
  journeyId: string;
  version: number;
  enrolment: number;
  type:
    | "enrol"
    | "enter"
    | "exit"
    | "leave"
    | "complete"
    | "goal"
    | "split"
    | "action"
    | "timer"
    | "migrate"
    | "warning";
  /** The stage concerned (entered, exited, acting). */
  stage: string | null;
  /** For actions: the IR action id. */
  actionId?: string;
  /** For actions: what happened. */
  status?: "queued" | "sent" | "failed" | "dead" | "skipped" | "applied";
  /** Human-readable reason: the rule, event or timer that caused it. */
  reason: string;
  /** Extra structured data (split variant, error message, idempotency key, ...). */
  detail?: Record<string, Json>;
}

/** A metric change produced by one input. The store aggregates them per journey version. */
export interface MetricDelta {
  journeyId: string;
  version: number;
  /**
   * `enrol`, `enter` stage, `exit` stage (with time in stage), `move` from → to, `goal`, or
   * `assign`: the customer was just assigned to the variants listed (counted as enrolled and
   * entered in `stage` for those variant groups only; never in the `""` group).
   */
  kind: "enrol" | "enter" | "exit" | "move" | "goal" | "assign";
  stage: string | null;
  /** For `move`: the target stage. */
  toStage?: string;
  /** For `exit`: time spent in `stage`. */
  durationMs?: number;
  /** Split assignments at the time (`"split=variant"` strings); metrics are kept per each too. */
  variants: string[];
}

/** Aggregated metric counters for one group (all customers, or one split variant). */
export interface MetricGroupData {
  enrolled: number;
  goals: number;
  /** Per stage. `durationsMs` holds every completed time-in-stage sample. */
  stages: Record<string, { entered: number; exited: number; durationsMs: number[] }>;
  /** `"from>to"` → count. */
  moves: Record<string, number>;
}

/** Aggregated metrics for one journey version: key `""` = all customers, else `"split=variant"`. */
export type MetricsData = Record<string, MetricGroupData>;

/** An input that failed validation, kept for the host to inspect and replay. */
export interface QuarantineRow {
  id: string;
  receivedAt: number;
  /** The raw input as received (JSON). */
  input: Json;
  /** Typed error: `code` plus issues naming each field and the reason. */
  error: { code: string; message: string; issues: { path: string; message: string }[] };
}

/** One atomic write (spec §3). */
export interface CommitRequest {
  customerId: string;
  /** The doc's rev as loaded; 0 for a customer not yet stored. Mismatch → conflict. */
  expectedRev: number;
  /** The new doc; its `rev` is `expectedRev + 1`. Omit to leave the doc unchanged (still bumps nothing). */
  doc?: CustomerDoc;
  /** The timer being fired by this commit: deleted; conflict unless its current attempt matches. */
  firedTimer?: { id: string; attempt: number };
  /** Timer ids to delete (missing ids are ignored). Applied after `firedTimer`, before `armTimers`. */
  cancelTimers: string[];
  /** Timers to upsert by id. */
  armTimers: TimerRow[];
  /** Actions to queue (insert; an existing id is left as it is). */
  actions: OutboxRow[];
  history: HistoryRow[];
  /** The event id applied by this commit; conflict if already recorded for this customer. */
  eventId?: string;
  metrics: MetricDelta[];
}

export type CommitResult = { ok: true } | { ok: false; reason: "conflict" };

/** How an action delivery ended, reported by the deliverer that holds the claim. */
export type ActionOutcome =
  | { kind: "sent" }
  /** Retry at `nextAttemptAt`. */
  | { kind: "retry"; error: string; nextAttemptAt: number }
  /** No more retries: dead-letter it. */
  | { kind: "dead"; error: string };

/**
 * The storage contract. All methods may be called concurrently from many callers.
 *
 * @example
 * ```ts
 * import { createMemoryStore, createRuntime } from "@journeys/runtime";
 * const store: JourneyStore = createMemoryStore();
 * const runtime = createRuntime({ journeys: [ir], store, handlers, clock });
 * ```
 */
export interface JourneyStore {
  /** The stored doc, or undefined for an unknown customer. Callers treat it as read-only. */
  loadCustomer(customerId: string): Promise<CustomerDoc | undefined>;
  /** Whether `eventId` was already committed for this customer. */
  hasProcessedEvent(customerId: string, eventId: string): Promise<boolean>;
  /** Apply one commit atomically (see {@link CommitRequest}). */
  commit(request: CommitRequest): Promise<CommitResult>;

  /**
   * Claim up to `limit` timers with `dueAt <= now` that are not under an unexpired lease,
   * ordered by `dueAt`. Each claim increments the row's attempt and leases it until `now + leaseMs`.
   */
  claimDueTimers(options: { now: number; limit: number; leaseMs: number }): Promise<ClaimedTimer[]>;
  /** The earliest `dueAt` of all timers, or null. Lets a simulated clock jump straight to it. */
  nextTimerDue(): Promise<number | null>;
  /** All timers of one customer (for inspection and tests), ordered by `dueAt`. */
  listTimers(customerId: string): Promise<TimerRow[]>;

  /**
   * Claim up to `limit` pending actions with `nextAttemptAt <= now` not under an unexpired lease,
   * ordered by `createdAt`; `ids` restricts the claim to those ids.
   */
  claimActions(options: { now: number; limit: number; leaseMs: number; ids?: string[] }): Promise<ClaimedAction[]>;
  /**
   * Record a delivery outcome. Ignored (returns false) unless `attempt` is the row's current
   * attempt. `sent` marks the row done (or drops it: listing delivered rows is optional),
   * `retry` releases it for `nextAttemptAt`, `dead` moves it to the dead letters. `history` rows are appended in the same transaction.
   */
  settleAction(id: string, attempt: number, outcome: ActionOutcome, history: HistoryRow[]): Promise<boolean>;
  /** The earliest `nextAttemptAt` of pending actions, or null. */
  nextActionDue(): Promise<number | null>;
  /** Dead-lettered actions, oldest first. */
  listDeadLetters(): Promise<OutboxRow[]>;
  /** Move a dead letter back to pending at `now` (attempts reset to 0). False if not dead. */
  retryDeadLetter(id: string, now: number): Promise<boolean>;
  /** All outbox rows (any status) of one customer, oldest first. */
  listActions(customerId: string): Promise<OutboxRow[]>;

  /** A customer's history, oldest first (insertion order for equal times). */
  listHistory(customerId: string, options?: { journeyId?: string }): Promise<HistoryRow[]>;
  /** Aggregated metrics of one journey version (see {@link MetricsData}). */
  readMetrics(journeyId: string, version: number): Promise<MetricsData>;

  /** Keep an invalid input. */
  addQuarantine(row: QuarantineRow): Promise<void>;
  /** Quarantined inputs, oldest first. */
  listQuarantine(): Promise<QuarantineRow[]>;
  /** Remove one quarantined input (after a successful replay). False if unknown. */
  removeQuarantine(id: string): Promise<boolean>;

  /** Ids of stored customers (for migrations and inspection), in no particular order. */
  listCustomerIds(): Promise<string[]>;
  /** Release resources. */
  close?(): Promise<void>;
}

/**
 * The in-memory `JourneyStore`: the embedded default. Every method runs synchronously inside one
 * JavaScript turn, so each commit is atomic. The synchronous face (`sync`) lets
 * `runtime.ingestMany()` skip a promise per input.
 *
 * Built for a million customers: customers live in a compact table (see `customer-table.ts`:
 * docs of the usual shape as typed-array slots, processed event ids as one short string, history
 * in a shared log). Delivered actions are dropped (their delivery is in the history).
 */
import type { DeliverySyncFace } from "../delivery/deliver.js";
import { applyMetricDelta } from "./aggregate.js";
import { DueQueue, type HeapEntry } from "./heap.js";
import { CustomerTable } from "./customer-table.js";
import { Outbox, type OutboxLease } from "./outbox.js";
import type {
  ActionOutcome,
  ClaimedAction,
  ClaimedTimer,
  CommitRequest,
  CommitResult,
  CustomerDoc,
  HistoryRow,
  JourneyStore,
  MetricsData,
  QuarantineRow,
  TimerRow,
} from "./types.js";

interface Leased<T> {
  row: T;
  attempt: number;
  leaseUntil: number;
  gen: number;
}

/** The synchronous subset used by the batch lane and by delivery. */
export interface SyncStoreFace extends DeliverySyncFace {
  /**
   * The store this face belongs to. Delivery uses the face only when the runtime's store is that
   * very object: a wrapper that observes `settleAction` (the CLI's recorder does) gets its own
   * method called.
   */
  readonly owner: JourneyStore;
  loadCustomer(customerId: string): CustomerDoc | undefined;
  hasProcessedEvent(customerId: string, eventId: string): boolean;
  /** `JourneyStore.commit`, synchronously. The action rows are kept as given: do not change them afterwards. */
  commit(request: CommitRequest): CommitResult;
  /**
   * Complete an in-place update: the caller mutated the doc `loadCustomer` returned (only the
   * batch lane does, for inputs that move nobody); this bumps its revision and records
   * `eventId`, exactly as a commit of that doc would.
   */
  touch(customerId: string, eventId: string | undefined): void;
  /**
   * Like `loadCustomer`, for the in-place lane only: the doc may be scratch objects that the
   * next `peekCustomer` overwrites. Change it in place and `touch`, or drop it.
   */
  peekCustomer(customerId: string): CustomerDoc | undefined;
  /**
   * `claimActions({ now, limit, leaseMs })`, synchronously, for the runtime's own delivery loop:
   * each claimed action is the stored row itself, not a copy. Read it, never change it; it
   * changes when the action is settled.
   */
  claimDueActions(now: number, limit: number, leaseMs: number): ClaimedAction[];
  /**
   * Optional: read ahead what looking up and loading the first `count` of `customerIds` will
   * read, in that order (changes nothing stored; at most 64 ids are used).
   */
  warm?(customerIds: readonly string[], count: number): void;
}

/** A `JourneyStore` kept in process memory, with a synchronous face for batch ingestion. */
export interface MemoryStore extends JourneyStore {
  readonly sync: SyncStoreFace;
}

/**
 * Create an empty in-memory store.
 *
 * @example
 * ```ts
 * const runtime = createRuntime({ journeys: [ir], handlers, store: createMemoryStore() });
 * ```
 */
export function createMemoryStore(): MemoryStore {
  const table = new CustomerTable();
  const timers = new Map<string, Leased<TimerRow>>();
  const timerHeap = new DueQueue();
  /**
   * Timers claimable since a past claim, by due time (see `claimTimers`). A DueQueue: timers
   * never leased arrive in due order, so they pass through its FIFO (no heap work per timer).
   */
  const readyTimers = new DueQueue();
  const outbox = new Outbox(table);
  const metrics = new Map<string, MetricsData>();
  const quarantine = new Map<string, QuarantineRow>();
  let gen = 0;

  // Metric deltas of one commit nearly always share journey and version: skip the key string.
  let lastMetricsJourney = "";
  let lastMetricsVersion = -1;
  let lastMetrics: MetricsData | undefined;
  const metricsOf = (journeyId: string, version: number): MetricsData => {
    if (journeyId === lastMetricsJourney && version === lastMetricsVersion && lastMetrics !== undefined) return lastMetrics;
    const key = `${journeyId}@${version}`;
    let data = metrics.get(key);
    if (data === undefined) metrics.set(key, (data = Object.create(null) as MetricsData));
    lastMetricsJourney = journeyId;
    lastMetricsVersion = version;
    lastMetrics = data;
    return data;
  };

  const appendHistory = (rows: readonly HistoryRow[]) => {
    for (let i = 0; i < rows.length; i++) table.appendHistory(table.ensure(rows[i]!.customerId), rows[i]!);
  };

  const unlistTimer = (customerId: string, id: string) => {
    const k = table.find(customerId);
    const aux = table.aux.peek(k);
    if (aux !== undefined) {
      aux.timers.delete(id);
      table.aux.compact(k);
    }
  };
  const deleteTimer = (id: string) => {
    const t = timers.get(id);
    if (t === undefined) return;
    timers.delete(id);
    unlistTimer(t.row.customerId, id);
  };

  // The doc the batch lane last loaded: `touch` stores it back after the lane changed it in place.
  let loadedId: string | null = null;
  let loadedDoc: CustomerDoc | undefined;
  const load = (id: string): CustomerDoc | undefined => {
    const doc = table.load(table.find(id), id);
    loadedId = id;
    loadedDoc = doc;
    return doc;
  };

  const sync: SyncStoreFace = {
    get owner(): JourneyStore {
      return store;
    },
    loadCustomer: load,
    peekCustomer(id) {
      // Delivery peeks at the customer of the action it is about to settle: its index is known.
      const claimedK = outbox.claimedIndex(id);
      const doc = table.peek(claimedK >= 0 ? claimedK : table.find(id), id);
      loadedId = id;
      loadedDoc = doc;
      return doc;
    },
    hasProcessedEvent: (id, eventId) => table.hasEvent(table.find(id), id, eventId),
    touch(id, eventId) {
      const k = table.find(id);
      const doc = id === loadedId ? loadedDoc : table.load(k, id);
      if (doc === undefined) return;
      table.touch(k, id, doc);
      if (eventId !== undefined) table.addEvent(k, id, eventId);
    },
    claimDueActions: (now, limit, leaseMs) => outbox.claimDue(now, limit, leaseMs),
    warm: (ids, count) => table.warm(ids, count),
    settleAction(id, attempt, outcome: ActionOutcome, rows) {
      const l = outbox.find(id);
      if (l === undefined || l.attempt !== attempt || l.row.status !== "pending") return false;
      outbox.settle(l);
      if (outcome.kind === "sent") outbox.drop(l);
      else if (outcome.kind === "dead") {
        l.row.status = "dead";
        l.row.lastError = outcome.error;
      } else {
        l.row.lastError = outcome.error;
        l.row.nextAttemptAt = outcome.nextAttemptAt;
        outbox.requeue(l, outcome.nextAttemptAt, false);
      }
      // Delivery rows are the action's customer's: its index is known.
      for (let i = 0; i < rows.length; i++) table.appendHistory(rows[i]!.customerId === l.row.customerId ? l.k : table.ensure(rows[i]!.customerId), rows[i]!);
      return true;
    },
    commit(r) {
      const id = r.customerId;
      const current = table.find(id);
      if (table.rev(current) !== r.expectedRev) return { ok: false, reason: "conflict" };
      if (r.eventId !== undefined && table.hasEvent(current, id, r.eventId)) return { ok: false, reason: "conflict" };
      if (r.firedTimer !== undefined) {
        const t = timers.get(r.firedTimer.id);
        if (t === undefined || t.attempt !== r.firedTimer.attempt) return { ok: false, reason: "conflict" };
      }
      // Validation done: from here on nothing can fail, so the commit is all-or-nothing.
      loadedId = null;
      loadedDoc = undefined;
      const k = current >= 0 ? current : table.ensure(id);
      if (r.doc !== undefined) table.put(k, id, r.doc);
      if (r.eventId !== undefined) table.addEvent(k, id, r.eventId);
      if (r.firedTimer !== undefined) deleteTimer(r.firedTimer.id);
      // Indexed loops: for-of here allocated an iterator result per element (seen in allocation profiles).
      for (let i = 0; i < r.cancelTimers.length; i++) deleteTimer(r.cancelTimers[i]!);
      for (let i = 0; i < r.armTimers.length; i++) {
        const row = r.armTimers[i]!;
        const g = ++gen;
        const prev = timers.get(row.id);
        // The id moved to another customer (any id may be armed): unlist it from the first one.
        if (prev !== undefined && prev.row.customerId !== row.customerId) unlistTimer(prev.row.customerId, row.id);
        // A re-arming is a new timer: a claim of the old one must not fire it (its attempt is stale).
        timers.set(row.id, { row, attempt: prev === undefined ? 0 : prev.attempt + 1, leaseUntil: 0, gen: g });
        table.aux.timers(table.ensure(row.customerId)).add(row.id);
        timerHeap.push({ key: row.dueAt, tie: row.dueAt, id: row.id, gen: g, ref: null });
      }
      // The row itself: the synchronous face is the runtime's, which never changes a row after
      // committing it; the async `commit` below hands in copies.
      for (let i = 0; i < r.actions.length; i++) outbox.add(r.actions[i]!);
      appendHistory(r.history);
      for (let i = 0; i < r.metrics.length; i++) {
        const m = r.metrics[i]!;
        applyMetricDelta(metricsOf(m.journeyId, m.version), m);
      }
      return { ok: true };
    },
  };

  /**
   * Claim timers: those that became claimable by `now` (due, lease lapsed: `timerHeap`, keyed by
   * that instant) move to `readyTimers`, keyed by due time, and the claim takes the earliest due
   * of them. So a timer whose lease lapsed keeps its due-order place (types.ts v1.2; S33, due
   * order per customer) instead of coming after timers due later but claimable sooner.
   */
  function claimTimers(now: number, limit: number, leaseMs: number): Leased<TimerRow>[] {
    for (;;) {
      const top = timerHeap.peek();
      if (top === undefined || top.key > now) break;
      timerHeap.pop();
      const l = timers.get(top.id);
      if (l !== undefined && l.gen === top.gen) readyTimers.push({ key: l.row.dueAt, tie: 0, id: top.id, gen: top.gen, ref: null });
    }
    const out: Leased<TimerRow>[] = [];
    // Moved there by a claim with a later `now`: not claimable at this one, put back afterwards.
    let aside: HeapEntry[] | null = null;
    while (out.length < limit) {
      const e = readyTimers.pop();
      if (e === undefined) break;
      const l = timers.get(e.id);
      if (l === undefined || l.gen !== e.gen) continue;
      if (l.row.dueAt > now || l.leaseUntil > now) {
        (aside ??= []).push(e);
        continue;
      }
      l.attempt++;
      l.leaseUntil = now + leaseMs;
      l.gen = ++gen;
      timerHeap.push({ key: l.leaseUntil, tie: l.row.dueAt, id: e.id, gen: l.gen, ref: null });
      out.push(l);
    }
    if (aside !== null) for (const e of aside) readyTimers.push(e);
    return out;
  }

  /** The earliest instant a timer can be claimed (its due time, or its lease's end), or null. */
  function nextTimer(): number | null {
    let next = peekValid(timerHeap, timers);
    readyTimers.forEach((e) => {
      const l = timers.get(e.id);
      if (l === undefined || l.gen !== e.gen) return;
      const at = Math.max(l.row.dueAt, l.leaseUntil);
      if (next === null || at < next) next = at;
    });
    return next;
  }

  function peekValid<T>(heap: DueQueue, map: Map<string, Leased<T>>): number | null {
    for (;;) {
      const top = heap.peek();
      if (top === undefined) return null;
      const l = map.get(top.id);
      if (l !== undefined && l.gen === top.gen) return top.key;
      heap.pop();
    }
  }

  const store: MemoryStore = {
    sync,
    loadCustomer: async (id) => table.load(table.find(id), id),
    hasProcessedEvent: async (id, eventId) => sync.hasProcessedEvent(id, eventId),
    commit: async (r) => sync.commit(r.actions.length === 0 ? r : { ...r, actions: r.actions.map((a) => ({ ...a })) }),
    async claimDueTimers({ now, limit, leaseMs }) {
      return claimTimers(now, limit, leaseMs).map((l): ClaimedTimer => ({ timer: l.row, attempt: l.attempt }));
    },
    nextTimerDue: async () => nextTimer(),
    async listTimers(customerId) {
      const ids = table.aux.peek(table.find(customerId))?.timers ?? new Set<string>();
      return [...ids].map((id) => timers.get(id)!.row).sort((a, b) => a.dueAt - b.dueAt);
    },
    async claimActions({ now, limit, leaseMs, ids }) {
      if (ids !== undefined) {
        // The claimable ones among `ids`, then the oldest `limit` of them (ordered by createdAt as
        // every claim is, not in the order of `ids`).
        const picked: OutboxLease[] = [];
        for (const id of ids) {
          const l = outbox.byId.get(id);
          if (l === undefined || l.row.status !== "pending" || l.row.nextAttemptAt > now || l.leaseUntil > now || picked.includes(l)) continue;
          picked.push(l);
        }
        if (picked.length > 1) picked.sort((a, b) => a.row.createdAt - b.row.createdAt || a.seq - b.seq);
        const out: ClaimedAction[] = [];
        for (let i = 0; i < picked.length && i < limit; i++) {
          const l = picked[i]!;
          outbox.lease(l, now, leaseMs);
          out.push({ action: { ...l.row }, attempt: l.attempt });
        }
        return out;
      }
      return outbox.claim(now, limit, leaseMs).map((l) => ({ action: { ...l.row }, attempt: l.attempt }));
    },
    settleAction: async (id, attempt, outcome, rows) => sync.settleAction(id, attempt, outcome, rows),
    nextActionDue: async () => outbox.nextDue(),
    async listDeadLetters() {
      return [...outbox.byId.values()].filter((l) => l.row.status === "dead").map((l) => ({ ...l.row }));
    },
    async retryDeadLetter(id, now) {
      const l = outbox.byId.get(id);
      if (l === undefined || l.row.status !== "dead") return false;
      l.row.status = "pending";
      l.row.attempts = 0;
      l.row.nextAttemptAt = now;
      l.leaseUntil = 0;
      outbox.requeue(l, now, true);
      return true;
    },
    async listActions(customerId) {
      // Oldest first: by createdAt (an event's own time, so not always the order of queuing),
      // then queuing order (sort is stable).
      return (table.aux.peek(table.find(customerId))?.actions ?? []).map((id) => ({ ...outbox.byId.get(id)!.row })).sort((a, b) => a.createdAt - b.createdAt);
    },
    async listHistory(customerId, options) {
      // Oldest first, insertion order for equal times (sort is stable): rows are appended as
      // inputs come, and an event's time may be earlier than rows already kept.
      const rows = table.listHistory(table.find(customerId), customerId).sort((a, b) => a.at - b.at);
      return options?.journeyId === undefined ? rows : rows.filter((r) => r.journeyId === options.journeyId);
    },
    async readMetrics(journeyId, version) {
      return structuredClone(metrics.get(`${journeyId}@${version}`) ?? (Object.create(null) as MetricsData));
    },
    async addQuarantine(row) {
      quarantine.set(row.id, row);
    },
    // Oldest first by receivedAt (a re-added id keeps its place among equal times), as the interface says.
    listQuarantine: async () => [...quarantine.values()].sort((a, b) => a.receivedAt - b.receivedAt),
    removeQuarantine: async (id) => quarantine.delete(id),
    listCustomerIds: async () => table.customerIds(),
  };
  return store;
}

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
import { DueQueue } from "./heap.js";
import { CustomerTable } from "./customer-table.js";
import { Outbox } from "./outbox.js";
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
  /** Optional: read ahead what looking up and loading `customerId` will read (changes nothing). */
  warm?(customerId: string): void;
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

  const deleteTimer = (id: string) => {
    const t = timers.get(id);
    if (t === undefined) return;
    timers.delete(id);
    const k = table.find(t.row.customerId);
    const aux = table.aux.peek(k);
    if (aux !== undefined) {
      aux.timers.delete(id);
      table.aux.compact(k);
    }
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
    warm: (id) => table.warm(id),
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
        timers.set(row.id, { row, attempt: prev?.attempt ?? 0, leaseUntil: 0, gen: g });
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

  function claimFrom<T>(heap: DueQueue, map: Map<string, Leased<T>>, now: number, limit: number, leaseMs: number, eligible: (l: Leased<T>) => boolean, tie: (row: T) => number): Leased<T>[] {
    const out: Leased<T>[] = [];
    while (out.length < limit) {
      const top = heap.peek();
      if (top === undefined || top.key > now) break;
      heap.pop();
      const l = map.get(top.id);
      if (l === undefined || l.gen !== top.gen || !eligible(l)) continue;
      l.attempt++;
      l.leaseUntil = now + leaseMs;
      l.gen = ++gen;
      heap.push({ key: l.leaseUntil, tie: tie(l.row), id: top.id, gen: l.gen, ref: null });
      out.push(l);
    }
    return out;
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
      return claimFrom(timerHeap, timers, now, limit, leaseMs, () => true, (r) => r.dueAt).map((l): ClaimedTimer => ({ timer: l.row, attempt: l.attempt }));
    },
    nextTimerDue: async () => peekValid(timerHeap, timers),
    async listTimers(customerId) {
      const ids = table.aux.peek(table.find(customerId))?.timers ?? new Set<string>();
      return [...ids].map((id) => timers.get(id)!.row).sort((a, b) => a.dueAt - b.dueAt);
    },
    async claimActions({ now, limit, leaseMs, ids }) {
      if (ids !== undefined) {
        const out: ClaimedAction[] = [];
        for (const id of ids) {
          const l = outbox.byId.get(id);
          if (l === undefined || l.row.status !== "pending" || l.row.nextAttemptAt > now || l.leaseUntil > now || out.length >= limit) continue;
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
      return (table.aux.peek(table.find(customerId))?.actions ?? []).map((id) => ({ ...outbox.byId.get(id)!.row }));
    },
    async listHistory(customerId, options) {
      const rows = table.listHistory(table.find(customerId), customerId);
      return options?.journeyId === undefined ? rows : rows.filter((r) => r.journeyId === options.journeyId);
    },
    async readMetrics(journeyId, version) {
      return structuredClone(metrics.get(`${journeyId}@${version}`) ?? (Object.create(null) as MetricsData));
    },
    async addQuarantine(row) {
      quarantine.set(row.id, row);
    },
    listQuarantine: async () => [...quarantine.values()],
    removeQuarantine: async (id) => quarantine.delete(id),
    listCustomerIds: async () => table.customerIds(),
  };
  return store;
}

/**
 * The in-memory `JourneyStore`: the embedded default. Every method runs synchronously inside one
 * JavaScript turn, so each commit is atomic. The synchronous face (`sync`) lets
 * `runtime.ingestMany()` skip a promise per input.
 */
import { applyMetricDelta } from "./aggregate.js";
import { MinHeap } from "./heap.js";
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
  OutboxRow,
  QuarantineRow,
  TimerRow,
} from "./types.js";

interface Leased<T> {
  row: T;
  attempt: number;
  leaseUntil: number;
  gen: number;
}

/** The synchronous subset used by the batch lane. */
export interface SyncStoreFace {
  loadCustomer(customerId: string): CustomerDoc | undefined;
  hasProcessedEvent(customerId: string, eventId: string): boolean;
  commit(request: CommitRequest): CommitResult;
}

/** A `JourneyStore` kept in process memory, with a synchronous face for batch ingestion. */
export interface MemoryStore extends JourneyStore {
  readonly sync: SyncStoreFace;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
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
  const customers = new Map<string, CustomerDoc>();
  const processed = new Map<string, Set<string>>();
  const timers = new Map<string, Leased<TimerRow>>();
  const timersByCustomer = new Map<string, Set<string>>();
  const timerHeap = new MinHeap();
  const outbox = new Map<string, Leased<OutboxRow>>();
  const outboxByCustomer = new Map<string, string[]>();
  const outboxHeap = new MinHeap();
  const history = new Map<string, HistoryRow[]>();
  const metrics = new Map<string, MetricsData>();
  const quarantine = new Map<string, QuarantineRow>();
  let gen = 0;

  const deleteTimer = (id: string) => {
    const t = timers.get(id);
    if (t === undefined) return;
    timers.delete(id);
    const set = timersByCustomer.get(t.row.customerId);
    set?.delete(id);
    if (set !== undefined && set.size === 0) timersByCustomer.delete(t.row.customerId);
  };

  const sync: SyncStoreFace = {
    loadCustomer: (id) => customers.get(id),
    hasProcessedEvent: (id, eventId) => processed.get(id)?.has(eventId) ?? false,
    commit(r) {
      const current = customers.get(r.customerId);
      if ((current?.rev ?? 0) !== r.expectedRev) return { ok: false, reason: "conflict" };
      if (r.eventId !== undefined && processed.get(r.customerId)?.has(r.eventId)) return { ok: false, reason: "conflict" };
      if (r.firedTimer !== undefined) {
        const t = timers.get(r.firedTimer.id);
        if (t === undefined || t.attempt !== r.firedTimer.attempt) return { ok: false, reason: "conflict" };
      }
      // Validation done: from here on nothing can fail, so the commit is all-or-nothing.
      if (r.doc !== undefined) customers.set(r.customerId, r.doc);
      if (r.eventId !== undefined) {
        let set = processed.get(r.customerId);
        if (set === undefined) processed.set(r.customerId, (set = new Set()));
        set.add(r.eventId);
      }
      if (r.firedTimer !== undefined) deleteTimer(r.firedTimer.id);
      for (const id of r.cancelTimers) deleteTimer(id);
      for (const row of r.armTimers) {
        const g = ++gen;
        const prev = timers.get(row.id);
        timers.set(row.id, { row, attempt: prev?.attempt ?? 0, leaseUntil: 0, gen: g });
        let set = timersByCustomer.get(row.customerId);
        if (set === undefined) timersByCustomer.set(row.customerId, (set = new Set()));
        set.add(row.id);
        timerHeap.push({ key: row.dueAt, tie: row.dueAt, id: row.id, gen: g });
      }
      for (const row of r.actions) {
        if (outbox.has(row.id)) continue;
        const g = ++gen;
        outbox.set(row.id, { row: { ...row }, attempt: 0, leaseUntil: 0, gen: g });
        pushTo(outboxByCustomer, row.customerId, row.id);
        outboxHeap.push({ key: row.nextAttemptAt, tie: row.createdAt, id: row.id, gen: g });
      }
      for (const h of r.history) pushTo(history, h.customerId, h);
      for (const m of r.metrics) {
        const key = `${m.journeyId}@${m.version}`;
        let data = metrics.get(key);
        if (data === undefined) metrics.set(key, (data = Object.create(null) as MetricsData));
        applyMetricDelta(data, m);
      }
      return { ok: true };
    },
  };

  function claimFrom<T>(heap: MinHeap, map: Map<string, Leased<T>>, now: number, limit: number, leaseMs: number, eligible: (l: Leased<T>) => boolean, tie: (row: T) => number): Leased<T>[] {
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
      heap.push({ key: l.leaseUntil, tie: tie(l.row), id: top.id, gen: l.gen });
      out.push(l);
    }
    return out;
  }

  function peekValid<T>(heap: MinHeap, map: Map<string, Leased<T>>): number | null {
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
    loadCustomer: async (id) => sync.loadCustomer(id),
    hasProcessedEvent: async (id, eventId) => sync.hasProcessedEvent(id, eventId),
    commit: async (r) => sync.commit(r),
    async claimDueTimers({ now, limit, leaseMs }) {
      return claimFrom(timerHeap, timers, now, limit, leaseMs, () => true, (r) => r.dueAt).map((l): ClaimedTimer => ({ timer: l.row, attempt: l.attempt }));
    },
    nextTimerDue: async () => peekValid(timerHeap, timers),
    async listTimers(customerId) {
      const ids = timersByCustomer.get(customerId) ?? new Set<string>();
      return [...ids].map((id) => timers.get(id)!.row).sort((a, b) => a.dueAt - b.dueAt);
    },
    async claimActions({ now, limit, leaseMs, ids }) {
      if (ids !== undefined) {
        const out: ClaimedAction[] = [];
        for (const id of ids) {
          const l = outbox.get(id);
          if (l === undefined || l.row.status !== "pending" || l.row.nextAttemptAt > now || l.leaseUntil > now || out.length >= limit) continue;
          l.attempt++;
          l.leaseUntil = now + leaseMs;
          l.gen = ++gen;
          outboxHeap.push({ key: l.leaseUntil, tie: l.row.createdAt, id, gen: l.gen });
          out.push({ action: { ...l.row }, attempt: l.attempt });
        }
        return out;
      }
      return claimFrom(outboxHeap, outbox, now, limit, leaseMs, (l) => l.row.status === "pending", (r) => r.createdAt).map((l) => ({ action: { ...l.row }, attempt: l.attempt }));
    },
    async settleAction(id, attempt, outcome: ActionOutcome, rows) {
      const l = outbox.get(id);
      if (l === undefined || l.attempt !== attempt || l.row.status !== "pending") return false;
      l.row.attempts++;
      l.gen = ++gen;
      l.leaseUntil = 0;
      if (outcome.kind === "sent") l.row.status = "done";
      else if (outcome.kind === "dead") {
        l.row.status = "dead";
        l.row.lastError = outcome.error;
      } else {
        l.row.lastError = outcome.error;
        l.row.nextAttemptAt = outcome.nextAttemptAt;
        outboxHeap.push({ key: outcome.nextAttemptAt, tie: l.row.createdAt, id, gen: l.gen });
      }
      for (const h of rows) pushTo(history, h.customerId, h);
      return true;
    },
    nextActionDue: async () => peekValid(outboxHeap, outbox),
    async listDeadLetters() {
      return [...outbox.values()].filter((l) => l.row.status === "dead").map((l) => ({ ...l.row }));
    },
    async retryDeadLetter(id, now) {
      const l = outbox.get(id);
      if (l === undefined || l.row.status !== "dead") return false;
      l.row.status = "pending";
      l.row.attempts = 0;
      l.row.nextAttemptAt = now;
      l.leaseUntil = 0;
      l.gen = ++gen;
      outboxHeap.push({ key: now, tie: l.row.createdAt, id, gen: l.gen });
      return true;
    },
    async listActions(customerId) {
      return (outboxByCustomer.get(customerId) ?? []).map((id) => ({ ...outbox.get(id)!.row }));
    },
    async listHistory(customerId, options) {
      const rows = history.get(customerId) ?? [];
      return options?.journeyId === undefined ? [...rows] : rows.filter((r) => r.journeyId === options.journeyId);
    },
    async readMetrics(journeyId, version) {
      return structuredClone(metrics.get(`${journeyId}@${version}`) ?? (Object.create(null) as MetricsData));
    },
    async addQuarantine(row) {
      quarantine.set(row.id, row);
    },
    listQuarantine: async () => [...quarantine.values()],
    removeQuarantine: async (id) => quarantine.delete(id),
    listCustomerIds: async () => [...customers.keys()],
  };
  return store;
}

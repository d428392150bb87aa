/**
 * The in-memory `JourneyStore`: the embedded default. Every method runs synchronously inside one
 * JavaScript turn, so each commit is atomic. The synchronous face (`sync`) lets
 * `runtime.ingestMany()` skip a promise per input.
 *
 * Built for a million customers: one map entry per customer holds the doc, the processed event
 * ids (a short string, a set past 16), the history in compact form (see `history-codec.ts`), and
 * the ids of the customer's timers and undelivered actions. Delivered actions are dropped (their
 * delivery is in the history).
 */
import { applyMetricDelta } from "./aggregate.js";
import { MinHeap } from "./heap.js";
import { HistoryCodec } from "./history-codec.js";
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
  /**
   * Complete an in-place update: the caller mutated the doc `loadCustomer` returned (only the
   * batch lane does, for inputs that move nobody); this bumps its revision and records
   * `eventId`, exactly as a commit of that doc would.
   */
  touch(customerId: string, eventId: string | undefined): void;
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
interface Entry {
  doc: CustomerDoc | undefined;
  /** Processed event ids: `"\0id1\0id2\0"`, or a set once there are many (or an id contains NUL). */
  events: string | Set<string> | null;
  /** History as (at, shape id) pairs, in an exactly sized array. */
  hist: number[] | null;
  /** Timer ids and undelivered outbox ids: rare, so kept out of line. */
  aux: { timers: Set<string>; actions: string[] } | null;
}

const MAX_EVENT_STRING = 16;

/** Whether `"\0" + id + "\0"` occurs in `ev`, without building that string. */
function inEventString(ev: string, id: string): boolean {
  for (let at = ev.indexOf(id, 1); at > 0; at = ev.indexOf(id, at + 1)) {
    if (ev.charCodeAt(at - 1) === 0 && ev.charCodeAt(at + id.length) === 0) return true;
  }
  return false;
}

function countSeparators(ev: string): number {
  let n = 0;
  for (let i = 0; i < ev.length; i++) if (ev.charCodeAt(i) === 0) n++;
  return n;
}

function hasEvent(e: Entry | undefined, id: string): boolean {
  const ev = e?.events;
  if (ev == null) return false;
  return typeof ev === "string" ? inEventString(ev, id) : ev.has(id);
}

function addEvent(e: Entry, id: string): void {
  const ev = e.events;
  if (ev === null) {
    e.events = id.includes("\0") ? new Set([id]) : `\0${id}\0`;
  } else if (typeof ev === "string") {
    const count = countSeparators(ev) - 1;
    if (count >= MAX_EVENT_STRING || id.includes("\0")) {
      const set = new Set(ev.split("\0").filter((x) => x !== ""));
      set.add(id);
      e.events = set;
    } else e.events = [ev, id, "\0"].join(""); // join builds a flat string (no cons-string chain)
  } else ev.add(id);
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
  const entries = new Map<string, Entry>();
  const timers = new Map<string, Leased<TimerRow>>();
  const timerHeap = new MinHeap();
  const outbox = new Map<string, Leased<OutboxRow>>();
  const outboxHeap = new MinHeap();
  const codec = new HistoryCodec();
  const metrics = new Map<string, MetricsData>();
  const quarantine = new Map<string, QuarantineRow>();
  let gen = 0;

  const entry = (id: string): Entry => {
    let e = entries.get(id);
    if (e === undefined) entries.set(id, (e = { doc: undefined, events: null, hist: null, aux: null }));
    return e;
  };
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
  const auxOf = (e: Entry) => (e.aux ??= { timers: new Set(), actions: [] });
  const compactAux = (e: Entry) => {
    if (e.aux !== null && e.aux.timers.size === 0 && e.aux.actions.length === 0) e.aux = null;
  };
  // The batch lane loads, dedupes and commits one customer at a time: remember the last entry
  // so that those three calls cost one map lookup.
  let lastId: string | null = null;
  let lastEntry: Entry | undefined;
  const find = (id: string): Entry | undefined => {
    if (id === lastId) return lastEntry;
    const e = entries.get(id);
    if (e !== undefined) {
      lastId = id;
      lastEntry = e;
    }
    return e;
  };

  const scratch: number[] = [];
  const appendHistory = (rows: readonly HistoryRow[]) => {
    // Rows of one commit usually belong to one customer: encode them, then grow the customer's
    // array once, exactly (push would leave growth slack on every customer).
    let i = 0;
    while (i < rows.length) {
      const customerId = rows[i]!.customerId;
      scratch.length = 0;
      for (; i < rows.length && rows[i]!.customerId === customerId; i++) codec.encode(rows[i]!, scratch);
      const e = entry(customerId);
      e.hist = e.hist === null ? scratch.slice() : e.hist.concat(scratch);
    }
  };

  const deleteTimer = (id: string) => {
    const t = timers.get(id);
    if (t === undefined) return;
    timers.delete(id);
    const e = entries.get(t.row.customerId);
    if (e?.aux != null) {
      e.aux.timers.delete(id);
      compactAux(e);
    }
  };

  const dropAction = (row: OutboxRow) => {
    outbox.delete(row.id);
    const e = entries.get(row.customerId);
    if (e?.aux != null) {
      const i = e.aux.actions.indexOf(row.id);
      if (i >= 0) e.aux.actions.splice(i, 1);
      compactAux(e);
    }
  };

  const sync: SyncStoreFace = {
    loadCustomer: (id) => find(id)?.doc,
    hasProcessedEvent: (id, eventId) => hasEvent(find(id), eventId),
    touch(id, eventId) {
      const e = find(id);
      if (e?.doc === undefined) return;
      e.doc.rev++;
      if (eventId !== undefined) addEvent(e, eventId);
    },
    commit(r) {
      const current = find(r.customerId);
      if ((current?.doc?.rev ?? 0) !== r.expectedRev) return { ok: false, reason: "conflict" };
      if (r.eventId !== undefined && hasEvent(current, r.eventId)) return { ok: false, reason: "conflict" };
      if (r.firedTimer !== undefined) {
        const t = timers.get(r.firedTimer.id);
        if (t === undefined || t.attempt !== r.firedTimer.attempt) return { ok: false, reason: "conflict" };
      }
      // Validation done: from here on nothing can fail, so the commit is all-or-nothing.
      const e = current ?? entry(r.customerId);
      if (r.doc !== undefined) e.doc = r.doc;
      if (r.eventId !== undefined) addEvent(e, r.eventId);
      if (r.firedTimer !== undefined) deleteTimer(r.firedTimer.id);
      for (const id of r.cancelTimers) deleteTimer(id);
      for (const row of r.armTimers) {
        const g = ++gen;
        const prev = timers.get(row.id);
        timers.set(row.id, { row, attempt: prev?.attempt ?? 0, leaseUntil: 0, gen: g });
        auxOf(entry(row.customerId)).timers.add(row.id);
        timerHeap.push({ key: row.dueAt, tie: row.dueAt, id: row.id, gen: g });
      }
      for (const row of r.actions) {
        if (outbox.has(row.id)) continue;
        const g = ++gen;
        outbox.set(row.id, { row: { ...row }, attempt: 0, leaseUntil: 0, gen: g });
        auxOf(entry(row.customerId)).actions.push(row.id);
        outboxHeap.push({ key: row.nextAttemptAt, tie: row.createdAt, id: row.id, gen: g });
      }
      appendHistory(r.history);
      for (const m of r.metrics) applyMetricDelta(metricsOf(m.journeyId, m.version), m);
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
      const ids = entries.get(customerId)?.aux?.timers ?? new Set<string>();
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
      if (outcome.kind === "sent") dropAction(l.row);
      else if (outcome.kind === "dead") {
        l.row.status = "dead";
        l.row.lastError = outcome.error;
      } else {
        l.row.lastError = outcome.error;
        l.row.nextAttemptAt = outcome.nextAttemptAt;
        outboxHeap.push({ key: outcome.nextAttemptAt, tie: l.row.createdAt, id, gen: l.gen });
      }
      appendHistory(rows);
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
      return (entries.get(customerId)?.aux?.actions ?? []).map((id) => ({ ...outbox.get(id)!.row }));
    },
    async listHistory(customerId, options) {
      const packed = entries.get(customerId)?.hist;
      const rows = packed == null ? [] : codec.decode(customerId, packed);
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
    listCustomerIds: async () => [...entries].filter(([, e]) => e.doc !== undefined).map(([id]) => id),
  };
  return store;
}

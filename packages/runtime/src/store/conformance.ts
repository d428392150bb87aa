/**
 * The store conformance suite: every `JourneyStore` must pass it.
 *
 * @example
 * ```ts
 * // my-store.test.ts
 * import { describeStoreConformance } from "@journeys/runtime/conformance";
 * describeStoreConformance("my store", async () => openMyStore(), { close: (s) => s.close?.() });
 * ```
 */
import { describe, expect, it } from "vitest";
import { applyMetricDelta } from "./aggregate.js";
import type { CommitRequest, CustomerDoc, HistoryRow, JourneyStore, MetricDelta, MetricsData, OutboxRow, TimerRow } from "./types.js";

/** Options of {@link describeStoreConformance}. */
export interface ConformanceOptions<S extends JourneyStore> {
  /** Called after each test with the store it used. */
  close?: (store: S) => Promise<void> | void;
  /** Concurrent writers in the lost-update test (default 40). */
  concurrency?: number;
}

/** Test data: a customer doc at `rev` in journey "j", stage "a". @example confDoc("c1", 1, { email: "a@b.c" }) */
export function confDoc(customerId: string, rev: number, record: Record<string, unknown> = {}): CustomerDoc {
  return {
    customerId,
    rev,
    record,
    tags: [],
    journeys: {
      j: {
        version: 1,
        status: "active",
        stage: "a",
        enteredAt: 1000,
        enrolledAt: 1000,
        endedAt: null,
        lastActivityAt: null,
        enrolment: 1,
        stageEntry: 1,
        goalReached: false,
        entryEvent: null,
        splits: {},
        holdout: false,
        wakeAt: null,
      },
    },
  };
}

/** Test data: an `after` timer. @example confTimer("t1", "c1", 1_000) */
export function confTimer(id: string, customerId: string, dueAt: number): TimerRow {
  return { id, customerId, journeyId: "j", version: 1, kind: "after", blockId: "a/after", dueAt, enrolment: 1, stageEntry: 1, seq: 0 };
}

/** Test data: a pending `send`. @example confAction("k1", "c1", 1_000) */
export function confAction(id: string, customerId: string, at: number): OutboxRow {
  return {
    id,
    customerId,
    journeyId: "j",
    version: 1,
    kind: "send",
    actionId: "a/enter/0",
    channel: "email",
    template: "welcome",
    data: { name: "Ana" },
    stage: "a",
    enrolment: 1,
    stageEntry: 1,
    createdAt: at,
    nextAttemptAt: at,
    attempts: 0,
    status: "pending",
    lastError: null,
  };
}

/** Test data: an `enter` history row. @example confHistory("c1", 1_000, "enrolled") */
export function confHistory(customerId: string, at: number, reason: string, journeyId = "j"): HistoryRow {
  return { at, customerId, journeyId, version: 1, enrolment: 1, type: "enter", stage: "a", reason };
}

/** Test data: a commit request. @example confRequest("c1", 0, { doc: confDoc("c1", 1) }) */
export function confRequest(customerId: string, expectedRev: number, parts: Partial<CommitRequest> = {}): CommitRequest {
  return { customerId, expectedRev, cancelTimers: [], armTimers: [], actions: [], history: [], metrics: [], ...parts };
}

/**
 * Register the conformance tests (vitest `describe` / `it`) for stores made by `factory`.
 * Each test gets a fresh, empty store; `close` runs after each test.
 *
 * @example
 * ```ts
 * import { describeStoreConformance } from "@journeys/runtime/conformance";
 * import { createMemoryStore } from "@journeys/runtime";
 * describeStoreConformance("in-memory store", () => createMemoryStore());
 * ```
 */
export function describeStoreConformance<S extends JourneyStore>(name: string, factory: () => S | Promise<S>, options: ConformanceOptions<S> = {}): void {
  const withStore = (fn: (s: S) => Promise<void>) => async () => {
    const s = await factory();
    try {
      await fn(s);
    } finally {
      await options.close?.(s);
    }
  };

  describe(`JourneyStore conformance: ${name}`, () => {
    it("starts empty", withStore(async (s) => {
      expect(await s.loadCustomer("nobody")).toBeUndefined();
      expect(await s.hasProcessedEvent("nobody", "e1")).toBe(false);
      expect(await s.listTimers("nobody")).toEqual([]);
      expect(await s.listActions("nobody")).toEqual([]);
      expect(await s.listHistory("nobody")).toEqual([]);
      expect(await s.nextTimerDue()).toBeNull();
      expect(await s.nextActionDue()).toBeNull();
      expect(await s.listDeadLetters()).toEqual([]);
      expect(await s.listQuarantine()).toEqual([]);
      expect(await s.listCustomerIds()).toEqual([]);
      expect(Object.keys(await s.readMetrics("j", 1))).toEqual([]);
    }));

    it("stores a new customer at rev 1 and keeps __proto__ / constructor keys as plain data", withStore(async (s) => {
      const record = JSON.parse('{"email":"a@example.com","__proto__":{"polluted":true},"constructor":"x","n":1.5,"list":["a"]}') as Record<string, unknown>;
      expect(await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1, record) }))).toEqual({ ok: true });
      const loaded = await s.loadCustomer("c1");
      expect(loaded?.rev).toBe(1);
      expect(loaded?.record.email).toBe("a@example.com");
      expect(loaded?.record.n).toBe(1.5);
      expect(loaded?.record.list).toEqual(["a"]);
      expect(Object.prototype.hasOwnProperty.call(loaded!.record, "__proto__")).toBe(true);
      expect(Object.prototype.hasOwnProperty.call(loaded!.record, "constructor")).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(loaded?.journeys.j?.stage).toBe("a");
      expect(await s.listCustomerIds()).toEqual(["c1"]);
    }));

    it("rejects a stale revision and writes nothing of that commit", withStore(async (s) => {
      await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1) }));
      const stale = confRequest("c1", 0, {
        doc: confDoc("c1", 1, { x: 1 }),
        armTimers: [confTimer("t1", "c1", 10)],
        actions: [confAction("k1", "c1", 10)],
        history: [confHistory("c1", 10, "stale")],
        eventId: "e1",
        metrics: [{ journeyId: "j", version: 1, kind: "enrol", stage: null, variants: [] }],
      });
      expect(await s.commit(stale)).toEqual({ ok: false, reason: "conflict" });
      expect((await s.loadCustomer("c1"))?.record).toEqual({});
      expect(await s.listTimers("c1")).toEqual([]);
      expect(await s.listActions("c1")).toEqual([]);
      expect(await s.listHistory("c1")).toEqual([]);
      expect(await s.hasProcessedEvent("c1", "e1")).toBe(false);
      expect(Object.keys(await s.readMetrics("j", 1))).toEqual([]);
      expect(await s.commit(confRequest("c1", 1, { doc: confDoc("c1", 2, { x: 2 }) }))).toEqual({ ok: true });
      expect((await s.loadCustomer("c1"))?.rev).toBe(2);
    }));

    it("records processed event ids per customer and refuses a second commit of one", withStore(async (s) => {
      await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1), eventId: "e1" }));
      expect(await s.hasProcessedEvent("c1", "e1")).toBe(true);
      expect(await s.hasProcessedEvent("c2", "e1")).toBe(false);
      expect(await s.commit(confRequest("c1", 1, { doc: confDoc("c1", 2), eventId: "e1" }))).toEqual({ ok: false, reason: "conflict" });
      expect(await s.commit(confRequest("c2", 0, { doc: confDoc("c2", 1), eventId: "e1" }))).toEqual({ ok: true });
    }));

    it("arms (upserts), cancels and orders timers; cancel-then-arm of one id keeps it armed", withStore(async (s) => {
      await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1), armTimers: [confTimer("t2", "c1", 200), confTimer("t1", "c1", 100)] }));
      expect((await s.listTimers("c1")).map((t) => t.id)).toEqual(["t1", "t2"]);
      expect(await s.nextTimerDue()).toBe(100);
      await s.commit(confRequest("c1", 1, { doc: confDoc("c1", 2), armTimers: [confTimer("t1", "c1", 300)], cancelTimers: ["t2", "missing"] }));
      expect((await s.listTimers("c1")).map((t) => [t.id, t.dueAt])).toEqual([["t1", 300]]);
      await s.commit(confRequest("c1", 2, { doc: confDoc("c1", 3), cancelTimers: ["t1"], armTimers: [confTimer("t1", "c1", 50)] }));
      expect((await s.listTimers("c1")).map((t) => [t.id, t.dueAt])).toEqual([["t1", 50]]);
      expect(await s.nextTimerDue()).toBe(50);
    }));

    it("claims due timers once under a lease, in due order, with a rising attempt", withStore(async (s) => {
      await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1), armTimers: [confTimer("t3", "c1", 300), confTimer("t1", "c1", 100), confTimer("t2", "c1", 200)] }));
      const first = await s.claimDueTimers({ now: 250, limit: 10, leaseMs: 1000 });
      expect(first.map((c) => [c.timer.id, c.attempt])).toEqual([["t1", 1], ["t2", 1]]);
      expect(await s.claimDueTimers({ now: 260, limit: 10, leaseMs: 1000 })).toEqual([]);
      const limited = await s.claimDueTimers({ now: 400, limit: 1, leaseMs: 1000 });
      expect(limited.map((c) => c.timer.id)).toEqual(["t3"]);
      const again = await s.claimDueTimers({ now: 1300, limit: 10, leaseMs: 1000 });
      expect(again.map((c) => [c.timer.id, c.attempt])).toEqual([["t1", 2], ["t2", 2]]);
    }));

    it("fires a timer exactly once: the commit must present the current attempt", withStore(async (s) => {
      await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1), armTimers: [confTimer("t1", "c1", 100)] }));
      const [a1] = await s.claimDueTimers({ now: 100, limit: 1, leaseMs: 50 });
      const [a2] = await s.claimDueTimers({ now: 200, limit: 1, leaseMs: 50 }); // the first lease lapsed
      expect([a1?.attempt, a2?.attempt]).toEqual([1, 2]);
      expect(await s.commit(confRequest("c1", 1, { doc: confDoc("c1", 2), firedTimer: { id: "t1", attempt: 1 } }))).toEqual({ ok: false, reason: "conflict" });
      expect(await s.commit(confRequest("c1", 1, { doc: confDoc("c1", 2), firedTimer: { id: "t1", attempt: 2 } }))).toEqual({ ok: true });
      expect(await s.listTimers("c1")).toEqual([]);
      expect(await s.commit(confRequest("c1", 2, { doc: confDoc("c1", 3), firedTimer: { id: "t1", attempt: 2 } }))).toEqual({ ok: false, reason: "conflict" });
      expect(await s.claimDueTimers({ now: 10_000, limit: 10, leaseMs: 50 })).toEqual([]);
    }));

    it("queues actions idempotently and delivers through leased claims", withStore(async (s) => {
      await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1), actions: [confAction("k1", "c1", 100), confAction("k2", "c1", 100)] }));
      await s.commit(confRequest("c1", 1, { doc: confDoc("c1", 2), actions: [{ ...confAction("k1", "c1", 100), template: "changed" }] }));
      const rows = await s.listActions("c1");
      expect(rows.map((r) => [r.id, r.status, r.attempts, r.template])).toEqual([["k1", "pending", 0, "welcome"], ["k2", "pending", 0, "welcome"]]);
      expect(await s.nextActionDue()).toBe(100);
      expect(await s.claimActions({ now: 50, limit: 10, leaseMs: 100 })).toEqual([]);
      const byId = await s.claimActions({ now: 100, limit: 10, leaseMs: 100, ids: ["k2"] });
      expect(byId.map((c) => [c.action.id, c.attempt])).toEqual([["k2", 1]]);
      const rest = await s.claimActions({ now: 100, limit: 10, leaseMs: 100 });
      expect(rest.map((c) => c.action.id)).toEqual(["k1"]);
      expect(await s.settleAction("k2", 1, { kind: "sent" }, [confHistory("c1", 101, "sent")])).toBe(true);
      expect(await s.settleAction("k2", 1, { kind: "sent" }, [])).toBe(false);
      // A delivered row is either kept as `done` or dropped (its delivery is in the history).
      const k2 = (await s.listActions("c1")).find((r) => r.id === "k2");
      if (k2 !== undefined) expect([k2.status, k2.attempts]).toEqual(["done", 1]);
      expect((await s.listHistory("c1")).map((h) => h.reason)).toEqual(["sent"]);
      expect(await s.claimActions({ now: 10_000, limit: 10, leaseMs: 100, ids: ["k2"] })).toEqual([]);
    }));

    it("retries after a failure, ignores a stale settle, dead-letters and re-queues", withStore(async (s) => {
      await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1), actions: [confAction("k1", "c1", 100)] }));
      const [c1] = await s.claimActions({ now: 100, limit: 1, leaseMs: 10 });
      expect(await s.settleAction("k1", c1!.attempt, { kind: "retry", error: "boom", nextAttemptAt: 500 }, [])).toBe(true);
      let row = (await s.listActions("c1"))[0]!;
      expect([row.status, row.attempts, row.lastError, row.nextAttemptAt]).toEqual(["pending", 1, "boom", 500]);
      expect(await s.claimActions({ now: 499, limit: 1, leaseMs: 10 })).toEqual([]);
      const [c2] = await s.claimActions({ now: 500, limit: 1, leaseMs: 10 });
      const [c3] = await s.claimActions({ now: 600, limit: 1, leaseMs: 10 }); // lease of c2 lapsed
      expect(c3!.attempt).toBeGreaterThan(c2!.attempt);
      expect(await s.settleAction("k1", c2!.attempt, { kind: "sent" }, [])).toBe(false);
      expect(await s.settleAction("k1", c3!.attempt, { kind: "dead", error: "gone" }, [confHistory("c1", 600, "dead")])).toBe(true);
      const dead = await s.listDeadLetters();
      expect(dead.map((d) => [d.id, d.status, d.lastError])).toEqual([["k1", "dead", "gone"]]);
      expect(await s.claimActions({ now: 10_000, limit: 1, leaseMs: 10 })).toEqual([]);
      expect(await s.retryDeadLetter("k1", 700)).toBe(true);
      expect(await s.retryDeadLetter("k1", 700)).toBe(false);
      row = (await s.listActions("c1"))[0]!;
      expect([row.status, row.attempts]).toEqual(["pending", 0]);
      expect(await s.listDeadLetters()).toEqual([]);
      expect((await s.claimActions({ now: 700, limit: 1, leaseMs: 10 })).map((c) => c.action.id)).toEqual(["k1"]);
    }));

    it("keeps history in order and filters by journey", withStore(async (s) => {
      await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1), history: [confHistory("c1", 5, "one"), confHistory("c1", 5, "two", "other")] }));
      await s.commit(confRequest("c1", 1, { doc: confDoc("c1", 2), history: [confHistory("c1", 6, "three")] }));
      expect((await s.listHistory("c1")).map((h) => h.reason)).toEqual(["one", "two", "three"]);
      expect((await s.listHistory("c1", { journeyId: "j" })).map((h) => h.reason)).toEqual(["one", "three"]);
      expect(await s.listHistory("c2")).toEqual([]);
    }));

    it("aggregates metric deltas per journey version and per variant", withStore(async (s) => {
      const deltas: MetricDelta[] = [
        { journeyId: "j", version: 1, kind: "enrol", stage: null, variants: [] },
        { journeyId: "j", version: 1, kind: "enter", stage: "a", variants: ["sp=x"] },
        { journeyId: "j", version: 1, kind: "exit", stage: "a", durationMs: 40, variants: ["sp=x"] },
        { journeyId: "j", version: 1, kind: "move", stage: "a", toStage: "b", variants: ["sp=x"] },
        { journeyId: "j", version: 1, kind: "goal", stage: "b", variants: [] },
        { journeyId: "j", version: 2, kind: "enrol", stage: null, variants: [] },
      ];
      await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1), metrics: deltas.slice(0, 3) }));
      await s.commit(confRequest("c1", 1, { doc: confDoc("c1", 2), metrics: deltas.slice(3) }));
      const expected = Object.create(null) as MetricsData;
      for (const d of deltas.filter((d) => d.version === 1)) applyMetricDelta(expected, d);
      expect(JSON.parse(JSON.stringify(await s.readMetrics("j", 1)))).toEqual(JSON.parse(JSON.stringify(expected)));
      expect((await s.readMetrics("j", 2))[""]?.enrolled).toBe(1);
    }));

    it("keeps, lists and removes quarantined inputs", withStore(async (s) => {
      const row = { id: "q1", receivedAt: 5, input: { kind: "event", __proto__x: 1 }, error: { code: "INVALID_INPUT", message: "bad", issues: [{ path: "properties.value", message: "Expected number" }] } };
      await s.addQuarantine(row);
      await s.addQuarantine({ ...row, id: "q2", receivedAt: 6 });
      expect((await s.listQuarantine()).map((q) => q.id)).toEqual(["q1", "q2"]);
      expect((await s.listQuarantine())[0]).toEqual(row);
      expect(await s.removeQuarantine("q1")).toBe(true);
      expect(await s.removeQuarantine("q1")).toBe(false);
      expect((await s.listQuarantine()).map((q) => q.id)).toEqual(["q2"]);
    }));

    it("never loses an update under many concurrent writers of one customer", withStore(async (s) => {
      const n = options.concurrency ?? 40;
      await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1, { count: 0 }) }));
      const writer = async (i: number) => {
        for (;;) {
          const doc = (await s.loadCustomer("c1"))!;
          const next = { ...doc, rev: doc.rev + 1, record: { ...doc.record, count: (doc.record.count as number) + 1 } };
          const res = await s.commit(confRequest("c1", doc.rev, { doc: next, history: [confHistory("c1", i, `w${i}`)], eventId: `e${i}` }));
          if (res.ok) return;
        }
      };
      await Promise.all(Array.from({ length: n }, (_, i) => writer(i)));
      const doc = await s.loadCustomer("c1");
      expect(doc?.record.count).toBe(n);
      expect(doc?.rev).toBe(n + 1);
      expect((await s.listHistory("c1")).length).toBe(n);
    }));

    it("hands a due timer to exactly one of many concurrent claimers", withStore(async (s) => {
      await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1), armTimers: [confTimer("t1", "c1", 100)], actions: [confAction("k1", "c1", 100)] }));
      const timers = await Promise.all(Array.from({ length: 10 }, () => s.claimDueTimers({ now: 100, limit: 5, leaseMs: 1000 })));
      expect(timers.flat().length).toBe(1);
      const actions = await Promise.all(Array.from({ length: 10 }, () => s.claimActions({ now: 100, limit: 5, leaseMs: 1000 })));
      expect(actions.flat().length).toBe(1);
    }));
  });
}

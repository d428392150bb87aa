/**
 * Regression cases of the memory store's review against the store interface (types.ts), each a
 * divergence once found by memory-model.test.ts.
 */
import { describe, expect, it } from "vitest";
import { confAction, confDoc, confHistory, confRequest, confTimer } from "./conformance.js";
import { createMemoryStore } from "./memory.js";
import type { HistoryRow } from "./types.js";

describe("memory store: timers", () => {
  it("a re-armed timer is not fired by a claim of its earlier arming", async () => {
    const s = createMemoryStore();
    await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1), armTimers: [confTimer("wake", "c1", 100)] }));
    const [old] = await s.claimDueTimers({ now: 100, limit: 1, leaseMs: 1_000 });
    // An input re-arms the wake timer for later while the claim is held.
    await s.commit(confRequest("c1", 1, { doc: confDoc("c1", 2), armTimers: [confTimer("wake", "c1", 5_000)] }));
    expect(await s.commit(confRequest("c1", 2, { doc: confDoc("c1", 3), firedTimer: { id: "wake", attempt: old!.attempt } }))).toEqual({ ok: false, reason: "conflict" });
    expect((await s.listTimers("c1")).map((t) => t.dueAt)).toEqual([5_000]);
    const [fresh] = await s.claimDueTimers({ now: 5_000, limit: 1, leaseMs: 1_000 });
    expect(await s.commit(confRequest("c1", 2, { doc: confDoc("c1", 3), firedTimer: { id: "wake", attempt: fresh!.attempt } }))).toEqual({ ok: true });
  });

  it("a timer id armed again for another customer is listed under that customer only", async () => {
    const s = createMemoryStore();
    await s.commit(confRequest("a", 0, { doc: confDoc("a", 1), armTimers: [confTimer("t", "a", 100)] }));
    await s.commit(confRequest("b", 0, { doc: confDoc("b", 1), armTimers: [confTimer("t", "b", 200)] }));
    expect(await s.listTimers("a")).toEqual([]);
    expect((await s.listTimers("b")).map((t) => [t.id, t.customerId])).toEqual([["t", "b"]]);
  });

  it("a timer whose lease lapsed is claimed before timers due after it (due order)", async () => {
    const s = createMemoryStore();
    await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1), armTimers: [confTimer("early", "c1", 0), confTimer("later", "c1", 10)] }));
    expect((await s.claimDueTimers({ now: 0, limit: 1, leaseMs: 50 })).map((c) => c.timer.id)).toEqual(["early"]);
    expect(await s.nextTimerDue()).toBe(10);
    // At 60 both are claimable: "early" (due 0, lease lapsed at 50) comes first.
    expect((await s.claimDueTimers({ now: 60, limit: 1, leaseMs: 50 })).map((c) => [c.timer.id, c.attempt])).toEqual([["early", 2]]);
    expect(await s.nextTimerDue()).toBe(10);
    // A claim at an earlier instant than the last one sees only what is claimable then.
    expect(await s.claimDueTimers({ now: 5, limit: 5, leaseMs: 50 })).toEqual([]);
    expect((await s.claimDueTimers({ now: 60, limit: 5, leaseMs: 50 })).map((c) => c.timer.id)).toEqual(["later"]);
    expect(await s.nextTimerDue()).toBe(110);
  });
});

describe("memory store: outbox order", () => {
  it("lists, claims by id and re-claims actions oldest (createdAt) first", async () => {
    const s = createMemoryStore();
    // Queued late with an earlier time (an event's own `at`).
    await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1), actions: [confAction("late", "c1", 30), confAction("k20", "c1", 20)] }));
    await s.commit(confRequest("c1", 1, { doc: confDoc("c1", 2), actions: [confAction("k10", "c1", 10)] }));
    expect((await s.listActions("c1")).map((a) => a.id)).toEqual(["k10", "k20", "late"]);
    expect((await s.claimActions({ now: 100, limit: 1, leaseMs: 10, ids: ["late", "k20"] })).map((c) => c.action.id)).toEqual(["k20"]);
    // k20's lease lapses at 110: at 200 it comes back before "late", by createdAt.
    expect((await s.claimActions({ now: 200, limit: 2, leaseMs: 10 })).map((c) => c.action.id)).toEqual(["k10", "k20"]);
    const [retried] = s.sync.claimDueActions(300, 1, 10);
    expect(retried!.action.id).toBe("k10");
    expect(s.sync.settleAction("k10", retried!.attempt, { kind: "retry", error: "boom", nextAttemptAt: 400 }, [])).toBe(true);
    expect((await s.claimActions({ now: 500, limit: 3, leaseMs: 10 })).map((c) => c.action.id)).toEqual(["k10", "k20", "late"]);
  });
});

describe("memory store: outbox ties", () => {
  it("claims actions of equal createdAt in queuing order, also after a lapsed lease", async () => {
    const s = createMemoryStore();
    await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1), actions: [confAction("first", "c1", 10), confAction("second", "c1", 10)] }));
    expect((await s.claimActions({ now: 10, limit: 1, leaseMs: 5 })).map((c) => c.action.id)).toEqual(["first"]);
    expect((await s.claimActions({ now: 20, limit: 2, leaseMs: 5 })).map((c) => c.action.id)).toEqual(["first", "second"]);
  });
});

describe("memory store: history", () => {
  it("gives rows back oldest first by time, and exactly as given whatever their strings", async () => {
    const s = createMemoryStore();
    const rows: HistoryRow[] = [
      { ...confHistory("c1", 50, "r"), actionId: "\u0002", stage: "\u0002" },
      { ...confHistory("c1", 10, "late \u0001 event") },
      { ...confHistory("c1", 50, "r"), actionId: "\u0002", stage: "\u0002", detail: {} },
      { ...confHistory("c1", 50, "r"), detail: { b: 1, a: "c1" } },
      { ...confHistory("c1", 50, "r"), detail: { a: "c1", b: 1 } },
    ];
    for (let i = 0; i < rows.length; i++) await s.commit(confRequest("c1", i, { doc: confDoc("c1", i + 1), history: [rows[i]!] }));
    const got = await s.listHistory("c1");
    expect(got).toEqual([rows[1], rows[0], rows[2], rows[3], rows[4]]);
    expect(Object.keys(got[3]!.detail!)).toEqual(["b", "a"]);
    expect(Object.keys(got[4]!.detail!)).toEqual(["a", "b"]);
    // The same shapes for another customer decode with that customer's id.
    await s.commit(confRequest("c2", 0, { doc: confDoc("c2", 1), history: [{ ...confHistory("c2", 1, "late \u0001 event") }, { ...confHistory("c2", 2, "r"), detail: { a: "c2", b: 1 } }] }));
    expect((await s.listHistory("c2")).map((r) => [r.reason, r.detail])).toEqual([
      ["late \u0001 event", undefined],
      ["r", { a: "c2", b: 1 }],
    ]);
  });
});

describe("memory store: quarantine", () => {
  it("lists quarantined inputs oldest first by the time they were received", async () => {
    const s = createMemoryStore();
    const row = (id: string, receivedAt: number) => ({ id, receivedAt, input: null, error: { code: "INVALID_INPUT", message: "bad", issues: [] } });
    await s.addQuarantine(row("q1", 20));
    await s.addQuarantine(row("q2", 10));
    await s.addQuarantine(row("q3", 20));
    expect((await s.listQuarantine()).map((q) => q.id)).toEqual(["q2", "q1", "q3"]);
  });
});

import { describe, expect, it } from "vitest";
import { confAction, confDoc, confRequest, describeStoreConformance } from "./conformance.js";
import { createMemoryStore } from "./memory.js";

describeStoreConformance("in-memory store", () => createMemoryStore());

describe("in-memory store: processed event ids", () => {
  it("matches whole ids only, handles ids with NUL, and stays exact past the compact form", async () => {
    const s = createMemoryStore();
    let rev = 0;
    const apply = async (eventId: string) => s.commit(confRequest("c", rev, { doc: confDoc("c", ++rev), eventId }));
    for (const id of ["ab", "b", "a\u0000b", "x"]) expect(await apply(id)).toEqual({ ok: true });
    for (const id of ["a", "abc", "\u0000", "a\u0000", ""]) expect(await s.hasProcessedEvent("c", id)).toBe(false);
    for (const id of ["ab", "b", "a\u0000b", "x"]) expect(await s.hasProcessedEvent("c", id)).toBe(true);
    const t = createMemoryStore();
    rev = 0;
    for (let i = 0; i < 40; i++) {
      expect(await t.commit(confRequest("c", rev, { doc: confDoc("c", rev + 1), eventId: `e${i}` }))).toEqual({ ok: true });
      rev++;
    }
    for (let i = 0; i < 40; i++) expect(await t.hasProcessedEvent("c", `e${i}`)).toBe(true);
    expect(await t.hasProcessedEvent("c", "e40")).toBe(false);
    expect(await t.commit(confRequest("c", rev, { doc: confDoc("c", rev + 1), eventId: "e7" }))).toEqual({ ok: false, reason: "conflict" });
    s.sync.touch("c", "late");
    expect((await s.loadCustomer("c"))!.rev).toBe(5);
    expect(await s.hasProcessedEvent("c", "late")).toBe(true);
  });
});

describe("in-memory store: numbered event ids", () => {
  it("keeps <customer>.<n> ids apart from look-alikes (leading zeros, n past 31, other customers)", async () => {
    const s = createMemoryStore();
    let rev = 0;
    const apply = async (eventId: string) => s.commit(confRequest("c", rev, { doc: confDoc("c", ++rev), eventId }));
    for (const id of ["c.0", "c.1", "c.31", "c.32", "c.9"]) expect(await apply(id)).toEqual({ ok: true });
    for (const id of ["c.0", "c.1", "c.31", "c.32", "c.9"]) expect(await s.hasProcessedEvent("c", id)).toBe(true);
    for (const id of ["c.01", "c.00", "c.2", "c.33", "c.10", "c.", "c1", "cc.1", "c.1.", "c:1"]) expect(await s.hasProcessedEvent("c", id)).toBe(false);
    expect(await s.hasProcessedEvent("cc", "cc.1")).toBe(false);
    // The same id again is a conflict, whichever form keeps it.
    expect(await s.commit(confRequest("c", rev, { doc: confDoc("c", rev + 1), eventId: "c.31" }))).toEqual({ ok: false, reason: "conflict" });
    expect(await s.commit(confRequest("c", rev, { doc: confDoc("c", rev + 1), eventId: "c.32" }))).toEqual({ ok: false, reason: "conflict" });
    expect(await apply("c.01")).toEqual({ ok: true });
    expect(await s.hasProcessedEvent("c", "c.01")).toBe(true);
    expect(await s.hasProcessedEvent("c", "c.2")).toBe(false);
  });
});

describe("in-memory store: synchronous claims", () => {
  it("claims due actions like claimActions, leased, in due order, and settles them with the returned attempt", async () => {
    const viaSync = createMemoryStore();
    const viaAsync = createMemoryStore();
    const actions = [confAction("k2", "c1", 200), confAction("k1", "c1", 100), confAction("k3", "c2", 300)];
    for (const s of [viaSync, viaAsync]) {
      await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1), actions: actions.filter((a) => a.customerId === "c1") }));
      await s.commit(confRequest("c2", 0, { doc: confDoc("c2", 1), actions: actions.filter((a) => a.customerId === "c2") }));
    }
    const got = viaSync.sync.claimDueActions(250, 10, 60_000);
    const expected = await viaAsync.claimActions({ now: 250, limit: 10, leaseMs: 60_000 });
    expect(got).toEqual(expected);
    expect(got.map((c) => c.action.id)).toEqual(["k1", "k2"]);
    // Leased: not claimable again until the lease lapses.
    expect(viaSync.sync.claimDueActions(250, 10, 60_000)).toEqual([]);
    expect(viaSync.sync.settleAction("k1", got[0]!.attempt, { kind: "sent" }, [])).toBe(true);
    expect((await viaSync.listActions("c1")).map((a) => a.id)).toEqual(["k2"]);
    // By createdAt: k2 (created at 200, lease lapsed) keeps its place before k3 (created at 300).
    expect(viaSync.sync.claimDueActions(250 + 60_000, 10, 60_000).map((c) => [c.action.id, c.attempt])).toEqual([
      ["k2", 2],
      ["k3", 1],
    ]);
  });
});

describe("in-memory store: leases of synchronous claims", () => {
  it("are visible to every reader of the due order while unsettled, and gone once settled", async () => {
    const s = createMemoryStore();
    await s.commit(confRequest("c1", 0, { doc: confDoc("c1", 1), actions: [confAction("k1", "c1", 100), confAction("k2", "c1", 100)] }));
    const got = s.sync.claimDueActions(100, 10, 1_000);
    expect(got.map((c) => c.action.id)).toEqual(["k1", "k2"]);
    // k1 settled as a synchronous handler would; k2 stays leased (an async handler still running).
    expect(s.sync.settleAction("k1", got[0]!.attempt, { kind: "sent" }, [])).toBe(true);
    expect(await s.nextActionDue()).toBe(1_100);
    expect(await s.claimActions({ now: 1_099, limit: 10, leaseMs: 1_000 })).toEqual([]);
    const again = await s.claimActions({ now: 1_100, limit: 10, leaseMs: 1_000 });
    expect(again.map((c) => [c.action.id, c.attempt])).toEqual([["k2", 2]]);
    // The first claim lapsed: settling with its attempt is refused, with the new one accepted.
    expect(s.sync.settleAction("k2", got[1]!.attempt, { kind: "sent" }, [])).toBe(false);
    expect(await s.settleAction("k2", 2, { kind: "sent" }, [])).toBe(true);
    expect(await s.nextActionDue()).toBeNull();
    expect(await s.listActions("c1")).toEqual([]);
  });
});

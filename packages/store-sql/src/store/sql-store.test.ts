/**
 * What the SQL store adds beyond the runtime's conformance suite: behaviour that only shows with
 * a real database (two connections racing, transactions rolled back, data surviving a reopen).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPgliteStore, openPostgresStore } from "../open.js";
import { createTestDatabase, skipPg, type TestDatabase } from "../../test/helpers/pg.js";
import { action, doc, history, request, timer } from "../../test/helpers/docs.js";
import type { SqlJourneyStore } from "./sql-store.js";
import type { WakeupScheduler, Wakeups } from "./wakeups.js";

describe("SQL store on PGlite (file-backed)", () => {
  it("keeps customers, timers, actions and history across a close and reopen", async () => {
    const dir = mkdtempSync(join(tmpdir(), "journeys-store-"));
    try {
      const first = await openPgliteStore({ dataDir: dir });
      const ok = await first.commit(
        request("c1", 0, {
          doc: doc("c1", 1, JSON.parse('{"email": "a@example.com", "__proto__": {"polluted": true}}')),
          armTimers: [timer("t1", "c1", 5_000)],
          actions: [action("k1", "c1", 1_000)],
          history: [history("c1", 1_000, "enrolled")],
          eventId: "e1",
        }),
      );
      expect(ok).toEqual({ ok: true });
      await first.close();

      const second = await openPgliteStore({ dataDir: dir });
      try {
        const loaded = await second.loadCustomer("c1");
        expect(loaded?.rev).toBe(1);
        expect(loaded?.record.email).toBe("a@example.com");
        expect(Object.getPrototypeOf(loaded!.record)).toBe(Object.prototype);
        expect(Object.prototype.hasOwnProperty.call(loaded!.record, "__proto__")).toBe(true);
        expect((await second.listTimers("c1")).map((t) => t.id)).toEqual(["t1"]);
        expect((await second.listActions("c1")).map((a) => a.id)).toEqual(["k1"]);
        expect((await second.listHistory("c1")).map((h) => h.reason)).toEqual(["enrolled"]);
        expect(await second.hasProcessedEvent("c1", "e1")).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(skipPg)("SQL store on PostgreSQL", () => {
  let db: TestDatabase;
  let a: SqlJourneyStore;
  let b: SqlJourneyStore;
  beforeAll(async () => {
    db = await createTestDatabase("jt_store");
    // Two pools: two workers' worth of connections racing on one database.
    a = await openPostgresStore({ connectionString: db.url, max: 8 });
    b = await openPostgresStore({ connectionString: db.url, max: 8 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it("of many concurrent commits on one rev, exactly one wins; the rest get a conflict", async () => {
    expect(await a.commit(request("race", 0))).toEqual({ ok: true });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).commit(request("race", 1, { history: [history("race", i, `w${i}`)] }))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await a.loadCustomer("race"))?.rev).toBe(2);
    // The losers' history rows were rolled back with them.
    expect(await a.listHistory("race")).toHaveLength(1);
  });

  it("two racing first commits of a new customer: one insert wins, the other conflicts", async () => {
    const results = await Promise.all([a.commit(request("fresh", 0)), b.commit(request("fresh", 0))]);
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
  });

  it("a conflicting commit writes nothing: no timer, no action, no event id", async () => {
    await a.commit(request("atomic", 0));
    const stale = await b.commit(
      request("atomic", 0, { armTimers: [timer("at1", "atomic", 1)], actions: [action("ak1", "atomic", 1)], eventId: "ev" }),
    );
    expect(stale).toEqual({ ok: false, reason: "conflict" });
    expect(await a.listTimers("atomic")).toEqual([]);
    expect(await a.listActions("atomic")).toEqual([]);
    expect(await a.hasProcessedEvent("atomic", "ev")).toBe(false);
  });

  it("claims from two pools never hand one timer to both, and the older attempt cannot fire it", async () => {
    const timers = Array.from({ length: 50 }, (_, i) => timer(`ct${i}`, "claims", 100 + i));
    await a.commit(request("claims", 0, { armTimers: timers }));
    const [x, y] = await Promise.all([
      a.claimDueTimers({ now: 1_000, limit: 50, leaseMs: 10_000 }),
      b.claimDueTimers({ now: 1_000, limit: 50, leaseMs: 10_000 }),
    ]);
    const ids = [...x, ...y].map((c) => c.timer.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(50);

    // The lease of ct0 lapses; a second worker reclaims it with a newer attempt.
    const old = [...x, ...y].find((c) => c.timer.id === "ct0")!;
    const reclaimed = (await b.claimDueTimers({ now: 20_000, limit: 100, leaseMs: 10_000 })).find((c) => c.timer.id === "ct0")!;
    expect(reclaimed.attempt).toBe(old.attempt + 1);
    const staleFire = await a.commit(request("claims", 1, { firedTimer: { id: "ct0", attempt: old.attempt } }));
    expect(staleFire).toEqual({ ok: false, reason: "conflict" });
    const freshFire = await b.commit(request("claims", 1, { firedTimer: { id: "ct0", attempt: reclaimed.attempt } }));
    expect(freshFire).toEqual({ ok: true });
    expect((await a.listTimers("claims")).some((t) => t.id === "ct0")).toBe(false);
  });

  it("an action settle from a lapsed claim is ignored; the newer attempt's settle counts", async () => {
    await a.commit(request("settle", 0, { actions: [action("sk1", "settle", 10)] }));
    const [first] = await a.claimActions({ now: 100, limit: 10, leaseMs: 1_000, ids: ["sk1"] });
    const [second] = await b.claimActions({ now: 5_000, limit: 10, leaseMs: 1_000, ids: ["sk1"] });
    expect(second!.attempt).toBe(first!.attempt + 1);
    expect(await a.settleAction("sk1", first!.attempt, { kind: "sent" }, [])).toBe(false);
    expect(await b.settleAction("sk1", second!.attempt, { kind: "dead", error: "boom" }, [history("settle", 1, "dead")])).toBe(
      true,
    );
    const [dead] = await a.listDeadLetters();
    expect(dead).toMatchObject({ id: "sk1", status: "dead", lastError: "boom", attempts: 1 });
    expect((await a.listHistory("settle")).map((h) => h.reason)).toEqual(["dead"]);
  });

  it("wake-ups are scheduled inside the commit's transaction and vanish with a rolled-back commit", async () => {
    const seen: Wakeups[] = [];
    const failing: WakeupScheduler = {
      async schedule(tx, wakeups) {
        seen.push(wakeups);
        await tx.query("SELECT 1");
        if (wakeups.timers.some((t) => t.id === "boom")) throw new Error("scheduler down");
      },
    };
    const store = await openPostgresStore({ connectionString: db.url, max: 2, wakeups: failing });
    try {
      await expect(store.commit(request("wk", 0, { armTimers: [timer("boom", "wk", 1)] }))).rejects.toThrow("scheduler down");
      expect(await store.loadCustomer("wk")).toBeUndefined();
      expect(await store.listTimers("wk")).toEqual([]);
      await store.commit(request("wk", 0, { armTimers: [timer("ok", "wk", 7)], actions: [action("wa", "wk", 3)] }));
      // A re-queued action is not re-woken: its insert was a no-op.
      await store.commit(request("wk", 1, { actions: [action("wa", "wk", 3)] }));
      expect(seen.slice(1)).toEqual([
        { timers: [{ id: "ok", dueAt: 7 }], actions: [{ id: "wa", dueAt: 3 }] },
      ]);
    } finally {
      await store.close();
    }
  });
});

/**
 * The memory store against a plain model of the store interface (types.ts; orders as the SQL
 * store's statements), on random command sequences over unusual customer ids, event ids, docs,
 * history rows, timers and outbox rows.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyMetricDelta } from "./aggregate.js";
import { confAction, confDoc, confHistory, confTimer } from "./conformance.js";
import { createMemoryStore } from "./memory.js";
import type { CustomerDoc, HistoryRow, Json, MetricDelta, MetricsData, OutboxRow, TimerRow } from "./types.js";

/** Customer ids: prototype names, empty, unicode, around the id index's inline length, and two whose hashes collide. */
export const TRICKY_CUSTOMERS = ["c1", "__proto__", "constructor", "", "ü客😀", "x".repeat(16), "y".repeat(17), "k7gpae67x3xrz", "k3nckaa3fnu9v", 'q"\\\u0001'];
const U = (n: number) => `3f2b8c1e-9a4d-4e6f-a1b2-${n.toString(16).padStart(12, "0")}`;
/** Event ids: canonical UUIDs (40: more than a chain holds), their case and shape variants, and others. */
export const TRICKY_EVENTS = [
  ...Array.from({ length: 40 }, (_, i) => U(i)),
  U(1).toUpperCase(),
  U(2).replace("3f2b", "3F2b"),
  `{${U(3)}}`,
  U(4).slice(1),
  U(5).replace(/-/g, ""),
  `${U(6).slice(0, 35)}g`,
  "",
  "1",
  "01",
  "é",
  "e".repeat(200),
  "c1",
  "c1.1",
  "__proto__",
  "\u0000",
  "\u0001",
];

const json: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom<Json>(null, true, 0, -1.5, 1e21, "", "c1", "__proto__", 'q"\\\u0001', "\u0002", "a\u0001b"),
    fc.string({ maxLength: 4 }),
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("a", "b", "__proto__", "1", "c1", "\u0001", "constructor"), tie("v"), { maxKeys: 3 }),
  ),
})).v;

/** A doc: the compact shape or another one, with odd numbers and data. */
function docArb(customerId: string, rev: number): fc.Arbitrary<CustomerDoc> {
  return fc
    .record({
      record: fc.oneof(fc.dictionary(fc.constantFrom("email", "__proto__", "constructor", "n", "0"), json, { maxKeys: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), json, { minKeys: 20, maxKeys: 60 })),
      status: fc.constantFrom("none", "active", "exited", "completed" as const),
      stage: fc.constantFrom(null, "a", "__proto__", "\u0002", ""),
      times: fc.array(fc.constantFrom(0, -0, 5.5, -1, 1e15, Number.POSITIVE_INFINITY, 2 ** 40), { minLength: 3, maxLength: 3 }),
      nulls: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      version: fc.constantFrom(1, 2 ** 31, -3, 0),
      journeyId: fc.constantFrom("j", "__proto__", "k"),
      tags: fc.constantFrom([], ["vip"]),
      splits: fc.constantFrom({}, { s: "a" }),
      entryEvent: fc.constantFrom(null, { v: 1 }),
      two: fc.boolean(),
      flags: fc.tuple(fc.boolean(), fc.boolean()),
    })
    .map((g) => {
      const doc = confDoc(customerId, rev, g.record);
      const s = doc.journeys.j!;
      Object.assign(s, { status: g.status, stage: g.stage, version: g.version, goalReached: g.flags[0], holdout: g.flags[1], splits: g.splits, entryEvent: g.entryEvent });
      s.endedAt = g.nulls[0] ? null : g.times[0]!;
      s.lastActivityAt = g.nulls[1] ? null : g.times[1]!;
      s.wakeAt = g.nulls[2] ? null : g.times[2]!;
      s.enteredAt = g.times[0]!;
      const journeys: Record<string, typeof s> = {};
      Object.defineProperty(journeys, g.journeyId, { value: s, enumerable: true, writable: true, configurable: true });
      if (g.two) journeys.other = { ...s };
      doc.journeys = journeys;
      doc.tags = [...g.tags];
      return doc;
    });
}

const historyArb = (customerId: string) =>
  fc.record({
    at: fc.integer({ min: 0, max: 20 }),
    reason: fc.constantFrom("r", `for ${customerId}`, "a\u0001b", "\u0001", `${customerId}${customerId}`, "x"),
    stage: fc.constantFrom(null, "a", "\u0002"),
    actionId: fc.constantFrom(undefined, "a/enter/0", "\u0002"),
    detail: fc.option(fc.dictionary(fc.constantFrom("k", "v", "__proto__", customerId === "" ? "e" : customerId), fc.oneof(json, fc.constant(customerId), fc.constant(`<${customerId}>`)), { maxKeys: 3 }), { nil: undefined }),
    journeyId: fc.constantFrom("j", "other"),
  }).map((g): HistoryRow => {
    const row = confHistory(customerId, g.at, g.reason, g.journeyId);
    row.stage = g.stage;
    if (g.actionId !== undefined) row.actionId = g.actionId;
    if (g.detail !== undefined) row.detail = g.detail as Record<string, Json>;
    return row;
  });

type Cmd =
  | { kind: "commit"; customerId: string; stale: boolean; doc: CustomerDoc | null; eventId: string | undefined; fire: boolean; cancel: string[]; arm: { id: string; due: number; customer: string | undefined }[]; actions: { id: string; at: number }[]; history: HistoryRow[]; metrics: MetricDelta[] }
  | { kind: "claimTimers"; now: number; limit: number; lease: number }
  | { kind: "claimActions"; now: number; limit: number; lease: number; ids: string[] | undefined; sync: boolean }
  | { kind: "settle"; pick: number; stale: boolean; outcome: "sent" | "retry" | "dead"; at: number }
  | { kind: "retryDead"; id: string; now: number };

const timerIds = ["t1", "t2", "t3", "wake"];
const actionIds = ["k1", "k2", "k3", "k4", "k5"];

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(...TRICKY_CUSTOMERS.slice(0, 6)).chain((customerId) =>
      fc.record({
        kind: fc.constant("commit" as const),
        customerId: fc.constant(customerId),
        stale: fc.boolean().map((b) => b && Math.random() < 0.2),
        doc: fc.option(docArb(customerId, 0), { nil: null, freq: 8 }),
        eventId: fc.option(fc.constantFrom(...TRICKY_EVENTS), { nil: undefined }),
        fire: fc.boolean(),
        cancel: fc.subarray(timerIds.map((t) => `${t}`), { maxLength: 2 }),
        arm: fc.array(fc.record({ id: fc.constantFrom(...timerIds), due: fc.integer({ min: 0, max: 30 }), customer: fc.option(fc.constantFrom("c1", "__proto__"), { nil: undefined, freq: 5 }) }), { maxLength: 2 }),
        actions: fc.array(fc.record({ id: fc.constantFrom(...actionIds), at: fc.integer({ min: 0, max: 30 }) }), { maxLength: 2 }),
        history: fc.array(historyArb(customerId), { maxLength: 3 }),
        metrics: fc.array(fc.record({ journeyId: fc.constantFrom("j", "__proto__"), version: fc.constant(1), kind: fc.constantFrom("enrol", "enter", "exit", "move", "goal", "assign" as const), stage: fc.constantFrom(null, "a", "__proto__"), toStage: fc.constantFrom("b", "constructor"), durationMs: fc.constant(5), variants: fc.constantFrom<string[]>([], ["s=a"], ["__proto__=x"]) }), { maxLength: 2 }),
      }),
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("claimTimers" as const), now: fc.integer({ min: 0, max: 60 }), limit: fc.integer({ min: 1, max: 3 }), lease: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("claimActions" as const), now: fc.integer({ min: 0, max: 60 }), limit: fc.integer({ min: 1, max: 3 }), lease: fc.integer({ min: 1, max: 20 }), ids: fc.option(fc.subarray(actionIds, { minLength: 1 }), { nil: undefined }), sync: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("settle" as const), pick: fc.nat(), stale: fc.boolean().map((b) => b && Math.random() < 0.2), outcome: fc.constantFrom("sent", "retry", "dead" as const), at: fc.integer({ min: 0, max: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("retryDead" as const), id: fc.constantFrom(...actionIds), now: fc.integer({ min: 0, max: 60 }) }) },
);

interface MTimer {
  row: TimerRow;
  attempt: number;
  leaseUntil: number;
}
interface MAction {
  row: OutboxRow;
  attempt: number;
  leaseUntil: number;
  seq: number;
}

/** The model: the interface's words, as maps and arrays. */
class Model {
  docs = new Map<string, CustomerDoc>();
  events = new Map<string, Set<string>>();
  timers = new Map<string, MTimer>();
  actions = new Map<string, MAction>();
  history: { row: HistoryRow; seq: number }[] = [];
  metrics = new Map<string, MetricsData>();
  seq = 0;
}

const byDueThenId = (a: TimerRow, b: TimerRow) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function check(cmds: Cmd[]) {
  const s = createMemoryStore();
  const m = new Model();
  const claims: { id: string; attempt: number }[] = [];
  for (const c of cmds) {
    if (c.kind === "commit") {
      const id = c.customerId;
      const rev = m.docs.get(id)?.rev ?? 0;
      const expectedRev = c.stale ? rev + 1 : rev;
      const doc = c.doc === null ? undefined : { ...c.doc, rev: expectedRev + 1 };
      const fired = c.fire ? claims.find((x) => m.timers.get(x.id)?.row.customerId === id) ?? { id: "t1", attempt: 0 } : undefined;
      const armTimers = c.arm.map((a) => confTimer(a.id, a.customer ?? id, a.due));
      const actions = c.actions.map((a) => ({ ...confAction(a.id, id, a.at), data: { to: id } }));
      const request = { customerId: id, expectedRev, cancelTimers: c.cancel, armTimers, actions, history: c.history, metrics: c.metrics, ...(doc === undefined ? {} : { doc: structuredClone(doc) }), ...(c.eventId === undefined ? {} : { eventId: c.eventId }), ...(fired === undefined ? {} : { firedTimer: fired }) };
      const ok = expectedRev === rev && !(c.eventId !== undefined && m.events.get(id)?.has(c.eventId)) && (fired === undefined || m.timers.get(fired.id)?.attempt === fired.attempt);
      expect(await s.commit(structuredClone(request))).toEqual(ok ? { ok: true } : { ok: false, reason: "conflict" });
      if (!ok) continue;
      if (doc !== undefined) m.docs.set(id, doc);
      if (c.eventId !== undefined) {
        if (!m.events.has(id)) m.events.set(id, new Set());
        m.events.get(id)!.add(c.eventId);
      }
      if (fired !== undefined) m.timers.delete(fired.id);
      for (const t of c.cancel) m.timers.delete(t);
      for (const t of armTimers) {
        const prev = m.timers.get(t.id);
        // A re-armed timer is a new arming: a claim of the old one cannot fire it (as the SQL store).
        m.timers.set(t.id, { row: t, attempt: prev === undefined ? 0 : prev.attempt + 1, leaseUntil: 0 });
      }
      for (const a of actions) if (!m.actions.has(a.id)) m.actions.set(a.id, { row: a, attempt: 0, leaseUntil: 0, seq: m.seq++ });
      for (const h of c.history) m.history.push({ row: h, seq: m.seq++ });
      for (const d of c.metrics) {
        const key = `${d.journeyId}@${d.version}`;
        if (!m.metrics.has(key)) m.metrics.set(key, Object.create(null) as MetricsData);
        applyMetricDelta(m.metrics.get(key)!, d);
      }
    } else if (c.kind === "claimTimers") {
      const eligible = [...m.timers.values()].filter((t) => t.row.dueAt <= c.now && t.leaseUntil <= c.now).sort((a, b) => byDueThenId(a.row, b.row));
      const got = await s.claimDueTimers({ now: c.now, limit: c.limit, leaseMs: c.lease });
      // Ordered by dueAt; the claimed ones are the earliest due of the eligible (ties: any).
      expect(got.length).toBe(Math.min(c.limit, eligible.length));
      for (let i = 1; i < got.length; i++) expect(got[i]!.timer.dueAt).toBeGreaterThanOrEqual(got[i - 1]!.timer.dueAt);
      const lastDue = got.length === 0 ? -Infinity : got[got.length - 1]!.timer.dueAt;
      for (const t of eligible) if (!got.some((g) => g.timer.id === t.row.id)) expect([t.row.id, t.row.dueAt >= lastDue]).toEqual([t.row.id, true]);
      for (const g of got) {
        const t = m.timers.get(g.timer.id)!;
        expect(eligible).toContain(t);
        t.attempt++;
        t.leaseUntil = c.now + c.lease;
        expect(g).toEqual({ timer: t.row, attempt: t.attempt });
        claims.unshift({ id: g.timer.id, attempt: g.attempt });
      }
    } else if (c.kind === "claimActions") {
      const eligible = [...m.actions.values()].filter((a) => a.row.status === "pending" && a.row.nextAttemptAt <= c.now && a.leaseUntil <= c.now && (c.ids === undefined || c.ids.includes(a.row.id))).sort((a, b) => a.row.createdAt - b.row.createdAt || a.seq - b.seq);
      const got = c.sync && c.ids === undefined ? s.sync.claimDueActions(c.now, c.limit, c.lease).map((x) => ({ action: { ...x.action }, attempt: x.attempt })) : await s.claimActions({ now: c.now, limit: c.limit, leaseMs: c.lease, ...(c.ids === undefined ? {} : { ids: c.ids }) });
      expect(got.length).toBe(Math.min(c.limit, eligible.length));
      // Exactly the oldest of the eligible, by createdAt then queuing order.
      expect(got.map((g) => g.action.id)).toEqual(eligible.slice(0, got.length).map((a) => a.row.id));
      for (let i = 1; i < got.length; i++) expect(got[i]!.action.createdAt).toBeGreaterThanOrEqual(got[i - 1]!.action.createdAt);
      const lastCreated = got.length === 0 ? -Infinity : got[got.length - 1]!.action.createdAt;
      for (const a of eligible) if (!got.some((g) => g.action.id === a.row.id)) expect([a.row.id, a.row.createdAt >= lastCreated]).toEqual([a.row.id, true]);
      for (const g of got) {
        const a = m.actions.get(g.action.id)!;
        expect(eligible).toContain(a);
        a.attempt++;
        a.leaseUntil = c.now + c.lease;
        expect(g).toEqual({ action: a.row, attempt: a.attempt });
        claims.unshift({ id: g.action.id, attempt: g.attempt });
      }
    } else if (c.kind === "settle") {
      const actionClaims = claims.filter((x) => actionIds.includes(x.id));
      if (actionClaims.length === 0) continue;
      const claim = actionClaims[c.pick % actionClaims.length]!;
      const attempt = c.stale ? claim.attempt - 1 : claim.attempt;
      const a = m.actions.get(claim.id);
      const ok = a !== undefined && a.attempt === attempt && a.row.status === "pending";
      const outcome = c.outcome === "sent" ? { kind: "sent" as const } : c.outcome === "retry" ? { kind: "retry" as const, error: "boom", nextAttemptAt: c.at } : { kind: "dead" as const, error: "gone" };
      const rows = a === undefined ? [] : [confHistory(a.row.customerId, c.at, `settled ${c.outcome}`)];
      expect(await s.settleAction(claim.id, attempt, outcome, rows)).toBe(ok);
      if (!ok) continue;
      a.row.attempts++;
      a.leaseUntil = 0;
      if (outcome.kind === "sent") m.actions.delete(claim.id); // delivered rows are dropped (types.ts v1.5)
      else if (outcome.kind === "dead") Object.assign(a.row, { status: "dead", lastError: outcome.error });
      else Object.assign(a.row, { lastError: outcome.error, nextAttemptAt: outcome.nextAttemptAt });
      for (const h of rows) m.history.push({ row: h, seq: m.seq++ });
    } else {
      const a = m.actions.get(c.id);
      const ok = a !== undefined && a.row.status === "dead";
      expect(await s.retryDeadLetter(c.id, c.now)).toBe(ok);
      if (ok) Object.assign(a.row, { status: "pending", attempts: 0, nextAttemptAt: c.now }), (a.leaseUntil = 0);
    }
    // Every read, after every command.
    for (const id of TRICKY_CUSTOMERS) {
      const loaded = await s.loadCustomer(id);
      expect(loaded).toEqual(m.docs.get(id));
      // Key order too, and -0 kept (toEqual checks neither).
      expect(JSON.stringify(loaded)).toBe(JSON.stringify(m.docs.get(id)));
      if (loaded !== undefined) for (const k of ["endedAt", "lastActivityAt", "wakeAt", "enteredAt"] as const) for (const j of Object.keys(loaded.journeys)) expect(Object.is(loaded.journeys[j]![k], m.docs.get(id)!.journeys[j]![k])).toBe(true);
      for (const e of TRICKY_EVENTS) if ((await s.hasProcessedEvent(id, e)) !== (m.events.get(id)?.has(e) ?? false)) expect([id, e, await s.hasProcessedEvent(id, e)]).toEqual([id, e, !(await s.hasProcessedEvent(id, e))]);
      const timers = await s.listTimers(id);
      expect(timers.map((t) => t.dueAt)).toEqual([...timers].sort((a, b) => a.dueAt - b.dueAt).map((t) => t.dueAt));
      expect([...timers].sort(byDueThenId)).toEqual([...m.timers.values()].map((t) => t.row).filter((t) => t.customerId === id).sort(byDueThenId));
      const actions = [...m.actions.values()].filter((a) => a.row.customerId === id).sort((a, b) => a.row.createdAt - b.row.createdAt || a.seq - b.seq).map((a) => a.row);
      expect(await s.listActions(id)).toEqual(actions);
      const history = m.history.filter((h) => h.row.customerId === id).sort((a, b) => a.row.at - b.row.at || a.seq - b.seq).map((h) => JSON.parse(JSON.stringify(h.row)) as HistoryRow);
      expect(await s.listHistory(id)).toEqual(history);
      expect(await s.listHistory(id, { journeyId: "other" })).toEqual(history.filter((h) => h.journeyId === "other"));
    }
    expect(await s.listDeadLetters()).toEqual([...m.actions.values()].filter((a) => a.row.status === "dead").sort((a, b) => a.seq - b.seq).map((a) => a.row));
    const dues = [...m.timers.values()].map((t) => Math.max(t.row.dueAt, t.leaseUntil));
    expect(await s.nextTimerDue()).toBe(dues.length === 0 ? null : Math.min(...dues));
    const pending = [...m.actions.values()].filter((a) => a.row.status === "pending").map((a) => Math.max(a.row.nextAttemptAt, a.leaseUntil));
    expect(await s.nextActionDue()).toBe(pending.length === 0 ? null : Math.min(...pending));
    expect((await s.listCustomerIds()).sort()).toEqual([...m.docs.keys()].sort());
    for (const key of ["j@1", "__proto__@1"]) expect(JSON.stringify(await s.readMetrics(key.split("@")[0]!, 1))).toEqual(JSON.stringify(m.metrics.get(key) ?? {}));
  }
}

describe("memory store against a model of the interface", () => {
  it("answers every read as the model does, after every command", async () => {
    await fc.assert(fc.asyncProperty(fc.array(cmdArb, { minLength: 1, maxLength: 60 }), check), { numRuns: 600 });
  });
});

import { describe, expect, it } from "vitest";
import { confDoc, confHistory } from "./conformance.js";
import { NO_TIMERS } from "./aux-records.js";
import { CustomerTable } from "./customer-table.js";
import { addEventId, hasEventId, type EventIds } from "./event-ids.js";
import type { CustomerDoc } from "./types.js";

function roundTrip(doc: CustomerDoc): CustomerDoc | undefined {
  const t = new CustomerTable();
  const k = t.ensure(doc.customerId);
  t.put(k, doc.customerId, doc);
  return t.load(k, doc.customerId);
}

describe("customer table", () => {
  it("gives back every doc shape exactly as committed", () => {
    const plain = confDoc("c1", 3, { email: "a@b.c", nps: 9 });
    const withTimes = confDoc("c1", 2);
    Object.assign(withTimes.journeys.j!, { endedAt: 5, lastActivityAt: -0, wakeAt: 1.5, goalReached: true, holdout: true, status: "completed", stage: null });
    const tagged = { ...confDoc("c1", 1), tags: ["vip"] };
    const split = confDoc("c1", 1);
    split.journeys.j!.splits = { subject: "a" };
    const entry = confDoc("c1", 1);
    entry.journeys.j!.entryEvent = { value: 3 };
    const two = confDoc("c1", 1);
    two.journeys.k = { ...two.journeys.j! };
    const none = { ...confDoc("c1", 1), journeys: {} };
    const proto = confDoc("c1", 1);
    proto.journeys = JSON.parse('{"__proto__": ' + JSON.stringify(proto.journeys.j) + "}");
    const odd = confDoc("c1", 1);
    odd.journeys.j!.version = 2 ** 40;
    const extra = { ...confDoc("c1", 1), note: "kept" } as CustomerDoc;
    for (const doc of [plain, withTimes, tagged, split, entry, two, none, proto, odd, extra]) {
      expect(roundTrip(doc)).toEqual(doc);
    }
    expect(Object.is(roundTrip(withTimes)!.journeys.j!.lastActivityAt, -0)).toBe(true);
    expect(Object.keys(roundTrip(proto)!.journeys)).toEqual(["__proto__"]);
  });

  it("keeps revisions, touches and customers apart across chunks", () => {
    const t = new CustomerTable();
    const n = 10_000;
    for (let i = 0; i < n; i++) t.put(t.ensure(`c${i}`), `c${i}`, confDoc(`c${i}`, i + 1, { i }));
    t.ensure("no-doc");
    expect(t.customerIds().length).toBe(n);
    for (const i of [0, 4095, 4096, 9999]) {
      const k = t.find(`c${i}`);
      expect(t.rev(k)).toBe(i + 1);
      const doc = t.load(k, `c${i}`)!;
      expect(doc.record).toEqual({ i });
      doc.journeys.j!.lastActivityAt = 77;
      doc.record = { i, more: true };
      t.touch(k, `c${i}`, doc);
      expect(t.load(k, `c${i}`)).toEqual({ ...confDoc(`c${i}`, i + 2, { i, more: true }), journeys: { j: { ...confDoc("x", 1).journeys.j!, lastActivityAt: 77 } } });
    }
    expect(t.load(t.find("no-doc"), "no-doc")).toBeUndefined();
    expect(t.rev(t.find("nobody"))).toBe(0);
  });

  it("keeps each customer's history in order across log chunks", () => {
    const t = new CustomerTable();
    const a = t.ensure("a");
    const b = t.ensure("b");
    for (let i = 0; i < 20_000; i++) t.appendHistory(i % 3 === 0 ? a : b, confHistory(i % 3 === 0 ? "a" : "b", i, `r${i % 5} for ${i % 3 === 0 ? "a" : "b"}`));
    const ha = t.listHistory(a, "a");
    expect(ha.length).toBe(6667);
    expect(ha.map((r) => r.at)).toEqual(Array.from({ length: 6667 }, (_, j) => 3 * j));
    expect(ha[1]).toEqual(confHistory("a", 3, "r3 for a"));
    expect(t.listHistory(b, "b").length).toBe(20_000 - 6667);
  });
});

describe("processed event ids", () => {
  it("matches whole ids only, with and without the customer id prefix", () => {
    let ev: EventIds = null;
    const added = ["c1.1", "c1", "x.c1", "c1.10", "", "c", "\u0001.1"];
    for (const id of added) ev = addEventId(ev, id, "c1");
    for (const id of added) expect(hasEventId(ev, id, "c1")).toBe(true);
    for (const id of ["c1.", "c1.0", ".1", "c1.1 ", "x.c", "c1.100", "\u0000"]) expect(hasEventId(ev, id, "c1")).toBe(false);
    // Past the compact form, the set holds the raw ids.
    let many: EventIds = null;
    for (let i = 0; i < 40; i++) many = addEventId(many, i % 2 ? `c9.${i}` : `other${i}`, "c9");
    for (let i = 0; i < 40; i++) expect(hasEventId(many, i % 2 ? `c9.${i}` : `other${i}`, "c9")).toBe(true);
    expect(hasEventId(many, "\u0001.1", "c9")).toBe(false);
    expect(typeof many === "string").toBe(false);
  });
});

describe("customer table: aux records", () => {
  it("shares one empty timer set until a customer gets a timer, and never adds to the shared one", () => {
    const t = new CustomerTable();
    const a = t.ensure("a");
    const b = t.ensure("b");
    t.aux.of(a).actions.push("x");
    t.aux.of(b).actions.push("y");
    expect(t.aux.of(a).timers).toBe(NO_TIMERS);
    t.aux.timers(a).add("t1");
    expect([...t.aux.peek(a)!.timers]).toEqual(["t1"]);
    expect(t.aux.peek(b)!.timers).toBe(NO_TIMERS);
    expect(NO_TIMERS.size).toBe(0);
    t.aux.of(b).actions.length = 0;
    t.aux.compact(b);
    expect(t.aux.peek(b)).toBeUndefined();
  });

  it("finds warmed customers by the index warm found, and customers added after warming by lookup", () => {
    const t = new CustomerTable();
    for (let i = 0; i < 10_000; i++) t.ensure(`c${i}`);
    // A block as the batch lane warms it: known, unknown (added in between), repeated ids.
    const block = ["c5", "new1", "c9999", "c5", "new2", "c0", "c42"];
    t.warm(block, block.length);
    expect(t.find("c5")).toBe(5);
    // new1 was not stored when warmed: added now, it must be found at its new index.
    const k1 = t.ensure("new1");
    expect(k1).toBe(10_000);
    expect(t.find("c9999")).toBe(9999);
    expect(t.find("new1")).toBe(k1);
    expect(t.find("c5")).toBe(5);
    // Skipped ones (new2), asked out of order, and ids never warmed.
    expect(t.find("c42")).toBe(42);
    expect(t.find("c0")).toBe(0);
    expect(t.find("new2")).toBe(-1);
    expect(t.find("c7")).toBe(7);
    expect(t.find("nobody")).toBe(-1);
    // A later warm replaces the block; an id of the old block is still found by lookup.
    t.warm(["c1", "c2"], 1);
    expect(t.find("c2")).toBe(2);
    expect(t.find("c1")).toBe(1);
    expect(t.find("c9999")).toBe(9999);
  });
});

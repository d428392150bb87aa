/**
 * A journey without `set` / `add` actions steps events on the stored record itself instead of a
 * copy (and with no tag actions, on the shared empty tag list): what is stored must not change.
 */
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../src/index.js";
import { harness } from "./harness.js";
import { a, c, journey, stage } from "./ir-builders.js";

const plain = journey({
  events: { go: {} },
  stages: [stage("a", { transitions: [{ target: "b", when: c.ev("go") }] }), stage("b", { onEnter: [a.send("b/enter/0", "hi")] })],
});

describe("record sharing on the full step", () => {
  it("still drops nulls a store handed back in the record, and keeps the old doc's record untouched", async () => {
    const store = createMemoryStore();
    const h = harness(plain, { store });
    await h.runtime.upsertCustomer("c1", { email: "x@y" });
    const before = (await store.loadCustomer("c1"))!;
    // A store may hand back a record with a null (the memory store keeps what it is given).
    expect(await store.commit({ customerId: "c1", expectedRev: before.rev, doc: { ...before, rev: before.rev + 1, record: { email: "x@y", gone: null } }, cancelTimers: [], armTimers: [], actions: [], history: [], metrics: [] })).toEqual({ ok: true });
    const withNull = (await store.loadCustomer("c1"))!.record;
    await h.event("c1", "go");
    expect(await h.runtime.stageOf("c1")).toBe("b");
    expect((await h.runtime.getCustomer("c1"))!.record).toEqual({ email: "x@y" });
    expect(withNull).toEqual({ email: "x@y", gone: null });
  });

  it("gives a moved customer the same record and tags as a journey that could write them", async () => {
    const writing = journey({
      events: { go: {} },
      stages: [stage("a", { transitions: [{ target: "b", when: c.ev("go") }] }), stage("b", { onEnter: [a.send("b/enter/0", "hi")] }), stage("z", { onEnter: [a.set("z/enter/0", "n", 1), a.tag("z/enter/1", "t")] })],
    });
    const views = [];
    for (const ir of [plain, writing]) {
      const h = harness(ir, { handlers: { tag: async () => {} } });
      await h.runtime.upsertCustomer("c1", { email: "x@y", n: 3 });
      await h.event("c1", "go");
      const v = (await h.runtime.getCustomer("c1"))!;
      views.push({ record: v.record, tags: v.tags, stage: await h.runtime.stageOf("c1") });
    }
    expect(views[0]).toEqual({ record: { email: "x@y", n: 3 }, tags: [], stage: "b" });
    expect(views[1]).toEqual(views[0]);
  });

  it("a journey state left alone on a peeked doc is stored as a copy, not the store's scratch object", async () => {
    const store = createMemoryStore();
    const v1 = journey({ id: "A", version: 1, events: { go: {} }, stages: [stage("a", { transitions: [{ target: "b", when: c.ev("go") }] }), stage("b")] });
    const v2 = journey({ id: "A", version: 2, events: { go: {} }, stages: [stage("a"), stage("b")] });
    const other = journey({ id: "B", events: { go: {} }, stages: [stage("x")] });
    const first = harness(v1, { store });
    for (const id of ["c1", "c2"]) await first.runtime.upsertCustomer(id, { email: `${id}@y` });
    await first.event("c2", "go");
    const before = [(await first.runtime.getCustomer("c1"))!.journeys.A, (await first.runtime.getCustomer("c2"))!.journeys.A];
    // Version 1 is no longer loaded: A's state is left as it is; B enrols both (two journeys: kept as objects).
    const second = harness([v2, other], { store });
    const results = await second.runtime.ingestMany([
      { kind: "event", customerId: "c1", id: "x1", type: "go" },
      { kind: "event", customerId: "c2", id: "x2", type: "go" },
    ]);
    expect(results.map((r) => r.status)).toEqual(["applied", "applied"]);
    const after = [(await second.runtime.getCustomer("c1"))!.journeys, (await second.runtime.getCustomer("c2"))!.journeys];
    expect([after[0]!.A, after[1]!.A]).toEqual(before);
    expect(after.map((j) => j.B?.stage)).toEqual(["x", "x"]);
  });
});

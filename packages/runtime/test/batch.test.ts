/**
 * The batch lane (`ingestMany`, with the memory store's in-place updates for inputs that move
 * nobody) gives exactly what feeding the same inputs one `ingest()` at a time gives.
 */
import { describe, expect, it } from "vitest";
import { randomJourney } from "./differential.test.js";
import { harness, T0 } from "./harness.js";
import { DAY, HOUR, semanticsTour } from "./ir-builders.js";

function script(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32);
  const inputs: { batch: unknown[]; advance: number }[] = [];
  let n = 0;
  for (let round = 0; round < 8; round++) {
    const batch: unknown[] = [];
    for (let k = 0; k < 30; k++) {
      const customerId = ["c0", "c1", "c2", "__proto__", "c4"][Math.floor(next() * 5)]!;
      const r = next();
      if (r < 0.3) batch.push({ kind: "record", customerId, record: { score: Math.floor(next() * 6), email: "x@y", ...(next() < 0.2 ? { flag: next() < 0.5 } : {}) } });
      else if (r < 0.9) batch.push({ kind: "event", customerId, id: `e${n++ % 40}`, type: ["e1", "e2", "e3", "visit", "purchase"][Math.floor(next() * 5)], properties: { v: Math.floor(next() * 10), value: 3 } });
      else batch.push({ kind: "event", customerId, id: `bad${n++}`, type: "e1", properties: { v: "not a number" } });
    }
    inputs.push({ batch, advance: [HOUR, DAY, 3 * DAY][Math.floor(next() * 3)]! });
  }
  return inputs;
}

async function run(ir: Parameters<typeof harness>[0], seed: number, lane: "batch" | "single") {
  // Deliveries after each round in both lanes, so that history rows interleave the same way.
  const h = harness(ir, { handlers: { tag: async () => {} }, deliverInline: false });
  const results: unknown[] = [];
  for (const { batch, advance } of script(seed)) {
    if (lane === "batch") {
      results.push(...(await h.runtime.ingestMany(batch)).map((r) => r.status));
      await h.runtime.runDue();
    } else {
      for (const input of batch) results.push((await h.runtime.ingest(input)).status);
      await h.runtime.runDue();
    }
    await h.runtime.runUntil(h.clock.now() + advance);
  }
  const customers = Object.create(null) as Record<string, unknown>;
  for (const id of ["c0", "c1", "c2", "__proto__", "c4"]) customers[id] = { c: await h.runtime.getCustomer(id), h: await h.runtime.history(id), d: await h.runtime.due(id) };
  return { results, customers, sent: h.sent.map((d) => d.idempotencyKey).sort(), metrics: await h.runtime.metrics(), q: (await h.runtime.listQuarantine()).length, now: h.clock.now() - T0 };
}

describe("batch lane", () => {
  it("ingestMany equals ingest() one at a time on random journeys", async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const ir = randomJourney(seed * 7919);
      ir.customer = { ...ir.customer, email: { type: "text", required: false } };
      ir.events = { ...ir.events, visit: {}, purchase: { value: { type: "number", required: false } } };
      const single = await run(ir, seed, "single");
      const batch = await run(ir, seed, "batch");
      expect(batch).toEqual(single);
    }
  });

  it("ingestMany equals ingest() on the semantics tour", async () => {
    expect(await run(semanticsTour(), 3, "batch")).toEqual(await run(semanticsTour(), 3, "single"));
  });

  it("the in-place lane really is used for inputs that move nobody", async () => {
    const h = harness(semanticsTour());
    await h.runtime.ingestMany([{ kind: "record", customerId: "a", record: { email: "a@x" } }]);
    const before = (await h.runtime.getCustomer("a"))!;
    const store = h.runtime.store as unknown as { sync: { touch: (...a: unknown[]) => void } };
    let touches = 0;
    const touch = store.sync.touch;
    store.sync.touch = (...args) => {
      touches++;
      touch(...args);
    };
    const res = await h.runtime.ingestMany([
      { kind: "event", customerId: "a", id: "v1", type: "visit", at: T0 + HOUR },
      { kind: "event", customerId: "a", id: "v2", type: "visit", at: T0 + 2 * HOUR },
      { kind: "event", customerId: "a", id: "v2", type: "visit", at: T0 + 3 * HOUR },
      { kind: "record", customerId: "a", record: { first_name: "Ana" } },
    ]);
    expect(res.map((r) => r.status)).toEqual(["applied", "applied", "duplicate", "applied"]);
    expect(touches).toBe(1); // visits run the stage's `on event visit` block (full step); the record upsert is quiet
    const after = (await h.runtime.getCustomer("a"))!;
    expect(after.journeys["semantics-tour"]!.lastActivityAt).toBe(T0 + 2 * HOUR);
    expect(after.record).toEqual({ ...before.record, orders: 1, first_name: "Ana" });
    expect((await h.runtime.store.loadCustomer("a"))!.rev).toBe(4);
  });
  it("an event that moves someone is still told apart from a repeat of its id, in the batch and after it", async () => {
    const h = harness(semanticsTour());
    await h.runtime.ingestMany([{ kind: "record", customerId: "a", record: { email: "a@x" } }]);
    // `visit` runs an `on event` block: the in-place lane declines it and the full step applies it.
    const visit = (id: string, at: number) => ({ kind: "event", customerId: "a", id, type: "visit", at });
    const first = await h.runtime.ingestMany([visit("m1", T0 + HOUR), visit("m1", T0 + 2 * HOUR), visit("m2", T0 + 3 * HOUR)]);
    expect(first.map((r) => r.status)).toEqual(["applied", "duplicate", "applied"]);
    const again = await h.runtime.ingestMany([visit("m2", T0 + 4 * HOUR), visit("m1", T0 + 5 * HOUR), visit("m3", T0 + 6 * HOUR)]);
    expect(again.map((r) => r.status)).toEqual(["duplicate", "duplicate", "applied"]);
    expect((await h.runtime.getCustomer("a"))!.journeys["semantics-tour"]!.lastActivityAt).toBe(T0 + 6 * HOUR);
  });

  it("a batch mixing invalid, corrected, repeated and valid inputs of one customer equals ingest() one at a time", async () => {
    const inputs = () => [
      { kind: "record", customerId: "a", record: { email: "a@x" } },
      // Quarantined (value must be a number): not applied, so the same id is evaluated again (S8).
      { kind: "event", customerId: "a", id: "p1", type: "purchase", properties: { value: "ten" }, at: T0 + HOUR },
      { kind: "event", customerId: "a", id: "p1", type: "purchase", properties: { value: 10 }, at: T0 + HOUR },
      { kind: "event", customerId: "a", id: "p1", type: "purchase", properties: { value: 10 }, at: T0 + 2 * HOUR },
      { kind: "event", customerId: "a", id: 7, type: "visit" },
      { kind: "record", customerId: "a", record: { email: null } },
      { kind: "event", customerId: "a", id: "v1", type: "visit", at: T0 + 3 * HOUR },
      { kind: "event", customerId: "a", id: "v1", type: "visit", at: T0 + 4 * HOUR },
      { kind: "record", customerId: "a", record: { nps: 9 } },
    ];
    const runLane = async (lane: "batch" | "single") => {
      const h = harness(semanticsTour(), { deliverInline: false });
      const res = lane === "batch" ? await h.runtime.ingestMany(inputs()) : await (async () => {
        const out = [];
        for (const i of inputs()) out.push(await h.runtime.ingest(i));
        return out;
      })();
      await h.runtime.runDue();
      return {
        res: res.map((r) => [r.status, r.customerId, r.status === "quarantined" ? r.error : null]),
        customer: await h.runtime.getCustomer("a"),
        history: await h.runtime.history("a"),
        quarantine: (await h.runtime.listQuarantine()).map((q) => [q.input, q.error]),
        sent: h.templates(),
      };
    };
    const batch = await runLane("batch");
    expect(batch).toEqual(await runLane("single"));
    expect(batch.res.map((r) => r[0])).toEqual(["applied", "quarantined", "applied", "duplicate", "quarantined", "quarantined", "applied", "duplicate", "applied"]);
    expect(batch.res[4]![1]).toBe("a");
  });
});

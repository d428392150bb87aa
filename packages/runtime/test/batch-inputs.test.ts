/**
 * `ingestMany` (batch lane, in-place lane, warm-up) against `ingest()` one at a time, on inputs
 * the benchmark never sends: malformed envelopes (arrays, wrong types, empty strings), odd
 * customer ids (`__proto__`, `constructor`, unicode, long), odd event ids (UUIDs in any case,
 * almost-UUIDs, numeric-looking, unicode, long), duplicates inside one batch, and invalid inputs
 * mixed with valid ones for the same customer.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IngestResult } from "../src/runtime.js";
import { harness, T0 } from "./harness.js";
import type { JourneyIR } from "../src/ir.js";
import { DAY, HOUR, semanticsTour } from "./ir-builders.js";

const CUSTOMERS = ["a", "__proto__", "constructor", "hasOwnProperty", "ü-客户-😀", "x".repeat(40), "0", "A"];
const UUID = "3f2b8c1e-9a4d-4e6f-a1b2-c3d4e5f60718";
const EVENT_IDS = [UUID, UUID.toUpperCase(), UUID.replace("3f2b", "3F2b"), `{${UUID}}`, UUID.slice(1), UUID.replace(/-/g, ""), `${UUID.slice(0, 35)}g`, "1", "01", "1e3", "é", "e".repeat(300), "a", "a.1", "\u0000", "\u0001x"];

/** One generated input: valid or not, for one of a few customers. */
const input = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("record"), customerId: fc.constantFrom(...CUSTOMERS), record: fc.record({ email: fc.constantFrom("a@x", null, 3), first_name: fc.constantFrom("Ana", undefined), nps: fc.constantFrom(9, 2, "high"), __proto__: fc.constantFrom(1, "x") }, { requiredKeys: [] }) }) },
  {
    weight: 6,
    arbitrary: fc.record(
      {
        kind: fc.constant("event"),
        customerId: fc.constantFrom(...CUSTOMERS),
        id: fc.constantFrom(...EVENT_IDS),
        type: fc.constantFrom("visit", "purchase", "unsubscribed", "unknown", "e1", "e2"),
        at: fc.integer({ min: 0, max: 40 }).map((h) => T0 + h * HOUR),
        properties: fc.record({ value: fc.constantFrom(1, "1", null) }, { requiredKeys: [] }),
      },
      { requiredKeys: ["kind", "customerId", "id", "type"] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      null,
      "text",
      [],
      Object.assign([], { kind: "record", customerId: "a", record: { first_name: "Arr" } }),
      Object.assign([], { kind: "event", customerId: "a", id: "arr", type: "visit" }),
      { kind: "record", customerId: "a", record: [] },
      { kind: "record", customerId: "", record: {} },
      { kind: "event", customerId: "a", id: "", type: "visit" },
      { kind: "event", customerId: "a", id: "t", type: "" },
      { kind: "event", customerId: "a", id: 5, type: "visit" },
      { kind: "event", customerId: "a", id: "nan", type: "visit", at: Number.NaN },
      { kind: "event", customerId: "a", id: "iso", type: "visit", at: "2026-03-02T10:00:00Z" },
      { kind: "event", customerId: "a", id: "bad-at", type: "visit", at: "yesterday" },
      { kind: "event", customerId: "a", id: "props", type: "visit", properties: [] },
      { kind: "other", customerId: "a" },
      { kind: "event", customerId: 7, id: "num-cid", type: "visit" },
    ),
  },
);

type Step = { batch: unknown[]; advance: number };

async function run(steps: Step[], lane: "batch" | "single" | "plain", second?: JourneyIR) {
  // A second journey makes every doc one of the shapes the memory store keeps as objects (two journeys).
  const h = harness(second === undefined ? semanticsTour() : [semanticsTour(), second], { deliverInline: false, ...(lane === "plain" ? { quickPath: false } : {}), handlers: { tag: async () => {}, untag: async () => {}, set: async () => {}, add: async () => {} } });
  const results: unknown[] = [];
  const strip = (r: IngestResult) => (r.status === "quarantined" ? { ...r, quarantineId: "" } : r);
  for (const { batch, advance } of steps) {
    // structuredClone: the lanes must not see each other's objects (arrays with properties lose them, so copy those by hand).
    const copy = batch.map((x) => (Array.isArray(x) ? Object.assign([], { ...x }) : structuredClone(x)));
    if (lane === "batch") results.push(...(await h.runtime.ingestMany(copy)).map(strip));
    else for (const x of copy) results.push(strip(await h.runtime.ingest(x)));
    await h.runtime.runDue();
    await h.runtime.runUntil(h.clock.now() + advance);
  }
  const customers: unknown[] = [];
  for (const id of CUSTOMERS) customers.push([id, await h.runtime.getCustomer(id), await h.runtime.history(id), await h.runtime.due(id), await h.runtime.store.loadCustomer(id).then((d) => d?.rev)]);
  const quarantine = (await h.runtime.listQuarantine()).map((q) => ({ ...q, id: "" }));
  return { results, customers, quarantine, sent: h.sent.map((d) => d.idempotencyKey), metrics: [await h.runtime.metrics("semantics-tour"), second === undefined ? null : await h.runtime.metrics(second.journey.id)], ids: (await h.runtime.store.listCustomerIds()).sort() };
}

describe("batch lane on unusual inputs", () => {
  it("ingestMany equals ingest() one at a time", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ batch: fc.array(input, { maxLength: 80 }), advance: fc.constantFrom(HOUR, DAY, 20 * DAY) }), { minLength: 1, maxLength: 4 }), async (steps) => {
        const single = await run(steps, "single");
        expect(await run(steps, "batch")).toEqual(single);
        // The plain path (full step for every input, no quick path) as the reference too.
        expect(await run(steps, "plain")).toEqual(single);
      }),
      { numRuns: 100 },
    );
  });

  it("ingestMany equals ingest() one at a time with two journeys (docs kept as objects, changed in place)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ batch: fc.array(input, { maxLength: 80 }), advance: fc.constantFrom(HOUR, DAY, 20 * DAY) }), { minLength: 1, maxLength: 4 }), async (steps) => {
        // The tour again under another id, re-entering at once and with e1 / e2 declared: customers are in both.
        const other = semanticsTour();
        other.journey = { ...other.journey, id: "tour-2", name: "tour-2" };
        other.reentry = { kind: "always" };
        other.events = { ...other.events, e1: {}, e2: { value: { type: "number", required: false } } };
        expect(await run(steps, "batch", other)).toEqual(await run(steps, "single", other));
      }),
      { numRuns: 100 },
    );
  });

  it("a customer with more UUID events than a chain holds: every repeat is a duplicate, every case variant is new", async () => {
    const uuid = (i: number) => `${(0x3f2b8c1e + i).toString(16)}-9a4d-4e6f-a1b2-${(0xc3d4e5f60718 + 7 * i).toString(16)}`;
    const events = (ids: string[], from: number) => ids.map((id, i) => ({ kind: "event", customerId: "a", id, type: "visit", at: T0 + (from + i) * HOUR }));
    const ids = Array.from({ length: 100 }, (_, i) => uuid(i));
    const script = [
      [{ kind: "record", customerId: "a", record: { email: "a@x" } }, { kind: "record", customerId: "b", record: { email: "b@x" } }, ...events(ids, 1)],
      // The same ids again, then their upper-case forms (other ids), then b gets a's ids (its own).
      [...events(ids, 200), ...events(ids.map((id) => id.toUpperCase()), 300), ...events(ids.slice(0, 40), 400).map((e) => ({ ...e, customerId: "b" }))],
    ];
    const runLane = async (lane: "batch" | "single") => {
      const h = harness(semanticsTour(), { deliverInline: false });
      const statuses: string[] = [];
      for (const batch of script) {
        if (lane === "batch") statuses.push(...(await h.runtime.ingestMany(batch)).map((r) => r.status));
        else for (const x of batch) statuses.push((await h.runtime.ingest(x)).status);
      }
      return { statuses, a: await h.runtime.getCustomer("a"), b: await h.runtime.getCustomer("b"), ha: await h.runtime.history("a") };
    };
    const batch = await runLane("batch");
    expect(batch).toEqual(await runLane("single"));
    expect(batch.statuses.slice(102, 202).every((s) => s === "duplicate")).toBe(true);
    expect(batch.statuses.slice(202).every((s) => s === "applied")).toBe(true);
    expect(batch.statuses.slice(2, 102).every((s) => s === "applied")).toBe(true);
  });

  it("an array carrying envelope fields is quarantined in a batch, as by ingest(), and names its customer", async () => {
    const h = harness(semanticsTour());
    await h.runtime.ingest({ kind: "record", customerId: "a", record: { email: "a@x" } });
    const res = await h.runtime.ingestMany([Object.assign([], { kind: "record", customerId: "a", record: { first_name: "Arr" } }), { kind: "event", customerId: "a", id: 5, type: "visit" }]);
    expect(res.map((r) => [r.status, r.customerId])).toEqual([
      ["quarantined", "a"],
      ["quarantined", "a"],
    ]);
    expect((await h.runtime.getCustomer("a"))!.record).toEqual({ email: "a@x" });
  });
});

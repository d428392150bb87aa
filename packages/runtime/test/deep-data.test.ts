/**
 * Data nested deeper than MAX_DATA_DEPTH, or data that contains itself, is quarantined with the
 * field's name (S7) on every lane, instead of overflowing the stack while it is copied.
 */
import { describe, expect, it } from "vitest";
import { createMemoryStore, createRuntime, createSimulatedClock, type IngestResult } from "../src/index.js";
import { MAX_DATA_DEPTH } from "../src/inputs/validate.js";
import { T0 } from "./harness.js";
import { semanticsTour } from "./ir-builders.js";

/** A value of `levels` nested objects around a number. */
function nested(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

function cyclic(): Record<string, unknown> {
  const o: Record<string, unknown> = { name: "loop" };
  o.self = o;
  return o;
}

function newRuntime() {
  const store = createMemoryStore();
  const runtime = createRuntime({ journeys: [semanticsTour()], store, clock: createSimulatedClock(T0), handlers: { email: () => {} } });
  return { runtime, store };
}

type Lane = "ingest" | "ingestMany";
const LANES: Lane[] = ["ingest", "ingestMany"];

async function feed(lane: Lane, runtime: ReturnType<typeof newRuntime>["runtime"], input: unknown): Promise<IngestResult> {
  return lane === "ingest" ? runtime.ingest(input) : (await runtime.ingestMany([input]))[0]!;
}

function quarantinedAt(r: IngestResult): string | undefined {
  return r.status === "quarantined" ? r.error.issues.map((i) => `${i.path}: ${i.message}`).join("; ") : undefined;
}

describe("data nested too deep", () => {
  it.each(LANES)("%s: a record field nested too deep (new and known customer) is quarantined with its name, and nothing changes", async (lane) => {
    const { runtime, store } = newRuntime();
    const bad = { kind: "record", customerId: "ana", record: { email: "a@x", extra: nested(MAX_DATA_DEPTH + 1) } };
    const r1 = await feed(lane, runtime, bad);
    expect(quarantinedAt(r1)).toBe(`record.extra: Nested more than ${MAX_DATA_DEPTH} levels deep (or contains itself)`);
    expect(r1.status === "quarantined" && r1.customerId).toBe("ana");
    expect(await store.listCustomerIds()).toEqual([]);
    // A known customer goes through the in-place lane of ingestMany.
    expect((await feed(lane, runtime, { kind: "record", customerId: "ana", record: { email: "a@x" } })).status).toBe("applied");
    const before = await runtime.getCustomer("ana");
    const r2 = await feed(lane, runtime, { ...bad, record: { email: "b@x", extra: nested(5000) } });
    expect(quarantinedAt(r2)).toContain("record.extra");
    expect(await runtime.getCustomer("ana")).toEqual(before);
    expect((await store.listQuarantine()).length).toBe(2);
  });

  it.each(LANES)("%s: a record that contains itself is quarantined, not a stack overflow", async (lane) => {
    const { runtime } = newRuntime();
    const r = await feed(lane, runtime, { kind: "record", customerId: "ana", record: { email: "a@x", loop: cyclic() } });
    expect(quarantinedAt(r)).toContain("record.loop");
  });

  it.each(LANES)("%s: data exactly MAX_DATA_DEPTH deep is kept", async (lane) => {
    const { runtime } = newRuntime();
    const r = await feed(lane, runtime, { kind: "record", customerId: "ana", record: { email: "a@x", extra: nested(MAX_DATA_DEPTH) } });
    expect(r.status).toBe("applied");
    let v = (await runtime.getCustomer("ana"))?.record.extra as unknown;
    let depth = 0;
    while (typeof v === "object" && v !== null) {
      v = (v as { a: unknown }).a;
      depth++;
    }
    expect(depth).toBe(MAX_DATA_DEPTH);
  });

  it.each(LANES)("%s: an event property nested too deep is quarantined and its id stays free; a duplicate is a duplicate whatever it carries", async (lane) => {
    const { runtime } = newRuntime();
    expect((await feed(lane, runtime, { kind: "record", customerId: "ana", record: { email: "a@x" } })).status).toBe("applied");
    const deep = { kind: "event", customerId: "ana", id: "e1", type: "visit", properties: { trail: nested(MAX_DATA_DEPTH + 5) } };
    expect(quarantinedAt(await feed(lane, runtime, deep))).toBe(`properties.trail: Nested more than ${MAX_DATA_DEPTH} levels deep (or contains itself)`);
    expect(quarantinedAt(await feed(lane, runtime, { ...deep, properties: cyclic() }))).toContain("properties.self");
    // The corrected event with the same id is applied (S8: a quarantined event was not applied).
    expect((await feed(lane, runtime, { ...deep, properties: {} })).status).toBe("applied");
    expect((await feed(lane, runtime, deep)).status).toBe("duplicate");
  });

  it("ingestMany gives what ingest() one at a time gives on a batch mixing deep and plain inputs", async () => {
    const inputs = [
      { kind: "record", customerId: "ana", record: { email: "a@x" } },
      { kind: "event", customerId: "ana", id: "e1", type: "visit", properties: { t: nested(MAX_DATA_DEPTH + 1) } },
      { kind: "record", customerId: "ana", record: { email: "a@x", t: nested(MAX_DATA_DEPTH + 1) } },
      { kind: "event", customerId: "ana", id: "e1", type: "visit" },
      { kind: "event", customerId: "ana", id: "e1", type: "visit", properties: { t: cyclic() } },
      { kind: "record", customerId: "bo", record: { email: "b@x", t: cyclic() } },
      { kind: "record", customerId: "bo", record: { email: "b@x" } },
    ];
    const one = newRuntime();
    const single: unknown[] = [];
    for (const i of inputs) single.push(strip(await one.runtime.ingest(i)));
    const many = newRuntime();
    const batch = (await many.runtime.ingestMany(inputs)).map(strip);
    expect(batch).toEqual(single);
    expect(single.map((s) => (s as { status: string }).status)).toEqual(["applied", "quarantined", "quarantined", "applied", "duplicate", "quarantined", "applied"]);
    for (const id of ["ana", "bo"]) expect(await many.runtime.getCustomer(id)).toEqual(await one.runtime.getCustomer(id));
  });
});

/** A result without its random quarantine id. */
function strip(r: IngestResult): unknown {
  if (r.status !== "quarantined") return r;
  const { quarantineId, ...rest } = r;
  return quarantineId.length > 0 ? rest : r;
}

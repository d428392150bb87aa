/**
 * Data nested deeper than MAX_DATA_DEPTH, data that contains itself, an invalid Date, or data that
 * reuses objects past MAX_DATA_OBJECTS copies is quarantined with the field's name (S7) on every
 * lane, instead of overflowing the stack, throwing a RangeError or copying without bound.
 */
import { describe, expect, it } from "vitest";
import { createMemoryStore, createRuntime, createSimulatedClock, type IngestResult } from "../src/index.js";
import { MAX_DATA_DEPTH, MAX_DATA_OBJECTS } from "../src/inputs/validate.js";
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
    await expectBatchAsOneAtATime(inputs, ["applied", "quarantined", "quarantined", "applied", "duplicate", "quarantined", "applied"]);
  });
});

/** Twenty levels of `{ a: v, b: v }`: 21 objects, 2^21 - 1 of them once copied. */
function reused(levels = 20): unknown {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < levels; i++) v = { a: v, b: v };
  return v;
}

const INVALID_DATE = "Invalid Date (its time is NaN): give a valid Date, an ISO 8601 text or a number";
const TOO_MANY = `Holds more than ${MAX_DATA_OBJECTS} objects and arrays (one is counted each time it appears)`;

describe("data the runtime cannot take", () => {
  it.each(LANES)("%s: an invalid Date in a record is quarantined with the field's name; the rest of a batch is applied", async (lane) => {
    const { runtime } = newRuntime();
    const inputs = [
      { kind: "record", customerId: "a", record: { email: "a@x" } },
      { kind: "record", customerId: "b", record: { email: "b@x", seen: new Date("x") } },
      { kind: "record", customerId: "c", record: { email: "c@x", seen: new Date(Date.UTC(2026, 0, 2)) } },
    ];
    const results = lane === "ingest" ? [await runtime.ingest(inputs[0]), await runtime.ingest(inputs[1]), await runtime.ingest(inputs[2])] : await runtime.ingestMany(inputs);
    expect(results.map((r) => r.status)).toEqual(["applied", "quarantined", "applied"]);
    expect(quarantinedAt(results[1]!)).toBe(`record.seen: ${INVALID_DATE}`);
    expect((await runtime.getCustomer("c"))?.record.seen).toBe("2026-01-02T00:00:00.000Z");
    expect(await runtime.getCustomer("b")).toBeUndefined();
    // A known customer's update goes through the in-place lane of ingestMany.
    const again = await feed(lane, runtime, { kind: "record", customerId: "a", record: { seen: new Date(NaN) } });
    expect(quarantinedAt(again)).toBe(`record.seen: ${INVALID_DATE}`);
  });

  it.each(LANES)("%s: an invalid Date in an event's properties is quarantined, also for a customer the event moves nowhere", async (lane) => {
    const { runtime } = newRuntime();
    expect((await feed(lane, runtime, { kind: "record", customerId: "ana", record: { email: "a@x" } })).status).toBe("applied");
    const before = await runtime.getCustomer("ana");
    const r = await feed(lane, runtime, { kind: "event", customerId: "ana", id: "e1", type: "unsubscribed_later", properties: { when: new Date("x") } });
    expect(quarantinedAt(r)).toBe(`properties.when: ${INVALID_DATE}`);
    expect(await runtime.getCustomer("ana")).toEqual(before);
  });

  it.each(LANES)("%s: a record or event reusing one object past MAX_DATA_OBJECTS copies is quarantined, not copied", async (lane) => {
    const { runtime } = newRuntime();
    const r = await feed(lane, runtime, { kind: "record", customerId: "ana", record: { email: "a@x", dag: reused() } });
    expect(quarantinedAt(r)).toBe(`record.dag: ${TOO_MANY}`);
    expect((await feed(lane, runtime, { kind: "record", customerId: "ana", record: { email: "a@x", dag: reused(10) } })).status).toBe("applied");
    expect(quarantinedAt(await feed(lane, runtime, { kind: "record", customerId: "ana", record: { dag: reused() } }))).toBe(`record.dag: ${TOO_MANY}`);
    const e = await feed(lane, runtime, { kind: "event", customerId: "ana", id: "e1", type: "visit", properties: { dag: reused() } });
    expect(quarantinedAt(e)).toBe(`properties.dag: ${TOO_MANY}`);
  });

  it.each(LANES)("%s: a record or event whose getter throws is quarantined with the field's name, and the rest of a batch is applied", async (lane) => {
    const { runtime } = newRuntime();
    const bad = Object.defineProperty({ email: "b@x" }, "score", { enumerable: true, get: () => { throw new Error("no access"); } });
    const props = Object.defineProperty({}, "v", { enumerable: true, get: () => { throw new Error("gone"); } });
    const inputs = [
      { kind: "record", customerId: "a", record: { email: "a@x" } },
      { kind: "record", customerId: "b", record: bad },
      { kind: "event", customerId: "a", id: "e1", type: "visit", properties: props },
      { kind: "record", customerId: "c", record: { email: "c@x" } },
    ];
    const results = lane === "ingest" ? await Promise.all(inputs.map((i) => runtime.ingest(i))) : await runtime.ingestMany(inputs);
    expect(results.map((r) => r.status)).toEqual(["applied", "quarantined", "quarantined", "applied"]);
    expect(quarantinedAt(results[1]!)).toBe("record.score: Could not be read (a getter or proxy threw): no access");
    expect(quarantinedAt(results[2]!)).toBe("properties.v: Could not be read (a getter or proxy threw): gone");
  });

  it.each(LANES)("%s: proxies whose traps throw (ownKeys, getPrototypeOf), inside the data or as the data itself, are quarantined", async (lane) => {
    const { runtime } = newRuntime();
    const boom = (what: string) => () => {
      throw new Error(`${what} boom`);
    };
    const inputs = [
      { kind: "record", customerId: "a", record: { email: "a@x", nested: new Proxy({}, { ownKeys: boom("ownKeys") }) } },
      { kind: "record", customerId: "b", record: { email: "b@x", nested: new Proxy({}, { getPrototypeOf: boom("proto") }) } },
      { kind: "record", customerId: "c", record: new Proxy({ email: "c@x" }, { ownKeys: boom("keys") }) },
      { kind: "record", customerId: "d", record: { email: "d@x" } },
    ];
    const results = lane === "ingest" ? await Promise.all(inputs.map((i) => runtime.ingest(i))) : await runtime.ingestMany(inputs);
    expect(results.map((r) => r.status)).toEqual(["quarantined", "quarantined", "quarantined", "applied"]);
    expect(quarantinedAt(results[0]!)).toBe("record.nested: Could not be read (a getter or proxy threw): ownKeys boom");
    expect(quarantinedAt(results[1]!)).toBe("record.nested: Could not be read (a getter or proxy threw): proto boom");
    // Quarantine rows keep the envelope, the unreadable part marked.
    const rows = await runtime.listQuarantine();
    expect(rows.map((r) => (r.input as { customerId: string }).customerId).sort()).toEqual(["a", "b", "c"]);
    expect(JSON.stringify(rows.find((r) => (r.input as { customerId: string }).customerId === "a")!.input)).toContain("[unreadable: ownKeys boom]");
  });

  it("ingestMany gives what ingest() one at a time gives on a batch mixing invalid Dates, reused objects and plain inputs", async () => {
    const inputs = [
      { kind: "record", customerId: "ana", record: { email: "a@x" } },
      { kind: "event", customerId: "ana", id: "e1", type: "visit", properties: { at: new Date(NaN) } },
      { kind: "event", customerId: "ana", id: "e2", type: "visit", properties: { at: new Date(Date.UTC(2026, 0, 2)) } },
      { kind: "record", customerId: "ana", record: { dag: reused() } },
      { kind: "event", customerId: "ana", id: "e1", type: "visit", properties: { dag: reused() } },
      { kind: "event", customerId: "ana", id: "e1", type: "visit" },
      { kind: "record", customerId: "bo", record: { email: "b@x", born: new Date(NaN) } },
      { kind: "record", customerId: "bo", record: { email: "b@x", born: new Date(0) } },
    ];
    await expectBatchAsOneAtATime(inputs, ["applied", "quarantined", "applied", "quarantined", "quarantined", "applied", "quarantined", "applied"]);
  });
});

/**
 * `inputs` through ingestMany() give the results and customers ("ana", "bo") that ingest() one at
 * a time gives, and those results have the `statuses` given.
 */
async function expectBatchAsOneAtATime(inputs: unknown[], statuses: string[]): Promise<void> {
  const one = newRuntime();
  const single: unknown[] = [];
  for (const i of inputs) single.push(strip(await one.runtime.ingest(i)));
  const many = newRuntime();
  const batch = (await many.runtime.ingestMany(inputs)).map(strip);
  expect(batch).toEqual(single);
  expect(single.map((s) => (s as { status: string }).status)).toEqual(statuses);
  for (const id of ["ana", "bo"]) expect(await many.runtime.getCustomer(id)).toEqual(await one.runtime.getCustomer(id));
}

/** A result without its random quarantine id. */
function strip(r: IngestResult): unknown {
  if (r.status !== "quarantined") return r;
  const { quarantineId, ...rest } = r;
  return quarantineId.length > 0 ? rest : r;
}

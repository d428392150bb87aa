/**
 * The raw input kept by a quarantine row (S7): plain JSON exactly, and what JSON cannot hold as
 * a marker in its place, so that the row keeps its envelope and can be corrected and replayed.
 */
import { describe, expect, it } from "vitest";
import { createMemoryStore, createRuntime, createSimulatedClock } from "../src/index.js";
import { quarantineJson } from "../src/inputs/quarantine-json.js";
import { MAX_DATA_DEPTH, MAX_DATA_OBJECTS } from "../src/inputs/validate.js";
import { T0 } from "./harness.js";
import { semanticsTour } from "./ir-builders.js";

describe("quarantineJson", () => {
  it("keeps plain JSON data as a JSON round trip would", () => {
    const samples: unknown[] = [
      { kind: "record", customerId: "ana", record: { email: "a@x", tags: ["a", 1, true, null], nested: { x: [{ y: -0.5 }] } } },
      { kind: "event", id: "e1", customerId: "ana", type: "visit", at: "2026-01-01T00:00:00Z", properties: {} },
      [1, undefined, () => 1, Symbol("s"), { a: undefined, b: () => 1 }],
      "a string input",
      42,
      null,
      JSON.parse('{"__proto__": {"admin": true}, "constructor": 1}'),
    ];
    for (const s of samples) expect(quarantineJson(s)).toEqual(JSON.parse(JSON.stringify(s)));
    const proto = quarantineJson(JSON.parse('{"__proto__": {"admin": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(["__proto__"]);
  });

  it("keeps the envelope and every other field when one value is not JSON", () => {
    const loop: Record<string, unknown> = { name: "loop" };
    loop.self = loop;
    let dag: unknown = { leaf: 1 };
    for (let i = 0; i < 20; i++) dag = { a: dag, b: dag };
    let deep: unknown = 1;
    for (let i = 0; i < MAX_DATA_DEPTH + 5; i++) deep = { a: deep };
    const getter = Object.defineProperty({ ok: 1 }, "bad", { enumerable: true, get: () => { throw new Error("no access"); } });
    const raw = {
      kind: "record",
      customerId: "c",
      record: { email: "c@x", orders: 3n, nps: Number.NaN, big: Infinity, seen: new Date("x"), when: new Date(0), loop, getter, money: { toJSON: () => "12.50" } },
    };
    expect(quarantineJson(raw)).toEqual({
      kind: "record",
      customerId: "c",
      record: {
        email: "c@x",
        orders: "3n",
        nps: "NaN",
        big: "Infinity",
        seen: "[Invalid Date]",
        when: "1970-01-01T00:00:00.000Z",
        loop: { name: "loop", self: "[contains itself]" },
        getter: { ok: 1, bad: "[unreadable: no access]" },
        money: "12.50",
      },
    });
    const big = quarantineJson({ kind: "record", customerId: "d", record: { dag } }) as { customerId: string; record: { dag: unknown } };
    expect(big.customerId).toBe("d");
    expect(JSON.stringify(big).split(`[past ${MAX_DATA_OBJECTS} objects and arrays]`).length - 1).toBeGreaterThan(0);
    expect(JSON.stringify(big).length).toBeLessThan(200 * MAX_DATA_OBJECTS);
    expect(JSON.stringify(quarantineJson({ deep }))).toContain(`[nested more than ${MAX_DATA_DEPTH} levels deep]`);
  });

  it("an object seen twice but not inside itself is kept twice", () => {
    const shared = { x: 1 };
    expect(quarantineJson({ a: shared, b: [shared, shared] })).toEqual({ a: { x: 1 }, b: [{ x: 1 }, { x: 1 }] });
  });
});

describe("a quarantined input that JSON cannot hold", () => {
  it("is listed with its envelope, and replays once corrected", async () => {
    const store = createMemoryStore();
    const runtime = createRuntime({ journeys: [semanticsTour()], store, clock: createSimulatedClock(T0), handlers: { email: () => {} } });
    const r = await runtime.upsertCustomer("c", { email: "c@x", orders: 3n });
    expect(r.status).toBe("quarantined");
    const [row] = await runtime.listQuarantine();
    expect(row!.input).toEqual({ kind: "record", customerId: "c", record: { email: "c@x", orders: "3n" } });
    // Replayed as stored: quarantined again, with a typed error naming the field.
    const again = await runtime.replayQuarantined(row!.id);
    expect(again.status === "quarantined" && again.error.issues.map((i) => i.path)).toEqual(["orders"]);
    const fixed = await runtime.replayQuarantined(row!.id, { kind: "record", customerId: "c", record: { email: "c@x", orders: 3 } });
    expect(fixed.status).toBe("applied");
    expect((await runtime.getCustomer("c"))?.record.orders).toBe(3);
    expect(await runtime.listQuarantine()).toEqual([]);
  });
});

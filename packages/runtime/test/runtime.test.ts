/**
 * Start-up errors, metrics with exact numbers, the store-less engine and host-input envelopes.
 */
import { describe, expect, it } from "vitest";
import { createEngine, createMemoryStore, createRuntime, isRuntimeError, percentile } from "../src/index.js";
import { harness, T0 } from "./harness.js";
import { c, DAY, HOUR, journey, semanticsTour, stage } from "./ir-builders.js";

describe("createRuntime", () => {
  it("fails at start-up with MISSING_HANDLER naming every channel without a handler", () => {
    const ir = semanticsTour();
    ir.channels = ["email", "sms"];
    let error: unknown;
    try {
      createRuntime({ journeys: [ir], handlers: {} });
    } catch (e) {
      error = e;
    }
    expect(isRuntimeError(error, "MISSING_HANDLER")).toBe(true);
    expect((error as Error).message).toBe('No handler for channel "email" (journey "semantics-tour" v1), "sms" (journey "semantics-tour" v1).');
  });

  it("fails with INVALID_JOURNEY on an IR that does not validate, an unknown stage or a duplicate version", () => {
    const bad = (journeys: unknown[]) => {
      try {
        createRuntime({ journeys, handlers: { email: () => {} } });
      } catch (e) {
        return isRuntimeError(e, "INVALID_JOURNEY") ? (e as Error).message : `other: ${String(e)}`;
      }
      return "no error";
    };
    expect(bad([{ irVersion: 99 }])).toMatch(/^Invalid journey IR: /);
    const unknownTarget = semanticsTour();
    unknownTarget.stages[0]!.transitions[0]!.target = "nowhere";
    expect(bad([unknownTarget])).toBe('Unknown stage "nowhere".');
    expect(bad([semanticsTour(), semanticsTour()])).toBe('Journey "semantics-tour" version 1 is given twice.');
    expect(bad([])).toBe("No journeys given.");
  });

  it("quarantines a malformed envelope with the field and the reason", async () => {
    const { runtime } = harness(semanticsTour());
    const r = await runtime.ingest({ kind: "event", customerId: "a", type: "visit" });
    expect(r.status).toBe("quarantined");
    if (r.status === "quarantined") expect(r.error.issues.map((i) => i.path)).toEqual(["id"]);
    const r2 = await runtime.ingest("not an object");
    expect(r2.status).toBe("quarantined");
    expect((await runtime.listQuarantine()).length).toBe(2);
    await expect(runtime.replayQuarantined("nope")).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("metrics", () => {
  it("counts now-in-stage, entered/exited, conversions, time in stage (median, p90) and goal conversion", async () => {
    const ir = journey({
      events: { go: {}, buy: {} },
      customer: {},
      goal: { kind: "condition", when: c.ev("buy") },
      stages: [
        stage("a", { transitions: [{ target: "b", when: c.ev("go") }, { target: "c", when: c.ev("buy") }] }),
        stage("b", { transitions: [{ target: "c", when: c.ev("buy") }] }),
        stage("c"),
      ],
    });
    const h = harness(ir);
    for (let i = 1; i <= 10; i++) await h.runtime.upsertCustomer(`c${i}`, {});
    for (let i = 1; i <= 10; i++) {
      h.clock.set(T0 + i * HOUR);
      await h.event(`c${i}`, i <= 6 ? "go" : i <= 8 ? "buy" : "visit-less");
    }
    h.clock.set(T0 + DAY);
    for (let i = 1; i <= 3; i++) await h.event(`c${i}`, "buy");
    const m = await h.runtime.metrics();
    expect(m.all.enrolled).toBe(10);
    expect(m.all.goals).toBe(5);
    expect(m.all.goalConversion).toBe(0.5);
    expect(m.all.stages.map((s) => [s.stage, s.current, s.entered, s.exited])).toEqual([
      ["a", 2, 10, 8],
      ["b", 3, 6, 3],
      ["c", 5, 5, 0],
    ]);
    const hours = (ms: number | null) => (ms === null ? null : ms / HOUR);
    expect([m.all.stages[0]!.timeInStage.count, hours(m.all.stages[0]!.timeInStage.medianMs), hours(m.all.stages[0]!.timeInStage.p90Ms)]).toEqual([8, 4, 8]);
    expect([hours(m.all.stages[1]!.timeInStage.medianMs), hours(m.all.stages[1]!.timeInStage.p90Ms)]).toEqual([22, 23]);
    expect(m.all.conversions).toEqual([
      { from: "a", to: "b", count: 6, rate: 0.75 },
      { from: "a", to: "c", count: 2, rate: 0.25 },
      { from: "b", to: "c", count: 3, rate: 1 },
    ]);
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
  });
});

describe("createEngine", () => {
  it("turns (doc, input, now) into the commit a store applies, synchronously", () => {
    const engine = createEngine({ journeys: [semanticsTour()] });
    const store = createMemoryStore();
    const out = engine.record("ana", store.sync.loadCustomer("ana"), { email: "a@x" }, T0);
    expect(out.kind).toBe("commit");
    if (out.kind !== "commit") return;
    expect(out.request.actions.map((x) => x.template)).toEqual(["welcome"]);
    expect(store.sync.commit(out.request)).toEqual({ ok: true });
    const bad = engine.event("ana", store.sync.loadCustomer("ana"), { id: "e", type: "purchase", properties: { value: "x" } }, T0);
    expect(bad.kind).toBe("quarantine");
    const ev = engine.event("ana", store.sync.loadCustomer("ana"), { id: "e", type: "purchase", properties: { value: 5 } }, T0 + HOUR);
    expect(ev.kind === "commit" && ev.doc.journeys["semantics-tour"]!.stage).toBe("buyer");
    const x = createEngine({ journeys: [semanticsTour()], engine: "xstate" });
    expect(x.kind).toBe("xstate");
  });

  it("reports stored state that names a stage the journey does not have as CORRUPT_STATE", () => {
    const engine = createEngine({ journeys: [semanticsTour()] });
    const store = createMemoryStore();
    const out = engine.record("ana", store.sync.loadCustomer("ana"), { email: "a@x" }, T0);
    if (out.kind !== "commit") throw new Error(`expected a commit, got ${out.kind}`);
    const doc = structuredClone(out.doc);
    doc.journeys["semantics-tour"]!.stage = "nowhere";
    let thrown: unknown;
    try {
      engine.event("ana", doc, { id: "e2", type: "purchase", properties: { value: 5 } }, T0 + HOUR);
    } catch (error) {
      thrown = error;
    }
    expect(isRuntimeError(thrown, "CORRUPT_STATE")).toBe(true);
    expect((thrown as Error).message).toBe('Customer "ana" is in unknown stage "nowhere".');
  });
});

describe("robustness", () => {
  it("leaves alone a customer on a version this runtime did not load, and accepts odd inputs without crashing", async () => {
    const v1 = harness(semanticsTour());
    await v1.runtime.upsertCustomer("ana", { email: "a@x" });
    const v2ir = semanticsTour();
    v2ir.journey.version = 2;
    v2ir.stages[0]!.name = "hello";
    v2ir.initial = "hello";
    const h = harness(v2ir, { store: v1.runtime.store });
    expect((await h.event("ana", "purchase", { value: 3 })).status).toBe("applied");
    expect((await h.runtime.getCustomer("ana"))!.journeys["semantics-tour"]).toMatchObject({ version: 1, stage: "welcome" });
    const cyclic: Record<string, unknown> = { kind: "record", customerId: 5 };
    cyclic.self = cyclic;
    expect((await h.runtime.ingest(cyclic)).status).toBe("quarantined");
    expect((await h.runtime.ingest({ kind: "event", id: "x", customerId: "b", type: "visit", properties: { n: 10n } })).status).toBe("applied");
    // Kept with its envelope, the cycle marked where it closes (not as "[object Object]").
    expect((await h.runtime.listQuarantine())[0]!.input).toEqual({ kind: "record", customerId: 5, self: "[contains itself]" });
  });
});

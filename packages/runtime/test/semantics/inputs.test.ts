/**
 * docs/semantics.md §1–§4: inputs, validation and quarantine, deduplication, merging (S1–S10).
 */
import { describe, expect, it } from "vitest";
import { createMemoryStore, type JourneyStore } from "../../src/index.js";
import { harness, T0 } from "../harness.js";
import { a, c, DAY, HOUR, journey, semanticsTour, stage } from "../ir-builders.js";

const counter = () =>
  journey({
    customer: { n: { type: "number", required: false } },
    events: { ping: {} },
    stages: [stage("only", { onEvent: [{ id: "only/on:ping", event: "ping", actions: [a.add("only/on:ping/0", "n", 1)] }] })],
  });

describe("semantics §1 inputs", () => {
  it("S1: only record upserts, events and due timers change a customer; queries do not", async () => {
    const { runtime, clock, event } = harness(semanticsTour());
    await runtime.upsertCustomer("ana", { email: "a@x" });
    const rev = () => runtime.store.loadCustomer("ana").then((d) => d!.rev);
    expect(await rev()).toBe(1);
    await runtime.history("ana");
    await runtime.metrics();
    await runtime.due("ana");
    await runtime.runDue();
    expect(await rev()).toBe(1);
    await event("ana", "visit");
    expect(await rev()).toBe(2);
    clock.advance(2 * DAY);
    expect((await runtime.runDue()).timersFired).toBe(1);
    expect(await rev()).toBe(3);
  });

  it("S2: concurrent inputs for one customer never lose an update; each input is one atomic commit", async () => {
    const { runtime, event } = harness(counter());
    await runtime.upsertCustomer("c", { n: 0 });
    await Promise.all(Array.from({ length: 200 }, (_, i) => event("c", "ping", {}, `p${i}`)));
    expect((await runtime.getCustomer("c"))!.record.n).toBe(200);
    // A store that rejects commits with a conflict now and then: the runtime reloads and retries.
    const inner = createMemoryStore();
    let calls = 0;
    const flaky: JourneyStore = { ...inner, commit: async (r) => (++calls % 3 === 0 ? { ok: false, reason: "conflict" } : inner.commit(r)) };
    const h2 = harness(counter(), { store: flaky });
    await h2.runtime.upsertCustomer("c", { n: 0 });
    await Promise.all(Array.from({ length: 30 }, (_, i) => h2.event("c", "ping", {}, `p${i}`)));
    expect((await h2.runtime.getCustomer("c"))!.record.n).toBe(30);
    expect((await h2.runtime.history("c")).filter((r) => r.type === "action").length).toBe(30);
  });

  it("S3: an event is evaluated at its own time; a timer at its due time", async () => {
    const { runtime, clock } = harness(semanticsTour());
    await runtime.upsertCustomer("ana", { email: "a@x" });
    clock.advance(5 * DAY);
    await runtime.sendEvent({ id: "v1", customerId: "ana", type: "visit", at: T0 + DAY });
    const s = (await runtime.getCustomer("ana"))!.journeys["semantics-tour"]!;
    expect(s.lastActivityAt).toBe(T0 + DAY);
    expect(s.wakeAt).toBe(T0 + 15 * DAY);
    await runtime.sendEvent({ id: "v2", customerId: "ana", type: "visit", at: new Date(T0 + 2 * DAY).toISOString() });
    expect((await runtime.getCustomer("ana"))!.journeys["semantics-tour"]!.lastActivityAt).toBe(T0 + 2 * DAY);
  });
});

describe("semantics §2 validation and quarantine", () => {
  const typed = () =>
    journey({
      customer: {
        email: { type: "text", required: true },
        n: { type: "number", required: false },
        ok: { type: "boolean", required: false },
        at: { type: "datetime", required: false },
        tags: { type: "list", required: false },
        plan: { type: "enum", required: false, values: ["free", "pro"] },
      },
      events: { purchase: { value: { type: "number", required: true } } },
      stages: [stage("s")],
    });

  it("S4: each declared field must have its declared type; required fields must be present after the merge", async () => {
    const { runtime } = harness(typed());
    const bad: [Record<string, unknown>, string][] = [
      [{ email: 5 }, "email"],
      [{ email: "a", n: "5" }, "n"],
      [{ email: "a", n: Number.NaN }, "n"],
      [{ email: "a", ok: "yes" }, "ok"],
      [{ email: "a", at: "yesterday" }, "at"],
      [{ email: "a", tags: ["x", 1] }, "tags"],
      [{ email: "a", plan: "gold" }, "plan"],
      [{ n: 1 }, "email"],
    ];
    for (const [record, path] of bad) {
      const r = await runtime.upsertCustomer("c", record);
      expect(r.status).toBe("quarantined");
      if (r.status === "quarantined") {
        expect(r.error.code).toBe("INVALID_INPUT");
        expect(r.error.issues[0]!.path).toBe(path);
        expect(r.error.message).toContain(`"${path}"`);
      }
    }
    const ok = await runtime.upsertCustomer("c", { email: "a", n: 1, ok: true, at: "2026-01-01T00:00:00Z", tags: ["x"], plan: "pro" });
    expect(ok.status).toBe("applied");
    expect((await runtime.upsertCustomer("c", { n: 2 })).status).toBe("applied");
  });

  it("S5: an event must be declared, with its required properties, of the declared types", async () => {
    const { runtime, event } = harness(typed());
    await runtime.upsertCustomer("c", { email: "a" });
    const unknown = await event("c", "refund", {});
    const missing = await event("c", "purchase", {});
    const wrong = await event("c", "purchase", { value: "ten" });
    expect([unknown, missing, wrong].map((r) => (r.status === "quarantined" ? r.error.issues[0]!.path : r.status))).toEqual(["type", "properties.value", "properties.value"]);
    expect((await event("c", "purchase", { value: 10 })).status).toBe("applied");
  });

  it("S6: unknown extra fields and properties are kept as data and ignored", async () => {
    const { runtime, event } = harness(typed());
    expect((await runtime.upsertCustomer("c", { email: "a", favourite_colour: "green" })).status).toBe("applied");
    expect((await runtime.getCustomer("c"))!.record.favourite_colour).toBe("green");
    expect((await event("c", "purchase", { value: 1, coupon: "X" })).status).toBe("applied");
  });

  it("S7: an invalid input changes nothing, is listed in quarantine, never stops later inputs, and can be replayed", async () => {
    const { runtime, event } = harness(semanticsTour());
    await runtime.upsertCustomer("ana", { email: "a@x" });
    const before = await runtime.getCustomer("ana");
    const bad = await event("ana", "purchase", { value: "lots" }, "p1");
    expect(bad.status).toBe("quarantined");
    expect(await runtime.getCustomer("ana")).toEqual(before);
    expect(await runtime.stageOf("ana")).toBe("welcome");
    expect((await runtime.upsertCustomer("bob", { email: "b@x" })).status).toBe("applied");
    const q = await runtime.listQuarantine();
    expect(q.length).toBe(1);
    expect(q[0]!.error.issues).toEqual([{ path: "properties.value", message: expect.any(String) }]);
    if (bad.status !== "quarantined") throw new Error("unreachable");
    const again = await runtime.replayQuarantined(bad.quarantineId);
    expect(again.status).toBe("quarantined");
    expect((await runtime.listQuarantine()).length).toBe(1);
    const fixed = await runtime.replayQuarantined(bad.quarantineId, { ...(q[0]!.input as object), properties: { value: 12 } });
    expect(fixed.status).toBe("applied");
    expect(await runtime.listQuarantine()).toEqual([]);
    expect(await runtime.stageOf("ana")).toBe("buyer");
  });
});

describe("semantics §3–§4 deduplication and merging", () => {
  it("S8: the same event id twice takes effect once; a quarantined id can be sent again corrected", async () => {
    const { runtime, event, templates } = harness(semanticsTour());
    await runtime.upsertCustomer("ana", { email: "a@x" });
    expect((await event("ana", "purchase", { value: 5 }, "p1")).status).toBe("applied");
    expect((await event("ana", "purchase", { value: 5 }, "p1")).status).toBe("duplicate");
    expect(templates().filter((t) => t === "thank-you").length).toBe(1);
    expect((await event("ana", "visit", { }, "bad")).status).toBe("applied");
    expect((await event("bob", "purchase", { value: "x" }, "q1")).status).toBe("quarantined");
    expect((await event("bob", "purchase", { value: 1 }, "q1")).status).toBe("applied");
  });

  it("S9: an upsert replaces only the fields it gives; null clears; a required field cannot be cleared", async () => {
    const { runtime } = harness(semanticsTour());
    await runtime.upsertCustomer("ana", { email: "a@x", first_name: "Ana", orders: 2 });
    await runtime.upsertCustomer("ana", { orders: 3 });
    expect((await runtime.getCustomer("ana"))!.record).toEqual({ email: "a@x", first_name: "Ana", orders: 3 });
    await runtime.upsertCustomer("ana", { first_name: null });
    expect((await runtime.getCustomer("ana"))!.record).toEqual({ email: "a@x", orders: 3 });
    const r = await runtime.upsertCustomer("ana", { email: null });
    expect(r.status).toBe("quarantined");
    expect((await runtime.getCustomer("ana"))!.record.email).toBe("a@x");
  });

  it("S10: an event sets last activity and no field; a record upsert is not activity", async () => {
    const { runtime, clock } = harness(semanticsTour());
    await runtime.upsertCustomer("ana", { email: "a@x" });
    clock.advance(HOUR);
    await runtime.sendEvent({ id: "v", customerId: "ana", type: "visit", properties: { orders: 99 } });
    clock.advance(HOUR);
    await runtime.upsertCustomer("ana", { first_name: "Ana" });
    const cust = (await runtime.getCustomer("ana"))!;
    expect(cust.journeys["semantics-tour"]!.lastActivityAt).toBe(T0 + HOUR);
    expect(cust.record.orders).toBe(1); // from the `on event visit` action, not the property
  });
});

void c;

/**
 * Delivery on the in-memory store runs synchronously through the store's own face; a wrapped
 * store (an observer overriding `settleAction`) must still see every settle, and async or
 * failing handlers must behave as before.
 */
import { describe, expect, it } from "vitest";
import { createMemoryStore, createRuntime, createSimulatedClock, type JourneyStore } from "../src/index.js";
import { T0 } from "./harness.js";
import { semanticsTour } from "./ir-builders.js";

describe("delivery lanes", () => {
  it("calls a wrapping store's settleAction for every delivery, and records the same history as the bare store", async () => {
    const histories: string[] = [];
    for (const wrap of [false, true]) {
      const inner = createMemoryStore();
      const settled: string[] = [];
      let store: JourneyStore = inner;
      if (wrap) {
        const observed = Object.create(inner) as JourneyStore & { sync: typeof inner.sync };
        observed.settleAction = async (id, attempt, outcome, rows) => {
          settled.push(`${id}:${outcome.kind}`);
          return inner.settleAction(id, attempt, outcome, rows);
        };
        observed.sync = inner.sync;
        store = observed;
      }
      const sent: string[] = [];
      const runtime = createRuntime({ journeys: [semanticsTour()], handlers: { email: (d) => void sent.push(d.template ?? "") }, store, clock: createSimulatedClock(T0) });
      await runtime.ingestMany([{ kind: "record", customerId: "ana", record: { email: "a@x" } }]);
      const r = await runtime.runDue();
      expect(r.actionsSent).toBe(sent.length);
      expect(sent.length).toBeGreaterThan(0);
      if (wrap) {
        expect(settled.length).toBe(sent.length);
        expect(settled.every((x) => x.endsWith(":sent"))).toBe(true);
      }
      histories.push(JSON.stringify(await store.listHistory("ana")));
    }
    expect(histories[1]).toBe(histories[0]);
  });

  it("retries a throwing handler and a rejecting async one alike, and sends with an async one", async () => {
    for (const handler of [
      () => {
        throw new Error("down");
      },
      async () => {
        throw new Error("down");
      },
    ]) {
      const runtime = createRuntime({ journeys: [semanticsTour()], handlers: { email: handler }, clock: createSimulatedClock(T0) });
      await runtime.ingestMany([{ kind: "record", customerId: "ana", record: { email: "a@x" } }]);
      const r = await runtime.runDue();
      expect(r).toEqual({ timersFired: 0, actionsSent: 0, actionsRetried: 1, actionsDead: 0 });
      const rows = await runtime.store.listHistory("ana");
      expect(rows.some((x) => x.status === "failed" && x.detail?.error === "down")).toBe(true);
    }
    let calls = 0;
    const runtime = createRuntime({ journeys: [semanticsTour()], handlers: { email: async () => void calls++ }, clock: createSimulatedClock(T0) });
    await runtime.ingestMany([{ kind: "record", customerId: "ana", record: { email: "a@x" } }]);
    expect((await runtime.runDue()).actionsSent).toBe(calls);
    expect(calls).toBe(1);
  });
  it("a handler that changes what it was handed changes nothing stored: a retry gets the data as queued", async () => {
    for (const lane of ["sync face", "async store"] as const) {
      const inner = createMemoryStore();
      // Without the sync face the runtime takes the store's async path (claimActions, loadCustomer).
      const store: JourneyStore = lane === "sync face" ? inner : Object.assign(Object.create(inner) as JourneyStore, { sync: undefined });
      const seen: string[] = [];
      const clock = createSimulatedClock(T0);
      const runtime = createRuntime({
        journeys: [semanticsTour()],
        store,
        clock,
        retry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 1000, leaseMs: 60_000 },
        handlers: {
          email: (d) => {
            seen.push(`${d.attempt}:${String(d.data.name)}:${String(d.customer.record.first_name)}`);
            d.data.name = "changed by the handler";
            (d.data as Record<string, unknown>).extra = 1;
            d.customer.record.first_name = "changed too";
            if (d.attempt === 1) throw new Error("try again");
          },
        },
        deliverInline: false,
      });
      await runtime.ingestMany([{ kind: "record", customerId: "ana", record: { email: "a@x", first_name: "Ana" } }]);
      await runtime.runDue();
      const [queued] = await store.listActions("ana");
      expect(queued?.data).toEqual({ name: "Ana" });
      await runtime.runUntil(T0 + 5000);
      expect(seen, lane).toEqual(["1:Ana:Ana", "2:Ana:Ana"]);
      expect((await runtime.getCustomer("ana"))?.record.first_name).toBe("Ana");
    }
  });
});

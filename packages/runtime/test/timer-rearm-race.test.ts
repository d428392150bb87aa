/**
 * A wake timer claimed by `runDue()` while an event for the same customer re-arms it: the
 * customer must keep the new arming and move on inactivity at its time. (The store refuses the
 * stale claim's commit since the re-arming bumps the attempt, memory-review.test.ts; before that
 * fix the memory store accepted it and the runtime's wake step re-armed the timer, so this
 * scenario came out right either way: it guards the runtime-level outcome.)
 */
import { describe, expect, it } from "vitest";
import { createMemoryStore, type JourneyStore } from "../src/index.js";
import { harness, T0 } from "./harness.js";
import { DAY, HOUR, semanticsTour } from "./ir-builders.js";

/** The memory store behind a plain object (so the runtime takes its async paths), with claims held at a gate. */
function gatedStore() {
  const mem = createMemoryStore();
  let release: () => void = () => {};
  let gate: Promise<void> | null = null;
  let claimed: () => void = () => {};
  const claimedOnce = new Promise<void>((r) => (claimed = r));
  const store: JourneyStore = {
    loadCustomer: (id) => mem.loadCustomer(id),
    hasProcessedEvent: (id, e) => mem.hasProcessedEvent(id, e),
    commit: (r) => mem.commit(r),
    async claimDueTimers(o) {
      const got = await mem.claimDueTimers(o);
      if (got.length > 0) claimed();
      if (gate !== null && got.length > 0) await gate;
      return got;
    },
    nextTimerDue: () => mem.nextTimerDue(),
    listTimers: (id) => mem.listTimers(id),
    claimActions: (o) => mem.claimActions(o),
    settleAction: (id, a, o, h) => mem.settleAction(id, a, o, h),
    nextActionDue: () => mem.nextActionDue(),
    listDeadLetters: () => mem.listDeadLetters(),
    retryDeadLetter: (id, now) => mem.retryDeadLetter(id, now),
    listActions: (id) => mem.listActions(id),
    listHistory: (id, o) => mem.listHistory(id, o),
    readMetrics: (j, v) => mem.readMetrics(j, v),
    addQuarantine: (r) => mem.addQuarantine(r),
    listQuarantine: () => mem.listQuarantine(),
    removeQuarantine: (id) => mem.removeQuarantine(id),
    listCustomerIds: () => mem.listCustomerIds(),
  };
  return {
    store,
    hold: () => void (gate = new Promise<void>((r) => (release = r))),
    release: () => release(),
    claimedOnce,
  };
}

describe("a timer re-armed while claimed", () => {
  it("is not fired by the stale claim: the customer keeps the new wake timer and moves on inactivity later", async () => {
    const g = gatedStore();
    const h = harness(semanticsTour(), { store: g.store });
    await h.runtime.ingest({ kind: "record", customerId: "a", record: { email: "a@x" } });
    h.clock.set(T0 + 14 * DAY);
    g.hold();
    const due = h.runtime.runDue(); // claims the after-2d and wake timers, then waits at the gate
    await g.claimedOnce;
    // Meanwhile a visit (an hour before now) re-arms the wake timer for 14 days after it.
    expect((await h.runtime.ingest({ kind: "event", customerId: "a", id: "v1", type: "visit", at: T0 + 14 * DAY - HOUR })).status).toBe("applied");
    g.release();
    await due;
    expect((await h.runtime.due("a")).timers.map((t) => [t.kind, t.dueAt])).toEqual([["wake", T0 + 28 * DAY - HOUR]]);
    await h.runtime.runUntil(T0 + 30 * DAY);
    expect(await h.runtime.stageOf("a")).toBe("dormant");
  });
});

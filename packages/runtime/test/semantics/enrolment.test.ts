/**
 * docs/semantics.md §5–§8: enrolment and re-entry, exit, goal, stage event actions (S11–S21).
 */
import { describe, expect, it } from "vitest";
import type { JourneyIR } from "../../src/ir.js";
import { harness, T0 } from "../harness.js";
import { a, c, DAY, HOUR, journey, semanticsTour, stage } from "../ir-builders.js";

const JID = "semantics-tour";
const state = async (h: ReturnType<typeof harness>, id: string, jid = JID) => (await h.runtime.getCustomer(id))!.journeys[jid]!;

function reentryJourney(reentry: JourneyIR["reentry"]): JourneyIR {
  return journey({
    customer: { email: { type: "text", required: false } },
    events: { done: {}, visit: {} },
    enroll: c.set("email"),
    reentry,
    stages: [stage("start", { onEnter: [a.send("start/enter/0", "hello")], transitions: [{ target: "end", when: c.ev("done") }] }), stage("end", { terminal: true })],
  });
}

describe("semantics §5 enrolment and re-entry", () => {
  it("S11: a customer enrols when the enroll condition holds, entering the initial stage with its actions and timers", async () => {
    const h = harness(
      journey({
        customer: { email: { type: "text", required: false } },
        enroll: c.set("email"),
        stages: [stage("welcome", { onEnter: [a.send("welcome/enter/0", "welcome")], after: [{ id: "welcome/after", ms: DAY, actions: [] }] })],
        goal: { kind: "stage", stage: "welcome" },
      }),
    );
    await h.runtime.upsertCustomer("c", { name: "no email yet" });
    expect(await h.runtime.stageOf("c")).toBeNull();
    expect(h.templates()).toEqual([]);
    h.clock.advance(HOUR);
    await h.runtime.upsertCustomer("c", { email: "c@x" });
    const s = await state(h, "c", "test");
    expect([s.status, s.stage, s.enteredAt, s.enrolment, s.goalReached]).toEqual(["active", "welcome", T0 + HOUR, 1, true]);
    expect(h.templates()).toEqual(["welcome"]);
    expect((await h.runtime.due("c")).timers.map((t) => t.dueAt)).toEqual([T0 + HOUR + DAY]);
  });

  it("S12: re-entry never / always / after D", async () => {
    for (const [policy, expected] of [
      [{ kind: "never" }, [1, 1, 1]],
      [{ kind: "always" }, [1, 2, 3]],
      [{ kind: "after", ms: 2 * DAY }, [1, 1, 2]],
    ] as const) {
      const h = harness(reentryJourney(policy));
      const seen: number[] = [];
      await h.runtime.upsertCustomer("c", { email: "c@x" });
      seen.push((await state(h, "c", "test")).enrolment);
      await h.event("c", "done");
      expect((await state(h, "c", "test")).status).toBe("completed");
      h.clock.advance(DAY);
      await h.event("c", "visit");
      seen.push((await state(h, "c", "test")).enrolment);
      await h.event("c", "done");
      h.clock.advance(2 * DAY + 1);
      await h.runtime.upsertCustomer("c", { email: "c@y" });
      seen.push((await state(h, "c", "test")).enrolment);
      expect(seen).toEqual(expected);
    }
  });

  it("S13: the enrolling input is evaluated in the initial stage: a first event can count for the goal and move on", async () => {
    const ir = { ...semanticsTour(), enroll: undefined };
    delete (ir as { enroll?: unknown }).enroll;
    ir.customer = { ...ir.customer, email: { type: "text", required: false } };
    const h = harness(ir);
    await h.event("new", "purchase", { value: 30 });
    const s = await state(h, "new");
    expect([s.enrolment, s.stage, s.goalReached]).toEqual([1, "buyer", true]);
    expect(h.templates()).toEqual(["welcome", "thank-you"]);
  });

  it("S14: inactivity counts from enrolment when there was no event since", async () => {
    const h = harness(semanticsTour());
    await h.runtime.upsertCustomer("ana", { email: "a@x" });
    expect((await state(h, "ana")).wakeAt).toBe(T0 + 14 * DAY);
    await h.runtime.runUntil(T0 + 14 * DAY);
    expect(await h.runtime.stageOf("ana")).toBe("dormant");
  });
});

describe("semantics §6 exit", () => {
  it("S15: an exit rule ends the enrolment first: timers cancelled, no on exit, no goal, nothing further", async () => {
    const ir = semanticsTour();
    ir.exit = [c.or(c.ev("unsubscribed"), c.ev("purchase", c.num("value", ">", 1000, "event")))];
    ir.stages[0]!.onExit = [a.send("welcome/exit/0", "bye")];
    const h = harness(ir);
    await h.runtime.upsertCustomer("ana", { email: "a@x" });
    await h.event("ana", "purchase", { value: 5000 });
    const s = await state(h, "ana");
    expect([s.status, s.goalReached, s.endedAt]).toEqual(["exited", false, T0]);
    expect((await h.runtime.due("ana")).timers).toEqual([]);
    expect(h.templates()).toEqual(["welcome"]);
    expect((await h.runtime.history("ana")).at(-1)).toMatchObject({ type: "leave", stage: "welcome" });
    await h.runtime.runUntil(T0 + 100 * DAY);
    expect(h.templates()).toEqual(["welcome"]);
  });

  it("S16: actions queued before the exit are still delivered", async () => {
    let down = true;
    const h = harness(semanticsTour(), { failing: () => down, retry: { baseDelayMs: HOUR } });
    await h.runtime.upsertCustomer("ana", { email: "a@x" });
    await h.event("ana", "unsubscribed");
    expect((await state(h, "ana")).status).toBe("exited");
    down = false;
    await h.runtime.runUntil(T0 + 2 * HOUR);
    expect(h.templates()).toEqual(["welcome"]);
  });

  it("S17: an exit rule on time takes effect through the wake timer, with no new input", async () => {
    const ir = semanticsTour();
    ir.exit = [c.inactive(10 * DAY)];
    const h = harness(ir);
    await h.runtime.upsertCustomer("ana", { email: "a@x" });
    await h.runtime.runUntil(T0 + 10 * DAY);
    const s = await state(h, "ana");
    expect([s.status, s.endedAt]).toEqual(["exited", T0 + 10 * DAY]);
    expect((await h.runtime.due("ana")).timers).toEqual([]);
  });
});

describe("semantics §7 goal", () => {
  it("S18: `goal when` is recorded once per enrolment, before transitions", async () => {
    const h = harness(semanticsTour());
    await h.runtime.upsertCustomer("ana", { email: "a@x" });
    await h.event("ana", "purchase", { value: 1 });
    await h.event("ana", "purchase", { value: 2 });
    const hist = await h.runtime.history("ana");
    const goals = hist.filter((r) => r.type === "goal");
    expect(goals.length).toBe(1);
    expect(goals[0]!.stage).toBe("welcome");
    expect((await h.runtime.metrics()).all.goals).toBe(1);
  });

  it("S19: `goal stage S` is recorded on entering S, once per enrolment", async () => {
    const ir = semanticsTour();
    ir.goal = { kind: "stage", stage: "buyer" };
    const h = harness(ir);
    await h.runtime.upsertCustomer("ana", { email: "a@x" });
    await h.runtime.runUntil(T0 + 14 * DAY);
    expect(await h.runtime.stageOf("ana")).toBe("dormant");
    await h.event("ana", "purchase", { value: 1 });
    await h.runtime.runUntil(T0 + 80 * DAY);
    await h.event("ana", "purchase", { value: 1 });
    expect((await h.runtime.history("ana")).filter((r) => r.type === "goal").map((r) => r.stage)).toEqual(["buyer"]);
  });

  it("S20: reaching the goal neither moves the customer nor ends the enrolment", async () => {
    const ir = semanticsTour();
    ir.goal = { kind: "condition", when: c.ev("visit") };
    const h = harness(ir);
    await h.runtime.upsertCustomer("ana", { email: "a@x" });
    await h.event("ana", "visit");
    const s = await state(h, "ana");
    expect([s.goalReached, s.status, s.stage]).toEqual([true, "active", "welcome"]);
  });
});

describe("semantics §8 stage event actions", () => {
  it("S21: only the current stage's matching `on event` blocks run, in order, before transitions, reading the current event", async () => {
    const ir = journey({
      customer: { n: { type: "number", required: false } },
      events: { ping: { v: { type: "number", required: false } } },
      stages: [
        stage("a", {
          onEvent: [
            { id: "a/on:ping:1", event: "ping", actions: [a.send("a/on:ping:1/0", "first", { v: "event.v" })] },
            { id: "a/on:ping:2", event: "ping", where: c.num("v", ">", 5, "event"), actions: [a.set("a/on:ping:2/0", "n", 7)] },
            { id: "a/on:ping:3", event: "ping", actions: [a.send("a/on:ping:3/0", "third")] },
          ],
          transitions: [{ target: "b", when: c.and(c.ev("ping"), c.num("n", "==", 7)) }],
        }),
        stage("b", { onEvent: [{ id: "b/on:ping", event: "ping", actions: [a.send("b/on:ping/0", "in-b")] }] }),
      ],
    });
    const h = harness(ir);
    await h.runtime.upsertCustomer("c", {});
    await h.event("c", "ping", { v: 1 });
    expect(await h.runtime.stageOf("c")).toBe("a");
    await h.event("c", "ping", { v: 9 });
    expect(await h.runtime.stageOf("c")).toBe("b");
    expect(h.sent.map((d) => [d.template, d.data])).toEqual([
      ["first", { v: 1 }],
      ["third", {}],
      ["first", { v: 9 }],
      ["third", {}],
    ]);
  });
});

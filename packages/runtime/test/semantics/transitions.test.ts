/**
 * docs/semantics.md §9–§10: transitions, cascades and timers (S22–S33, S51).
 */
import { describe, expect, it } from "vitest";
import { createMemoryStore, createRuntime, createSimulatedClock } from "../../src/index.js";
import { harness, T0 } from "../harness.js";
import { a, c, DAY, HOUR, journey, semanticsTour, stage } from "../ir-builders.js";

const chain = () =>
  journey({
    customer: { score: { type: "number", required: false } },
    events: { go: {}, other: {} },
    stages: [
      stage("a", {
        onExit: [a.send("a/exit/0", "a-exit")],
        after: [{ id: "a/after", ms: DAY, actions: [] }],
        transitions: [
          { target: "b", when: c.ev("go") },
          { target: "c", when: c.ev("go") },
        ],
      }),
      stage("b", { onEnter: [a.send("b/enter/0", "b-enter")], transitions: [{ target: "c", when: c.num("score", ">=", 5) }] }),
      stage("c", { onEnter: [a.send("c/enter/0", "c-enter")], transitions: [{ target: "d", when: c.num("score", ">=", 5) }, { target: "a", when: c.ev("go") }] }),
      stage("d", { onEnter: [a.send("d/enter/0", "d-enter")] }),
    ],
  });

describe("semantics §9 transitions and cascades", () => {
  it("S22: transitions are tried in source order; the first that holds fires", async () => {
    const h = harness(chain());
    await h.runtime.upsertCustomer("x", { score: 0 });
    await h.event("x", "go");
    expect(await h.runtime.stageOf("x")).toBe("b");
  });

  it("S23: firing runs on exit, cancels timers, enters, runs on enter, arms timers, records a goal stage — in that order", async () => {
    const ir = chain();
    ir.goal = { kind: "stage", stage: "b" };
    ir.stages[1]!.after = [{ id: "b/after", ms: 2 * DAY, actions: [] }];
    const h = harness(ir);
    await h.runtime.upsertCustomer("x", { score: 0 });
    h.clock.advance(HOUR);
    await h.event("x", "go");
    const hist = (await h.runtime.history("x")).filter((r) => r.at === T0 + HOUR && r.status !== "sent");
    expect(hist.map((r) => `${r.type}:${r.stage}:${r.actionId ?? ""}`)).toEqual(["action:a:a/exit/0", "exit:a:", "enter:b:", "action:b:b/enter/0", "goal:b:"]);
    const s = (await h.runtime.getCustomer("x"))!.journeys.test!;
    expect(s.enteredAt).toBe(T0 + HOUR);
    expect((await h.runtime.due("x")).timers.map((t) => [t.blockId, t.dueAt])).toEqual([["b/after", T0 + HOUR + 2 * DAY]]);
  });

  it("S24: an event-driven transition fires only on its event; the event is consumed by the first move", async () => {
    const ir = journey({
      events: { visit: {} },
      customer: {},
      stages: [
        stage("a", { transitions: [{ target: "b", when: c.or(c.ev("visit"), c.inStage(DAY)) }] }),
        stage("b", { transitions: [{ target: "c", when: c.ev("visit") }] }),
        stage("c"),
      ],
    });
    const h = harness(ir);
    await h.runtime.upsertCustomer("x", {});
    await h.runtime.runUntil(T0 + 3 * DAY);
    expect(await h.runtime.stageOf("x")).toBe("a");
    expect((await h.runtime.due("x")).timers).toEqual([]);
    await h.event("x", "visit");
    expect(await h.runtime.stageOf("x")).toBe("b");
    await h.event("x", "visit");
    expect(await h.runtime.stageOf("x")).toBe("c");
  });

  it("S25: a customer can cross several stages in one evaluation, running each stage's actions", async () => {
    const h = harness(chain());
    await h.runtime.upsertCustomer("x", { score: 9 });
    await h.event("x", "go");
    expect(await h.runtime.stageOf("x")).toBe("d");
    expect(h.templates()).toEqual(["a-exit", "b-enter", "c-enter", "d-enter"]);
  });

  it("S26: entering a terminal stage completes the enrolment: on enter runs, no timers, no transitions", async () => {
    const ir = semanticsTour();
    ir.stages[4]!.onEnter = [a.send("lost/enter/0", "goodbye")];
    ir.stages[4]!.after = [{ id: "lost/after", ms: DAY, actions: [a.send("lost/after/0", "never")] }];
    const h = harness(ir);
    await h.runtime.upsertCustomer("ana", { email: "a@x" });
    await h.runtime.runUntil(T0 + 44 * DAY);
    const s = (await h.runtime.getCustomer("ana"))!.journeys["semantics-tour"]!;
    expect([s.stage, s.status, s.endedAt]).toEqual(["lost", "completed", T0 + 44 * DAY]);
    expect((await h.runtime.due("ana")).timers).toEqual([]);
    await h.runtime.runUntil(T0 + 100 * DAY);
    expect(h.templates()).toEqual(["welcome", "welcome-2", "win-back", "goodbye"]);
  });

  it("S27: a cascade is cut after as many moves as there are stages, with a warning in history", async () => {
    const ir = journey({
      customer: {},
      stages: [
        stage("ping", { transitions: [{ target: "pong", when: { kind: "true" } }] }),
        stage("pong", { transitions: [{ target: "ping", when: { kind: "true" } }] }),
        stage("other"),
      ],
    });
    const h = harness(ir);
    await h.runtime.upsertCustomer("x", {});
    const hist = await h.runtime.history("x");
    expect(hist.filter((r) => r.type === "enter").length).toBe(1 + 3);
    expect(hist.at(-1)).toMatchObject({ type: "warning", reason: "cycle: cascade cut after 3 moves" });
    expect(await h.runtime.stageOf("x")).toBe("pong");
  });

  it("S28: `go to X after D` is `in stage for D`, measured from enteredAt", async () => {
    const h = harness(semanticsTour());
    await h.runtime.upsertCustomer("ana", { email: "a@x" });
    await h.runtime.runUntil(T0 + 14 * DAY);
    expect(await h.runtime.stageOf("ana")).toBe("dormant");
    await h.runtime.runUntil(T0 + 44 * DAY - 1);
    expect(await h.runtime.stageOf("ana")).toBe("dormant");
    await h.runtime.runUntil(T0 + 44 * DAY);
    expect(await h.runtime.stageOf("ana")).toBe("lost");
  });

  it("S51: a transition to the current stage re-enters it", async () => {
    const ir = journey({
      events: { again: {} },
      customer: {},
      stages: [
        stage("loop", {
          onEnter: [a.send("loop/enter/0", "hello")],
          onExit: [a.send("loop/exit/0", "bye")],
          after: [{ id: "loop/after", ms: DAY, actions: [] }],
          transitions: [{ target: "loop", when: c.ev("again") }],
        }),
      ],
    });
    const h = harness(ir);
    await h.runtime.upsertCustomer("x", {});
    h.clock.advance(HOUR);
    await h.event("x", "again");
    const s = (await h.runtime.getCustomer("x"))!.journeys.test!;
    expect([s.stageEntry, s.enteredAt]).toEqual([2, T0 + HOUR]);
    expect(h.templates()).toEqual(["hello", "bye", "hello"]);
    expect((await h.runtime.due("x")).timers.map((t) => t.dueAt)).toEqual([T0 + HOUR + DAY]);
  });
});

describe("semantics §10 timers", () => {
  const timed = () =>
    journey({
      customer: { score: { type: "number", required: false } },
      events: { leave: {} },
      stages: [
        stage("a", {
          after: [{ id: "a/after", ms: DAY, actions: [a.send("a/after/0", "after"), a.add("a/after/1", "score", 10)] }],
          every: [{ id: "a/every", ms: 2 * DAY, actions: [a.send("a/every/0", "every")] }],
          transitions: [
            { target: "b", when: c.ev("leave") },
            { target: "sales", when: c.num("score", ">=", 10) },
          ],
        }),
        stage("b"),
        stage("sales"),
      ],
    });

  it("S29: an after block fires once at enteredAt + D", async () => {
    const ir = timed();
    ir.stages[0]!.transitions = [];
    const h = harness(ir);
    await h.runtime.upsertCustomer("x", {});
    await h.runtime.runUntil(T0 + DAY - 1);
    expect(h.templates()).toEqual([]);
    await h.runtime.runUntil(T0 + 10 * DAY);
    expect(h.templates().filter((t) => t === "after")).toEqual(["after"]);
    expect(h.sent.find((d) => d.template === "after")!.idempotencyKey).toBe("test:1:x:1:1:a/after/0");
  });

  it("S30: an every block fires at enteredAt + n×D until the customer leaves", async () => {
    const ir = timed();
    ir.stages[0]!.after = [];
    const h = harness(ir);
    await h.runtime.upsertCustomer("x", {});
    await h.runtime.runUntil(T0 + 7 * DAY);
    expect(h.sent.map((d) => d.idempotencyKey)).toEqual(["test:1:x:1:1:a/every/0:1", "test:1:x:1:1:a/every/0:2", "test:1:x:1:1:a/every/0:3"]);
    await h.event("x", "leave");
    await h.runtime.runUntil(T0 + 30 * DAY);
    expect(h.sent.length).toBe(3);
    expect((await h.runtime.due("x")).timers).toEqual([]);
  });

  it("S31: one wake timer at the earliest instant a time condition can change; none when there is none", async () => {
    const ir = semanticsTour();
    ir.exit = [c.ev("unsubscribed"), c.inactive(10 * DAY)];
    const h = harness(ir);
    await h.runtime.upsertCustomer("ana", { email: "a@x" });
    const wakes = async () => (await h.runtime.due("ana")).timers.filter((t) => t.kind === "wake").map((t) => t.dueAt);
    expect(await wakes()).toEqual([T0 + 10 * DAY]);
    h.clock.advance(DAY);
    await h.event("ana", "visit");
    expect(await wakes()).toEqual([T0 + 11 * DAY]);
    const h2 = harness(journey({ customer: {}, stages: [stage("a", { transitions: [] })] }));
    await h2.runtime.upsertCustomer("x", {});
    expect((await h2.runtime.due("x")).timers).toEqual([]);
  });

  it("S32: a due timer is an input: its actions run, then exit, goal and transitions are evaluated", async () => {
    const h = harness(timed());
    await h.runtime.upsertCustomer("x", {});
    await h.runtime.runUntil(T0 + DAY);
    expect(await h.runtime.stageOf("x")).toBe("sales");
    expect(h.templates()).toEqual(["after"]);
  });

  it("S33: leaving cancels timers; a fired timer fires once, even across a restart; overdue timers fire on restart", async () => {
    const store = createMemoryStore();
    const clock = createSimulatedClock(T0);
    const sent: string[] = [];
    const make = () => createRuntime({ journeys: [timed()], store, clock, handlers: { email: (d) => void sent.push(d.idempotencyKey) } });
    const first = make();
    await first.upsertCustomer("x", {});
    await first.upsertCustomer("y", {});
    clock.set(T0 + DAY);
    const claimed = await store.claimDueTimers({ now: clock.now(), limit: 1, leaseMs: 1000 }); // a worker that dies after claiming
    expect(claimed.length).toBe(1);
    await first.runDue();
    const second = make(); // "restart" on the same store
    clock.set(T0 + DAY + 5000);
    await second.runUntil(T0 + DAY + 5000);
    await make().runUntil(T0 + DAY + 10_000);
    expect(sent.filter((k) => k.includes("a/after/0")).sort()).toEqual(["test:1:x:1:1:a/after/0", "test:1:y:1:1:a/after/0"]);
    expect(await second.stageOf("x")).toBe("sales");
    expect((await second.due("x")).timers).toEqual([]);
  });
});

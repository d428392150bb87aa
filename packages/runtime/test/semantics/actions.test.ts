/**
 * docs/semantics.md §11–§12: actions, delivery, splits and holdout (S34–S43).
 */
import { describe, expect, it } from "vitest";
import { pickVariant } from "../../src/index.js";
import { harness, T0 } from "../harness.js";
import { a, c, DAY, HOUR, journey, semanticsTour, stage } from "../ir-builders.js";

describe("semantics §11 actions and delivery", () => {
  it("S34: actions run in source order and are stored in the outbox with the state change, then delivered", async () => {
    const ir = journey({
      customer: {},
      stages: [stage("a", { onEnter: [a.send("a/enter/0", "one"), a.send("a/enter/1", "two"), a.send("a/enter/2", "three")] })],
    });
    const h = harness(ir, { deliverInline: false });
    const rt = h.runtime;
    await rt.upsertCustomer("x", {});
    const queued = (await rt.due("x")).actions;
    expect(queued.map((q) => q.template)).toEqual(["one", "two", "three"]);
    expect(queued.every((q) => q.status === "pending")).toBe(true);
    await rt.runDue();
    expect(h.templates()).toEqual(["one", "two", "three"]);
    expect((await rt.due("x")).actions).toEqual([]);
  });

  it("S35: a failing handler is retried with backoff, dead-lettered after the last attempt, never undoing the move", async () => {
    let fail = true;
    const h = harness(semanticsTour(), { failing: () => fail, retry: { maxAttempts: 3, baseDelayMs: HOUR, maxDelayMs: DAY } });
    await h.runtime.upsertCustomer("ana", { email: "a@x" });
    expect(await h.runtime.stageOf("ana")).toBe("welcome");
    const attempts = async () => (await h.runtime.history("ana")).filter((r) => r.status === "failed" || r.status === "dead").map((r) => [r.status, r.at - T0]);
    await h.runtime.runUntil(T0 + HOUR + 2 * HOUR);
    expect(await attempts()).toEqual([["failed", 0], ["failed", HOUR], ["dead", 3 * HOUR]]);
    const dead = await h.runtime.listDeadLetters();
    expect(dead.map((d) => [d.template, d.lastError])).toEqual([["welcome", "handler down for welcome"]]);
    expect(await h.runtime.stageOf("ana")).toBe("welcome");
    fail = false;
    expect(await h.runtime.retryDeadLetter(dead[0]!.id)).toBe(true);
    expect(h.templates()).toEqual(["welcome"]);
    expect(await h.runtime.listDeadLetters()).toEqual([]);
  });

  it("S35: a handler that throws or rejects with a value String() cannot convert is retried and dead-lettered too", async () => {
    const badMessage = new Error("x");
    Object.defineProperty(badMessage, "message", { get: () => { throw new Error("no message"); } });
    const odd: [string, () => void | Promise<void>, string][] = [
      ["throws a null-prototype object", () => { throw Object.create(null); }, "{}"],
      ["rejects with a null-prototype object", () => Promise.reject(Object.create(null)), "{}"],
      ["throws an object whose toString throws", () => { throw { toString: () => { throw new Error("no"); }, code: 7 }; }, '{"code":7}'],
      ["throws an Error whose message getter throws", () => { throw badMessage; }, "a thrown value that cannot be shown as text ([object Error])"],
    ];
    for (const [what, handler, lastError] of odd) {
      for (const deliverInline of [true, false]) {
        const h = harness(semanticsTour(), { deliverInline, retry: { maxAttempts: 2, baseDelayMs: HOUR, maxDelayMs: DAY }, handlers: { email: handler } });
        await h.runtime.upsertCustomer("ana", { email: "a@x" });
        await h.runtime.runUntil(T0 + 2 * HOUR);
        const rows = (await h.runtime.history("ana")).filter((r) => r.status === "failed" || r.status === "dead").map((r) => r.status);
        expect(rows, `${what}, deliverInline ${deliverInline}`).toEqual(["failed", "dead"]);
        expect((await h.runtime.listDeadLetters()).map((d) => d.lastError), what).toEqual([lastError]);
      }
    }
  });

  it("S35: a handler whose promise never settles fails its attempt after handlerTimeoutMs, and is retried, then dead-lettered", async () => {
    for (const deliverInline of [true, false]) {
      let calls = 0;
      const retry = { maxAttempts: 2, baseDelayMs: HOUR, maxDelayMs: DAY, handlerTimeoutMs: 25 };
      const h = harness(semanticsTour(), { deliverInline, retry, handlers: { email: () => (calls++, new Promise<void>(() => {})) } });
      // Resolves although the handler never does (inline: the ingest waits for the delivery).
      expect((await h.runtime.upsertCustomer("ana", { email: "a@x" })).status).toBe("applied");
      await h.runtime.runUntil(T0 + 2 * HOUR);
      const rows = (await h.runtime.history("ana")).filter((r) => r.status === "failed" || r.status === "dead").map((r) => [r.status, r.at - T0]);
      expect(rows).toEqual([["failed", 0], ["dead", HOUR]]);
      expect(calls).toBe(2);
      expect((await h.runtime.listDeadLetters()).map((d) => d.lastError)).toEqual(["the handler did not settle within 25 ms"]);
    }
  });

  it("S35: handlerTimeoutMs 0, Infinity, past Node's longest timer or undefined does not fail a slow handler", async () => {
    for (const handlerTimeoutMs of [0, Infinity, 2 ** 31, undefined]) {
      const h = harness(semanticsTour(), { retry: { handlerTimeoutMs }, handlers: { email: () => new Promise<void>((done) => setTimeout(done, 30)) } });
      await h.runtime.upsertCustomer("ana", { email: "a@x" });
      expect((await h.runtime.history("ana")).map((r) => r.status), String(handlerTimeoutMs)).toContain("sent");
      expect(await h.runtime.listDeadLetters()).toEqual([]);
    }
  });

  it("S35: a handler that settles within handlerTimeoutMs is not failed by it", async () => {
    const retry = { handlerTimeoutMs: 1000 };
    const h = harness(semanticsTour(), { retry, handlers: { email: () => new Promise<void>((done) => setTimeout(done, 20)) } });
    await h.runtime.upsertCustomer("ana", { email: "a@x" });
    expect((await h.runtime.history("ana")).map((r) => r.status)).toContain("sent");
    expect(await h.runtime.listDeadLetters()).toEqual([]);
  });

  it("S36: idempotency keys: stable across retries, new per stage entry and enrolment, `:n` for every", async () => {
    let fail = 1;
    const ir = semanticsTour();
    ir.reentry = { kind: "always" };
    const h = harness(ir, { failing: () => fail-- > 0, retry: { baseDelayMs: HOUR } });
    await h.runtime.upsertCustomer("ana", { email: "a@x" });
    await h.runtime.runUntil(T0 + HOUR);
    expect(h.sent.map((d) => [d.idempotencyKey, d.attempt])).toEqual([["semantics-tour:1:ana:1:1:welcome/enter/0", 2]]);
    await h.event("ana", "unsubscribed");
    await h.runtime.upsertCustomer("ana", { first_name: "Ana" });
    expect(h.sent.map((d) => d.idempotencyKey).at(-1)).toBe("semantics-tour:1:ana:2:1:welcome/enter/0");
  });

  it("S36: a customer or event id holding ':' cannot make its key equal another customer's", async () => {
    const ir = journey({
      customer: {},
      events: { ping: {} },
      stages: [stage("a", { onEnter: [a.send("a/enter/0", "enter")], onEvent: [{ id: "a/on:ping", event: "ping", actions: [a.send("a/on:ping/0", "pong")] }] })],
    });
    // Unescaped, customer "a" pinged with the event id "q:1:1:a/enter/0" and a customer whose id
    // is the rest of that key would share one key, and the outbox would drop the second action.
    const forged = "a:1:1:a/on:ping/0:e:q";
    for (const lane of ["ingest", "ingestMany"] as const) {
      const h = harness(ir, { deliverInline: false });
      const inputs = [
        { kind: "record", customerId: "a", record: {} },
        { kind: "event", id: "q:1:1:a/enter/0", customerId: "a", type: "ping" },
        { kind: "record", customerId: forged, record: {} },
      ];
      if (lane === "ingest") for (const x of inputs) await h.runtime.ingest(x);
      else await h.runtime.ingestMany(inputs);
      await h.runtime.runDue();
      const keys = h.sent.map((d) => d.idempotencyKey);
      expect(h.sent.map((d) => [d.customer.id, d.template])).toEqual([["a", "enter"], ["a", "pong"], [forged, "enter"]]);
      expect(new Set(keys).size).toBe(3);
      expect(keys[1]).toBe(`${ir.journey.id}:1:a:1:1:a/on:ping/0:e:q%3A1%3A1%3Aa/enter/0`);
      expect(keys[2]).toBe(`${ir.journey.id}:1:a%3A1%3A1%3Aa/on%3Aping/0%3Ae%3Aq:1:1:a/enter/0`);
    }
  });

  it("S37: tag / untag / set / add update the customer at once; add treats unset as 0; tags are a set", async () => {
    const ir = journey({
      customer: { n: { type: "number", required: false }, flag: { type: "boolean", required: false } },
      stages: [
        stage("a", {
          onEnter: [a.add("a/enter/0", "n", 2), a.add("a/enter/1", "n", 3), a.tag("a/enter/2", "vip"), a.tag("a/enter/3", "vip"), a.untag("a/enter/4", "none"), a.set("a/enter/5", "flag", true), a.send("a/enter/6", "hi", { n: "n" }, c.bool("flag", true))],
          transitions: [{ target: "b", when: c.num("n", "==", 5) }],
        }),
        stage("b"),
      ],
    });
    const tags: string[] = [];
    const h = harness(ir, { handlers: { tag: (d) => void tags.push(String(d.data.tag)) } });
    await h.runtime.upsertCustomer("x", {});
    const cust = (await h.runtime.getCustomer("x"))!;
    expect([cust.record.n, cust.record.flag, cust.tags]).toEqual([5, true, ["vip"]]);
    expect(await h.runtime.stageOf("x")).toBe("b");
    expect(h.sent.map((d) => [d.template, d.data])).toEqual([["hi", { n: 5 }]]);
    expect(tags).toEqual(["vip", "vip"]);
  });

  it("S38: a `go to` action moves after the block's other actions; the first applicable one wins; a cascade follows", async () => {
    const ir = journey({
      customer: { n: { type: "number", required: false } },
      stages: [
        stage("a", { onEnter: [a.goto("a/enter/0", "c", c.num("n", ">", 100)), a.goto("a/enter/1", "b"), a.goto("a/enter/2", "c"), a.send("a/enter/3", "after-goto")] }),
        stage("b", { transitions: [{ target: "c", when: { kind: "true" } }] }),
        stage("c"),
      ],
    });
    const h = harness(ir);
    await h.runtime.upsertCustomer("x", { n: 1 });
    expect(h.templates()).toEqual(["after-goto"]);
    const enters = (await h.runtime.history("x")).filter((r) => r.type === "enter");
    expect(enters.map((r) => [r.stage, r.reason])).toEqual([["a", "enrolled"], ["b", "go to action a/enter/1"], ["c", "transition b/go:0"]]);
  });

  it("S39: an action whose condition fails is skipped and recorded", async () => {
    const h = harness(semanticsTour());
    await h.runtime.upsertCustomer("ana", { email: "a@x", orders: 3 });
    await h.runtime.runUntil(T0 + 2 * DAY);
    const skipped = (await h.runtime.history("ana")).filter((r) => r.status === "skipped");
    expect(skipped.map((r) => [r.actionId, r.reason])).toEqual([["welcome/after:2d/0", "after block welcome/after:2d: condition not met"]]);
    expect(h.templates()).toEqual(["welcome"]);
  });

  it("S40: `event.x` reads the triggering event, or the stage-entry event; absent values are left out", async () => {
    const ir = semanticsTour();
    ir.stages[1]!.keepsEntryEvent = true;
    ir.stages[1]!.after = [{ id: "buyer/after", ms: DAY, actions: [a.send("buyer/after/0", "follow-up", { value: "event.value" }), { kind: "set", id: "buyer/after/1", field: "orders", value: { kind: "ref", ref: { source: "event", field: "missing" } } }] }];
    const h = harness(ir);
    await h.runtime.upsertCustomer("ana", { email: "a@x", orders: 4 });
    await h.event("ana", "purchase", { value: 80 });
    await h.runtime.runUntil(T0 + DAY);
    await h.runtime.upsertCustomer("bob", { email: "b@x", nps: 1 });
    await h.runtime.runUntil(T0 + 15 * DAY);
    await h.runtime.upsertCustomer("bob", { nps: 1 });
    expect(h.sent.filter((d) => d.customer.id === "ana").map((d) => [d.template, d.data])).toEqual([["welcome", {}], ["thank-you", { value: 80 }], ["follow-up", { value: 80 }]]);
    expect((await h.runtime.getCustomer("ana"))!.record.orders).toBeUndefined();
  });
});

describe("semantics §12 splits and holdout", () => {
  const splitJourney = (holdout = 0) =>
    journey({
      customer: {},
      holdout,
      stages: [
        stage("a", {
          onEnter: [
            a.split("a/enter/0", "subject", [
              { name: "short", weight: 50, actions: [a.send("a/enter/0/short/0", "short")] },
              { name: "long", weight: 30, actions: [a.send("a/enter/0/long/0", "long")] },
              { name: "none", weight: 20, control: true },
            ]),
            a.tag("a/enter/1", "seen"),
          ],
        }),
      ],
    });

  it("S41: the arm is a stable hash of (journey, split, customer), recorded in history and per-variant metrics", async () => {
    const h = harness(splitJourney());
    const ids = Array.from({ length: 300 }, (_, i) => `cus_${i}`);
    for (const id of ids) await h.runtime.upsertCustomer(id, {});
    const variants = await Promise.all(ids.map(async (id) => (await h.runtime.history(id)).find((r) => r.type === "split")!.detail!.variant));
    const expected = ids.map((id) => pickVariant("test", "subject", id, [{ name: "short", weight: 50 }, { name: "long", weight: 30 }, { name: "none", weight: 20 }]).name);
    expect(variants).toEqual(expected);
    const counts = Object.fromEntries(["short", "long", "none"].map((v) => [v, variants.filter((x) => x === v).length]));
    expect(counts.short! > 110 && counts.short! < 190 && counts.long! > 50 && counts.none! > 25).toBe(true);
    const m = await h.runtime.metrics();
    expect(["short", "long", "none"].map((v) => m.variants[`subject=${v}`]!.enrolled)).toEqual([counts.short, counts.long, counts.none]);
    expect(m.variants["subject=short"]!.stages[0]).toMatchObject({ stage: "a", current: counts.short, entered: counts.short });
    expect(m.all.enrolled).toBe(300);
    expect((await h.runtime.history(ids[0]!)).filter((r) => r.type === "split").length).toBe(1);
    const again = harness(splitJourney());
    for (const id of ids.slice(0, 20)) await again.runtime.upsertCustomer(id, {});
    expect(await Promise.all(ids.slice(0, 20).map(async (id) => (await again.runtime.getCustomer(id))!.journeys.test!.splits.subject))).toEqual(expected.slice(0, 20));
  });

  it("S42: a control arm runs none of the split's actions and is recorded as skipped (control group)", async () => {
    const h = harness(splitJourney());
    const ids = Array.from({ length: 60 }, (_, i) => `c${i}`);
    for (const id of ids) await h.runtime.upsertCustomer(id, {});
    const control = ids.filter((id) => pickVariant("test", "subject", id, [{ name: "short", weight: 50 }, { name: "long", weight: 30 }, { name: "none", weight: 20 }]).name === "none");
    expect(control.length).toBeGreaterThan(0);
    for (const id of control) {
      expect(h.templates(id)).toEqual([]);
      const rows = await h.runtime.history(id);
      expect(rows.some((r) => r.status === "skipped" && r.reason.includes("control group"))).toBe(true);
      expect((await h.runtime.getCustomer(id))!.tags).toEqual(["seen"]);
    }
  });

  it("S43: holdout customers move like everyone else but every send is skipped (control group)", async () => {
    const ir = semanticsTour();
    ir.holdout = 30;
    const h = harness(ir);
    const ids = Array.from({ length: 100 }, (_, i) => `c${i}`);
    for (const id of ids) await h.runtime.upsertCustomer(id, { email: `${id}@x` });
    for (const id of ids) await h.event(id, "visit");
    const held = [];
    for (const id of ids) if ((await h.runtime.getCustomer(id))!.journeys["semantics-tour"]!.holdout) held.push(id);
    expect(held.length).toBeGreaterThan(15);
    expect(held.length).toBeLessThan(45);
    for (const id of held) {
      expect(h.templates(id)).toEqual([]);
      expect((await h.runtime.getCustomer(id))!.record.orders).toBe(1);
      expect((await h.runtime.history(id)).some((r) => r.status === "skipped" && r.reason.includes("holdout"))).toBe(true);
    }
    const m = await h.runtime.metrics();
    expect(m.variants["holdout=control"]!.enrolled).toBe(held.length);
    expect(m.variants["holdout=treatment"]!.enrolled).toBe(100 - held.length);
  });
});

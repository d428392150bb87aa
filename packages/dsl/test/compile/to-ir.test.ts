import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile, JourneyIRSchema, type JourneyIR } from "../../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));

function ir(text: string): JourneyIR {
  const r = compile(text, { file: "t.journey" });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`).join("\n"));
  return JourneyIRSchema.parse(r.ir);
}

const SPEC = readFileSync(join(here, "../../../../docs/spec.md"), "utf8");
const specJourney = /```journey\n([\s\S]*?)```/.exec(SPEC)![1]!;

describe("toIR on the spec's e-commerce journey", () => {
  const compiled = ir(specJourney);

  it("matches the golden IR", async () => {
    await expect(JSON.stringify(compiled, null, 2) + "\n").toMatchFileSnapshot("./__snapshots__/spec-ecommerce.ir.json");
  });

  it("fills the journey header, declarations and policies", () => {
    expect(compiled.journey).toEqual({
      id: "e-commerce-lifecycle",
      name: "E-commerce lifecycle",
      version: 3,
      description: "Welcome series, abandoned cart, post-purchase, win-back, referral.",
    });
    expect(compiled.channels).toEqual(["email", "sms", "push", "webhook"]);
    expect(compiled.customer.plan).toEqual({ type: "enum", required: false, values: ["free", "pro", "enterprise"] });
    expect(compiled.customer.signed_up_at).toEqual({ type: "datetime", required: true });
    expect(compiled.customer.opted_in).toEqual({ type: "boolean", required: false });
    expect(compiled.customer.interests).toEqual({ type: "list", required: false });
    expect(compiled.events.purchase).toEqual({ value: { type: "number", required: true }, order_id: { type: "text", required: false } });
    expect(compiled.events.visit).toEqual({});
    expect(compiled.segments.engaged).toEqual({
      kind: "or",
      any: [
        { kind: "compare", ref: { source: "customer", field: "orders" }, op: ">=", value: 2, valueType: "number" },
        { kind: "ago", ref: { source: "customer", field: "last_order_at" }, op: "lessThan", ms: 30 * 86_400_000 },
      ],
    });
    expect(compiled.enroll).toEqual({ kind: "isSet", ref: { source: "customer", field: "email" }, negated: false });
    expect(compiled.goal).toEqual({ kind: "condition", when: { kind: "event", event: "purchase" } });
    expect(compiled.exit).toEqual([{ kind: "event", event: "unsubscribed" }]);
    expect(compiled.reentry).toEqual({ kind: "after", ms: 90 * 86_400_000 });
    expect(compiled.holdout).toBe(5);
    expect(compiled.initial).toBe("welcome");
  });

  it("gives blocks and actions stable ids, splits included", () => {
    const welcome = compiled.stages[0]!;
    expect(welcome.label).toBe("Welcome");
    const split = welcome.onEnter[0]!;
    expect(split).toMatchObject({ kind: "split", id: "welcome/enter/0", name: "welcome_subject" });
    if (split.kind !== "split") throw new Error("expected a split");
    expect(split.variants.map((v) => [v.name, v.weight, v.control])).toEqual([
      ["short", 50, false],
      ["long", 40, false],
      ["control", 10, true],
    ]);
    expect(split.variants[0]!.actions[0]).toEqual({
      kind: "send",
      id: "welcome/enter/0/split:welcome_subject/short/0",
      channel: "email",
      template: "welcome-short",
      data: { name: { kind: "ref", ref: { source: "customer", field: "first_name" } } },
    });
    expect(welcome.onEnter[1]).toEqual({ kind: "tag", id: "welcome/enter/1", tag: "new" });
    expect(welcome.after[0]!.id).toBe("welcome/after:2d");
    expect(welcome.every[0]!.id).toBe("welcome/every:7d");
    expect(welcome.onEvent[0]!.id).toBe("welcome/event:visit");
    expect(welcome.onEvent[0]!.actions[0]).toEqual({ kind: "add", id: "welcome/event:visit/0", field: "lead_score", amount: 1 });
    expect(compiled.stages[1]!.after.map((b) => b.id)).toEqual(["cart/after:1h", "cart/after:24h"]);
  });

  it("compiles unless as not, and if as the condition", () => {
    const welcome = compiled.stages[0]!;
    expect(welcome.after[0]!.actions[0]!.when).toEqual({
      kind: "not",
      cond: { kind: "compare", ref: { source: "customer", field: "orders" }, op: ">", value: 0, valueType: "number" },
    });
    expect(welcome.every[0]!.actions[0]!.when).toEqual({
      kind: "compare", ref: { source: "customer", field: "opted_in" }, op: "==", value: true, valueType: "boolean",
    });
  });

  it("marks event-driven transitions and compiles go to ... after as inStage", () => {
    const [welcome, cart] = compiled.stages;
    expect(welcome!.transitions.map((t) => [t.id, t.target, t.eventDriven])).toEqual([
      ["welcome/transition/0", "cart", true],
      ["welcome/transition/1", "customer", true],
      ["welcome/transition/2", "dormant", false],
    ]);
    expect(welcome!.transitions[1]!.when).toEqual({
      kind: "event",
      event: "purchase",
      where: { kind: "compare", ref: { source: "event", field: "value" }, op: ">", value: 0, valueType: "number" },
    });
    expect(welcome!.transitions[2]!.when).toEqual({ kind: "inactive", ms: 14 * 86_400_000 });
    expect(cart!.transitions[1]).toEqual({ id: "cart/transition/1", target: "dormant", when: { kind: "inStage", ms: 7 * 86_400_000 }, eventDriven: false });
  });

  it("keeps the entry event only where enter/after/every actions read event.*", () => {
    const keeps = Object.fromEntries(compiled.stages.map((s) => [s.name, s.keepsEntryEvent]));
    expect(keeps).toEqual({ welcome: false, cart: true, customer: true, dormant: false, advocate: false, lost: false });
  });
});

describe("toIR details", () => {
  const T = (body: string) => `journey "T" {\n  channels email\n  customer {\n    n number\n    d datetime\n  }\n  event e {\n    p number\n  }\n${body}\n}\n`;

  it("numbers repeated timed blocks and merges enter blocks", () => {
    const out = ir(T(`  stage a initial {
    on enter { tag "x" }
    on enter { tag "y" }
    after 1 day { tag "1" }
    after 1 day { tag "2" }
    on event e { tag "3" }
    on event e with p > 1 { tag "4" if event.p > 2 }
    go to b when event e
  }
  stage b terminal`));
    const a = out.stages[0]!;
    expect(a.onEnter.map((x) => x.id)).toEqual(["a/enter/0", "a/enter/1"]);
    expect(a.after.map((b) => b.id)).toEqual(["a/after:1d", "a/after:1d#2"]);
    expect(a.onEvent.map((b) => b.id)).toEqual(["a/event:e", "a/event:e#2"]);
    expect(a.onEvent[1]!.where).toEqual({ kind: "compare", ref: { source: "event", field: "p" }, op: ">", value: 1, valueType: "number" });
    expect(a.keepsEntryEvent).toBe(false);
  });

  it("keeps date literals as ISO strings tagged datetime, and defaults policies", () => {
    const out = ir(T(`  stage a initial {
    go to b when d < date "2024-01-31" or n in (1, 2) or not (d is set)
  }
  stage b terminal`));
    expect(out.stages[0]!.transitions[0]!.when).toEqual({
      kind: "or",
      any: [
        { kind: "compare", ref: { source: "customer", field: "d" }, op: "<", value: "2024-01-31", valueType: "datetime" },
        { kind: "in", ref: { source: "customer", field: "n" }, values: [1, 2], negated: false },
        { kind: "not", cond: { kind: "isSet", ref: { source: "customer", field: "d" }, negated: false } },
      ],
    });
    expect(out.journey.version).toBe(1);
    expect(out.reentry).toEqual({ kind: "never" });
    expect(out.holdout).toBe(0);
    expect(out.enroll).toBeUndefined();
    expect(out.goal).toBeUndefined();
  });

  it("compiles goal stage, set from an event property, and keepsEntryEvent through set", () => {
    const out = ir(T(`  goal stage b
  stage a initial {
    go to b when event e
  }
  stage b {
    on enter { set n = event.p }
    go to c after 1 week
  }
  stage c terminal`));
    expect(out.goal).toEqual({ kind: "stage", stage: "b" });
    expect(out.stages[1]!.onEnter[0]).toEqual({ kind: "set", id: "b/enter/0", field: "n", value: { kind: "ref", ref: { source: "event", field: "p" } } });
    expect(out.stages[1]!.keepsEntryEvent).toBe(true);
    expect(out.stages[1]!.transitions[0]!.when).toEqual({ kind: "inStage", ms: 604_800_000 });
  });
});

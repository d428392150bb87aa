/**
 * docs/semantics.md §13–§14: conditions and versions (S44–S50), and a check that every
 * numbered statement of semantics.md has a test named after it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConditionCompiler, type EvalCtx } from "../../src/engine/conditions.js";
import type { Condition } from "../../src/ir.js";
import { harness, T0 } from "../harness.js";
import { a, c, DAY, journey, semanticsTour, stage } from "../ir-builders.js";

function evalWith(cond: Condition, record: Record<string, unknown>, extra: Partial<EvalCtx> = {}, segments: Record<string, Condition> = {}): boolean {
  const rec = Object.assign(Object.create(null) as Record<string, unknown>, record);
  return new ConditionCompiler(segments).compile(cond)({ record: rec, event: null, eventProps: null, now: T0, enteredAt: T0, activitySince: T0, ...extra });
}

describe("semantics §13 conditions", () => {
  it("S44: tests on an unset field are false; `is set` tests presence; `not` inverts", () => {
    for (const cond of [c.num("n", ">", 0), c.num("n", "!=", 0), c.in("p", ["a"]), c.in("p", ["a"], true), c.contains("l", "x"), c.ago("d", "moreThan", DAY), c.ago("d", "lessThan", DAY)]) {
      expect(evalWith(cond, {})).toBe(false);
    }
    expect(evalWith(c.set("n"), {})).toBe(false);
    expect(evalWith(c.set("n", true), {})).toBe(true);
    expect(evalWith(c.set("n"), { n: 0 })).toBe(true);
    expect(evalWith(c.not(c.num("n", ">", 0)), {})).toBe(true);
  });

  it("S45: `event E` holds only while E is the input; a record or a timer never satisfies it", async () => {
    const cond = c.ev("purchase", c.num("value", ">", 10, "event"));
    expect(evalWith(cond, {}, { event: { type: "purchase", props: Object.assign(Object.create(null), { value: 20 }) } })).toBe(true);
    expect(evalWith(cond, {}, { event: { type: "purchase", props: Object.assign(Object.create(null), { value: 5 }) } })).toBe(false);
    expect(evalWith(cond, { value: 20 })).toBe(false);
    const h = harness(semanticsTour());
    await h.runtime.upsertCustomer("ana", { email: "a@x", value: 100 });
    await h.runtime.runUntil(T0 + 3 * DAY);
    expect(await h.runtime.stageOf("ana")).toBe("welcome");
  });

  it("S46: inactive / in stage / more and less than D ago", () => {
    const now = T0 + 10 * DAY;
    expect(evalWith(c.inactive(10 * DAY), {}, { now, activitySince: T0 })).toBe(true);
    expect(evalWith(c.inactive(10 * DAY), {}, { now: now - 1, activitySince: T0 })).toBe(false);
    expect(evalWith(c.inStage(DAY), {}, { now, enteredAt: now - DAY })).toBe(true);
    expect(evalWith(c.inStage(DAY), {}, { now, enteredAt: now - DAY + 1 })).toBe(false);
    const at = new Date(T0).toISOString();
    expect(evalWith(c.ago("d", "moreThan", 10 * DAY), { d: at }, { now })).toBe(true);
    expect(evalWith(c.ago("d", "lessThan", 10 * DAY), { d: at }, { now })).toBe(false);
    expect(evalWith(c.ago("d", "lessThan", 10 * DAY), { d: at }, { now: now - 1 })).toBe(true);
  });

  it("S47: segments are evaluated on the current data, including updates made earlier in the evaluation", async () => {
    const ir = journey({
      customer: { score: { type: "number", required: false } },
      segments: { hot: c.num("score", ">=", 3), veryHot: c.and(c.seg("hot"), c.num("score", ">=", 5)) },
      stages: [stage("a", { onEnter: [a.add("a/enter/0", "score", 5)], transitions: [{ target: "b", when: c.seg("veryHot") }] }), stage("b")],
    });
    const h = harness(ir);
    await h.runtime.upsertCustomer("x", { score: 0 });
    expect(await h.runtime.stageOf("x")).toBe("b");
  });

  it("S48: exact case-sensitive text, list membership vs substring, `in`, datetimes as instants", () => {
    expect(evalWith(c.text("p", "==", "Pro"), { p: "pro" })).toBe(false);
    expect(evalWith(c.text("p", "==", "pro"), { p: "pro" })).toBe(true);
    expect(evalWith(c.contains("l", "ab"), { l: ["abc"] })).toBe(false);
    expect(evalWith(c.contains("l", "ab"), { l: ["ab"] })).toBe(true);
    expect(evalWith(c.contains("t", "ab"), { t: "xaby" })).toBe(true);
    expect(evalWith(c.in("p", ["a", "b"]), { p: "b" })).toBe(true);
    expect(evalWith(c.in("p", ["a", "b"], true), { p: "b" })).toBe(false);
    const after = { kind: "compare", ref: { source: "customer", field: "d" }, op: ">=", value: "2026-01-01T00:00:00Z", valueType: "datetime" } as const;
    expect(evalWith(after, { d: "2026-01-01T09:00:00+09:00" })).toBe(true);
    expect(evalWith(after, { d: "2025-12-31T23:59:59Z" })).toBe(false);
  });
});

describe("semantics §14 versions", () => {
  const v2 = () => {
    const ir = semanticsTour();
    ir.journey.version = 2;
    ir.stages[0]!.onEnter = [a.send("welcome/enter/0", "welcome-v2")];
    ir.stages[0]!.after = [{ id: "welcome/after:1d", ms: DAY, actions: [a.send("welcome/after:1d/0", "nudge-v2")] }];
    return ir;
  };

  it("S49: customers stay on the version they enrolled with; a new version takes new enrolments; a migration moves them", async () => {
    const h1 = harness(semanticsTour());
    await h1.runtime.upsertCustomer("old", { email: "o@x" });
    const h = harness([semanticsTour(), v2()], { store: h1.runtime.store });
    await h.runtime.upsertCustomer("new", { email: "n@x" });
    expect((await h.runtime.getCustomer("old"))!.journeys["semantics-tour"]!.version).toBe(1);
    expect((await h.runtime.getCustomer("new"))!.journeys["semantics-tour"]!.version).toBe(2);
    expect(h.templates("new")).toEqual(["welcome-v2"]);
    h.clock.advance(DAY / 2);
    const result = await h.runtime.migrate({ journeyId: "semantics-tour", from: 1, to: 2 });
    expect(result).toEqual({ migrated: ["old"], skipped: [{ customerId: "new", reason: "not enrolled on version 1" }] });
    const s = (await h.runtime.getCustomer("old"))!.journeys["semantics-tour"]!;
    expect([s.version, s.stage, s.enteredAt]).toEqual([2, "welcome", T0]);
    expect((await h.runtime.due("old")).timers.map((t) => [t.kind, t.blockId, t.version])).toEqual([["after", "welcome/after:1d", 2], ["wake", null, 2]]);
    expect((await h.runtime.history("old")).at(-1)).toMatchObject({ type: "migrate", reason: 'migrated from version 1 ("welcome") to version 2 ("welcome")' });
    await h.runtime.runUntil(T0 + DAY);
    expect(h.templates("old")).toEqual(["nudge-v2"]);
  });

  it("S50: timers, queued actions and keys keep the version their enrolment started on", async () => {
    const h1 = harness(semanticsTour(), { deliverInline: false });
    await h1.runtime.upsertCustomer("old", { email: "o@x" });
    const h = harness([semanticsTour(), v2()], { store: h1.runtime.store });
    await h.runtime.runUntil(T0 + 2 * DAY);
    expect(h.sent.map((d) => [d.idempotencyKey, d.journey.version])).toEqual([
      ["semantics-tour:1:old:1:1:welcome/enter/0", 1],
      ["semantics-tour:1:old:1:1:welcome/after:2d/0", 1],
    ]);
  });
});

describe("semantics.md coverage", () => {
  it("every numbered statement has a test named after it", () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const doc = readFileSync(join(here, "../../../../docs/semantics.md"), "utf8");
    const ids = [...doc.matchAll(/\*\*(S\d+)\.\*\*/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThanOrEqual(50);
    const tests = readdirSync(here).filter((f) => f.endsWith(".test.ts")).map((f) => readFileSync(join(here, f), "utf8")).join("\n");
    const missing = ids.filter((id) => !new RegExp(`it\\("${id}: `).test(tests));
    expect(missing).toEqual([]);
  });
});

/**
 * Every example journey, compiled by `compile()` from @journeys/dsl, run end to end on
 * generated customers with a simulated clock, checking exact outcomes.
 */
import { globSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "@journeys/dsl";
import { describe, expect, it } from "vitest";
import { inHoldout, pickVariant } from "../src/index.js";
import type { JourneyIR } from "../src/ir.js";
import { harness, T0 } from "./harness.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const examples = join(dirname(fileURLToPath(import.meta.url)), "../../../examples");

function load(file: string): JourneyIR {
  const result = compile(readFileSync(join(examples, file), "utf8"), { file });
  if (!result.ok || result.ir === undefined) throw new Error(`${file}: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  return result.ir;
}

describe("e-commerce example", () => {
  const ir = load("ecommerce/ecommerce.journey");
  const jid = ir.journey.id;
  const welcome = ir.stages[0]!.onEnter.find((x) => x.kind === "split");
  if (welcome?.kind !== "split") throw new Error("expected the welcome split");
  // Customers who get every message: not in the holdout, not in the welcome split's control arm.
  const treated = (n: number, prefix: string) => {
    const out: string[] = [];
    for (let i = 0; out.length < n; i++) {
      const id = `${prefix}${i}`;
      if (!inHoldout(jid, id, ir.holdout) && !pickVariant(jid, welcome.name, id, welcome.variants).control) out.push(id);
    }
    return out;
  };
  const signUp = async (h: ReturnType<typeof harness>, id: string, extra: Record<string, unknown> = {}) => {
    await h.runtime.upsertCustomer(id, { email: `${id}@example.com`, first_name: id, signed_up_at: new Date(h.clock.now()).toISOString(), ...extra });
    await h.event(id, "signed_up");
    expect(await h.runtime.stageOf(id)).toBe("welcome");
  };

  for (const engine of ["compiled", "xstate"] as const) {
    describe(`${engine} engine`, () => {
      it("abandoned cart: no purchase within 1 hour gives reminder 1; within the hour gives none; between the reminders stops reminder 2", async () => {
        const h = harness(ir, { engine });
        const [never, quick, between] = treated(3, "cart");
        for (const id of [never!, quick!, between!]) {
          await signUp(h, id);
          await h.event(id, "cart_abandoned", { items: ["mug", "tee"], value: 30 });
        }
        await h.runtime.runUntil(T0 + 30 * MIN);
        await h.event(quick!, "purchase", { value: 30, order_id: "o-quick" });
        await h.runtime.runUntil(T0 + 5 * HOUR);
        await h.event(between!, "purchase", { value: 30, order_id: "o-between" });
        await h.runtime.runUntil(T0 + 2 * DAY);
        const cart = (id: string) => h.sent.filter((d) => d.customer.id === id && d.template?.startsWith("cart-")).map((d) => [d.template, d.data]);
        expect(cart(never!)).toEqual([
          ["cart-reminder-1", { items: ["mug", "tee"] }],
          ["cart-reminder-2", { items: ["mug", "tee"], code: "CART10" }],
        ]);
        expect(h.sent.find((d) => d.customer.id === never && d.template === "cart-reminder-1")!.idempotencyKey).toContain(":cart/");
        expect(cart(quick!)).toEqual([]);
        expect(cart(between!)).toEqual([["cart-reminder-1", { items: ["mug", "tee"] }]]);
        expect(await h.runtime.stageOf(quick!)).toBe("buyer");
        expect(h.templates(quick!)).toContain("order-thank-you");
      });

      it("unsubscribe stops every future message and cancels pending timers", async () => {
        const h = harness(ir, { engine });
        const [id] = treated(1, "unsub");
        await signUp(h, id!);
        await h.event(id!, "cart_abandoned", { items: ["mug"] });
        expect((await h.runtime.due(id!)).timers.length).toBeGreaterThan(0);
        await h.runtime.runUntil(T0 + 10 * MIN);
        await h.event(id!, "unsubscribed");
        expect((await h.runtime.due(id!)).timers).toEqual([]);
        const before = h.templates(id!);
        await h.runtime.runUntil(T0 + 200 * DAY);
        await h.event(id!, "purchase", { value: 10 });
        expect(h.templates(id!)).toEqual(before);
        expect((await h.runtime.getCustomer(id!))!.journeys[jid]!.status).toBe("exited");
      });

      it("a customer inactive 60 days falls back to win-back and returns on activity", async () => {
        const h = harness(ir, { engine });
        const [id] = treated(1, "quiet");
        await signUp(h, id!);
        await h.event(id!, "purchase", { value: 20, order_id: "o1" });
        expect(await h.runtime.stageOf(id!)).toBe("buyer");
        await h.runtime.runUntil(T0 + 60 * DAY - 1);
        expect(await h.runtime.stageOf(id!)).toBe("buyer");
        await h.runtime.runUntil(T0 + 60 * DAY);
        expect(await h.runtime.stageOf(id!)).toBe("dormant");
        expect(h.sent.filter((d) => d.customer.id === id).map((d) => d.template).at(-1)).toBe("win-back");
        await h.runtime.runUntil(T0 + 62 * DAY);
        await h.event(id!, "visit");
        expect(await h.runtime.stageOf(id!)).toBe("browsing");
        const moves = (await h.runtime.history(id!)).filter((r) => r.type === "enter").map((r) => r.stage);
        expect(moves).toEqual(["welcome", "buyer", "dormant", "browsing"]);
      });
    });
  }

  it("runs 200 generated customers for 90 days identically on both engines", async () => {
    const run = async (engine: "compiled" | "xstate") => {
      const h = harness(ir, { engine });
      for (let i = 0; i < 200; i++) await signUp(h, `g${i}`, i % 3 === 0 ? { phone: "+100" } : {});
      for (let day = 0; day < 90; day += 3) {
        await h.runtime.runUntil(T0 + day * DAY);
        for (let i = (day * 7) % 11; i < 200; i += 11) {
          const kind = (i + day) % 4;
          if (kind === 0) await h.event(`g${i}`, "cart_abandoned", { items: ["x"] });
          else if (kind === 1) await h.event(`g${i}`, "purchase", { value: 10 + (i % 7) });
          else if (kind === 2) await h.event(`g${i}`, "survey_answered", { score: i % 11 });
          else await h.event(`g${i}`, "visit");
        }
      }
      await h.runtime.runUntil(T0 + 90 * DAY);
      return { metrics: await h.runtime.metrics(), sent: h.sent.map((d) => d.idempotencyKey).sort() };
    };
    const fast = await run("compiled");
    expect(fast.metrics.all.enrolled).toBe(200);
    expect(fast.sent.length).toBeGreaterThan(400);
    expect(fast.metrics.all.stages.reduce((n, s) => n + s.current, 0)).toBe(200);
    expect(await run("xstate")).toEqual(fast);
  });
});

describe("every example journey runs", () => {
  const files = globSync("**/*.journey", { cwd: examples }).sort();
  it.each(files)("%s runs on generated customers with both engines giving the same result", async (file) => {
    const ir = load(file);
    const record: Record<string, unknown> = {};
    for (const [name, t] of Object.entries(ir.customer)) {
      if (!t.required) continue;
      record[name] = t.type === "text" ? "x@example.com" : t.type === "number" ? 1 : t.type === "boolean" ? true : t.type === "datetime" ? new Date(T0).toISOString() : t.type === "enum" ? t.values[0] : [];
    }
    const events = Object.entries(ir.events).map(([type, props]) => {
      const p: Record<string, unknown> = {};
      for (const [name, t] of Object.entries(props)) if (t.required) p[name] = t.type === "number" ? 10 : t.type === "text" ? "v" : t.type === "boolean" ? true : t.type === "list" ? ["a"] : t.type === "enum" ? t.values[0] : new Date(T0).toISOString();
      return { type, p };
    });
    const run = async (engine: "compiled" | "xstate") => {
      const h = harness(ir, { engine });
      for (let i = 0; i < 30; i++) await h.runtime.upsertCustomer(`c${i}`, record);
      for (let step = 0; step < 60; step++) {
        const i = (step * 7) % 30;
        const e = events[(step + i) % events.length];
        if (e !== undefined) await h.event(`c${i}`, e.type, e.p);
        await h.runtime.runUntil(h.clock.now() + DAY);
      }
      await h.runtime.runUntil(T0 + 90 * DAY);
      const stages = await Promise.all(Array.from({ length: 30 }, (_, i) => h.runtime.stageOf(`c${i}`)));
      return { stages, sent: h.sent.map((d) => d.idempotencyKey).sort(), metrics: await h.runtime.metrics() };
    };
    const fast = await run("compiled");
    expect(fast.metrics.all.stages.reduce((n, s) => n + s.entered, 0)).toBeGreaterThan(0);
    expect(await run("xstate")).toEqual(fast);
  });
});

import { createMachine } from "xstate";
import { describe, expect, it } from "vitest";
import { irReachableStages } from "../../src/compile/ir-graph.js";
import { toXStateConfig, xstateBindings } from "../../src/compile/to-xstate.js";
import { JourneyIRSchema } from "../../src/ir/schema.js";
import { randomIR, shopIR } from "./ir-fixtures.js";
import { xstateReachable } from "./xstate-graph.js";

describe("toXStateConfig", () => {
  it("compiles a valid IR fixture that XState accepts", () => {
    const ir = JourneyIRSchema.parse(shopIR());
    const config = toXStateConfig(ir);
    expect(() => createMachine(config as never)).not.toThrow();
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    expect(config.id).toBe("test");
    expect(config.initial).toBe("welcome");
  });

  it("maps stages, transitions, timers and go to actions to the documented shape", async () => {
    const config = toXStateConfig(shopIR());
    await expect(JSON.stringify(config, null, 2) + "\n").toMatchFileSnapshot("./__snapshots__/shop.xstate.json");
    const welcome = config.states.welcome!;
    expect(welcome.entry).toEqual([{ type: "action", params: { id: "welcome/enter/0" } }]);
    expect(welcome.on!["event.cart_abandoned"]).toEqual([
      { target: "cart", guard: { type: "cond", params: { id: "welcome/transition/0" } }, actions: [] },
      { target: "dormant", guard: { type: "cond", params: { id: "welcome/transition/2" } }, actions: [] },
    ]);
    // The visit block runs as the fallback when no transition fires.
    expect(welcome.on!["event.visit"]).toEqual([
      {
        target: "dormant",
        guard: { type: "cond", params: { id: "welcome/transition/2" } },
        actions: [{ type: "action", params: { id: "welcome/event:visit/0" } }],
      },
      { actions: [{ type: "action", params: { id: "welcome/event:visit/0" } }] },
    ]);
    expect(welcome.on!.timer).toEqual([
      { guard: { type: "timer", params: { id: "welcome/after:2d" } }, actions: [{ type: "action", params: { id: "welcome/after:2d/0" } }] },
      { guard: { type: "timer", params: { id: "welcome/every:7d" } }, actions: [{ type: "action", params: { id: "welcome/every:7d/0" } }] },
    ]);
    expect(welcome.always).toEqual([{ target: "dormant", guard: { type: "cond", params: { id: "welcome/transition/2" } }, actions: [] }]);
    // on exit actions ride on every transition out of the stage.
    expect(config.states.cart!.always![0]!.actions).toEqual([{ type: "action", params: { id: "cart/exit/0" } }]);
    expect(config.states.dormant!.on!["goto.lost"]).toEqual([{ target: "lost", actions: [] }]);
    expect(config.states.dormant!.on!["event.visit"]![0]!.target).toBe("welcome");
    expect(config.states.lost).toEqual({ type: "final", entry: [{ type: "action", params: { id: "lost/enter/0" } }] });
  });

  it("exposes bindings from ids back to the IR", () => {
    const ir = shopIR();
    const b = xstateBindings(ir);
    expect(b.conditions["welcome/transition/1"]).toEqual({ kind: "event", event: "purchase" });
    expect(b.actions["welcome/event:visit/0"]).toMatchObject({ stage: "welcome", block: "welcome/event:visit" });
    expect(b.actions["cart/exit/0"]).toMatchObject({ stage: "cart", block: "cart/exit" });
    expect(b.actions["welcome/enter/0"]!.action.kind).toBe("split");
    expect(b.timers["welcome/every:7d"]).toMatchObject({ stage: "welcome", kind: "every" });
    const config = toXStateConfig(ir);
    // Every id the config mentions is bound.
    const text = JSON.stringify(config);
    for (const m of text.matchAll(/"type":"(cond|action|timer)","params":\{"id":"([^"]+)"\}/g)) {
      const table = m[1] === "cond" ? b.conditions : m[1] === "action" ? b.actions : b.timers;
      expect(table[m[2]!], `${m[1]} ${m[2]}`).toBeDefined();
    }
  });

  it("XState's graph utilities reach exactly the stages the reachability analysis reaches (fixture)", () => {
    const ir = shopIR();
    const reachable = irReachableStages(ir);
    expect([...reachable].sort()).toEqual(["cart", "customer", "dormant", "lost", "welcome"]);
    expect(xstateReachable(ir, toXStateConfig(ir))).toEqual(reachable);
  });

  it("XState's graph utilities agree on 200 generated journeys with unreachable stages", () => {
    let withUnreachable = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const ir = JourneyIRSchema.parse(randomIR(seed, 2 + (seed % 12)));
      const reachable = irReachableStages(ir);
      if (reachable.size < ir.stages.length) withUnreachable++;
      expect(xstateReachable(ir, toXStateConfig(ir)), `seed ${seed}`).toEqual(reachable);
    }
    expect(withUnreachable).toBeGreaterThan(50);
  });
});

import { describe, expect, it } from "vitest";
import { harness, T0 } from "./harness.js";
import { DAY, semanticsTour } from "./ir-builders.js";

describe.each(["compiled", "xstate"] as const)("semantics tour timeline (%s engine)", (engine) => {
  it("follows the worked timeline of semantics.md", async () => {
    const { runtime, clock, event, templates } = harness(semanticsTour(), { engine });
    await runtime.upsertCustomer("ana", { email: "ana@example.com", first_name: "Ana" });
    expect(await runtime.stageOf("ana")).toBe("welcome");
    expect(templates()).toEqual(["welcome"]);
    const timers = (await runtime.due("ana")).timers;
    expect(timers.map((t) => [t.kind, t.dueAt - T0])).toEqual([
      ["after", 2 * DAY],
      ["wake", 14 * DAY],
    ]);
    await runtime.runUntil(T0 + 23 * 3_600_000);
    await event("ana", "visit");
    expect((await runtime.getCustomer("ana"))!.record.orders).toBe(1);
    await runtime.runUntil(T0 + 2 * DAY);
    expect(templates()).toEqual(["welcome"]);
    await runtime.runUntil(T0 + 3 * DAY + 2 * 3_600_000);
    await event("ana", "purchase", { value: 80 });
    expect(await runtime.stageOf("ana")).toBe("buyer");
    expect(templates()).toEqual(["welcome", "thank-you"]);
    await runtime.runUntil(T0 + 3 * DAY + 2 * 3_600_000 + 60 * DAY);
    expect(await runtime.stageOf("ana")).toBe("dormant");
    await runtime.runUntil(T0 + 3 * DAY + 2 * 3_600_000 + 90 * DAY);
    expect(await runtime.stageOf("ana")).toBe("lost");
    expect((await runtime.getCustomer("ana"))!.journeys["semantics-tour"]!.status).toBe("completed");
    expect(templates()).toEqual(["welcome", "thank-you", "win-back"]);
    expect(clock.now()).toBe(T0 + 3 * DAY + 2 * 3_600_000 + 90 * DAY);
  });
});

/**
 * Differential test: the compiled engine and the XState engine give exactly the same stage
 * sequences, actions, timers, history and metrics on random journeys, records, events and
 * timer firings.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Action, Condition, JourneyIR } from "../src/ir.js";
import { harness, T0 } from "./harness.js";
import { a, c, DAY, HOUR, journey, stage } from "./ir-builders.js";

function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!, chance: (p: number) => next() < p };
}
type R = ReturnType<typeof rng>;

const EVENTS = ["e1", "e2", "e3"];
const DURS = [HOUR, 6 * HOUR, DAY, 3 * DAY];

function cond(r: R, depth = 0): Condition {
  const k = r.int(depth > 1 ? 7 : 10);
  switch (k) {
    case 0:
      return c.ev(r.pick(EVENTS));
    case 1:
      return c.ev("e1", c.num("v", r.pick([">", "<="]), r.int(10), "event"));
    case 2:
      return c.num("score", r.pick([">=", "<", "=="]), r.int(6));
    case 3:
      return c.inStage(r.pick(DURS));
    case 4:
      return c.inactive(r.pick(DURS));
    case 5:
      return r.chance(0.5) ? c.seg("hot") : c.bool("flag", true);
    case 6:
      return c.ago("seen", r.pick(["moreThan", "lessThan"]), r.pick(DURS));
    case 7:
      return c.and(cond(r, depth + 1), cond(r, depth + 1));
    case 8:
      return c.or(cond(r, depth + 1), cond(r, depth + 1));
    default:
      return c.not(cond(r, depth + 1));
  }
}

function actions(r: R, prefix: string, stages: string[], depth = 0): Action[] {
  const out: Action[] = [];
  const n = r.int(3);
  for (let i = 0; i < n; i++) {
    const id = `${prefix}/${i}`;
    const k = r.int(depth > 0 ? 5 : 7);
    const when = r.chance(0.3) ? cond(r, 2) : undefined;
    let act: Action;
    if (k === 0 || k === 1) act = a.send(id, `${prefix}-t${i}`, { s: "score", v: "event.v", lit: "=x" }, when);
    else if (k === 2) act = a.add(id, "score", r.pick([1, 2, -1]), when);
    else if (k === 3) act = r.chance(0.5) ? a.tag(id, "t") : a.set(id, "flag", r.chance(0.5));
    else if (k === 4) act = a.goto(id, r.pick(stages), when);
    else
      act = a.split(id, `sp${r.int(2)}`, [
        { name: "x", weight: 40, actions: actions(r, `${id}/x`, stages, depth + 1) },
        { name: "y", weight: 40, actions: actions(r, `${id}/y`, stages, depth + 1) },
        { name: "ctl", weight: 20, control: true },
      ]);
    out.push(act);
  }
  return out;
}

export function randomJourney(seed: number): JourneyIR {
  const r = rng(seed);
  const n = 2 + r.int(4);
  const names = Array.from({ length: n }, (_, i) => `s${i}`);
  const stages = names.map((name, i) => {
    const terminal = i === n - 1 && r.chance(0.4);
    if (terminal) return stage(name, { terminal: true, onEnter: actions(r, `${name}/enter`, names) });
    return stage(name, {
      onEnter: actions(r, `${name}/enter`, names),
      onExit: r.chance(0.3) ? actions(r, `${name}/exit`, names).filter((x) => x.kind !== "goto") : [],
      after: r.chance(0.5) ? [{ id: `${name}/after`, ms: r.pick(DURS), actions: actions(r, `${name}/after`, names) }] : [],
      every: r.chance(0.3) ? [{ id: `${name}/every`, ms: r.pick(DURS), actions: actions(r, `${name}/every`, names) }] : [],
      onEvent: r.chance(0.5) ? [{ id: `${name}/on:e2`, event: "e2", actions: actions(r, `${name}/on:e2`, names) }] : [],
      keepsEntryEvent: r.chance(0.5),
      transitions: Array.from({ length: r.int(4) }, () => ({ target: r.pick(names), when: cond(r) })),
    });
  });
  return journey({
    id: `rand-${seed}`,
    customer: { score: { type: "number", required: false }, flag: { type: "boolean", required: false }, seen: { type: "datetime", required: false } },
    events: { e1: { v: { type: "number", required: false } }, e2: {}, e3: {} },
    segments: { hot: c.num("score", ">=", 3) },
    ...(r.chance(0.5) ? { enroll: c.or(c.set("score"), c.ev("e1")) } : {}),
    ...(r.chance(0.5) ? { goal: r.chance(0.5) ? { kind: "condition" as const, when: cond(r, 1) } : { kind: "stage" as const, stage: r.pick(names) } } : {}),
    exit: r.chance(0.5) ? [c.ev("e3")] : [],
    reentry: r.pick([{ kind: "never" as const }, { kind: "always" as const }, { kind: "after" as const, ms: DAY }]),
    holdout: r.chance(0.3) ? 30 : 0,
    stages,
  });
}

async function runScript(ir: JourneyIR, seed: number, engine: "compiled" | "xstate" | "compiled-full") {
  const r = rng(seed ^ 0x5bd1e995);
  const h = harness(ir, { engine: engine === "xstate" ? "xstate" : "compiled", quickPath: engine !== "compiled-full", handlers: { tag: async () => {} } });
  const customers = ["c0", "c1", "__proto__"];
  for (let step = 0; step < 25; step++) {
    const id = r.pick(customers);
    const k = r.int(4);
    if (k === 0) {
      await h.runtime.upsertCustomer(id, {
        ...(r.chance(0.7) ? { score: r.int(6) } : {}),
        ...(r.chance(0.3) ? { flag: r.chance(0.5) } : {}),
        ...(r.chance(0.3) ? { seen: new Date(h.clock.now() - r.int(4) * DAY).toISOString() } : {}),
      });
    } else if (k === 1) await h.event(id, r.pick(EVENTS), r.chance(0.7) ? { v: r.int(10) } : {});
    else await h.runtime.runUntil(h.clock.now() + r.pick([HOUR, 5 * HOUR, DAY, 2 * DAY]));
  }
  const out = Object.create(null) as Record<string, unknown>;
  for (const id of customers) {
    out[id] = { history: await h.runtime.history(id), due: await h.runtime.due(id), customer: await h.runtime.getCustomer(id) };
  }
  return { out, sent: h.sent.map((d) => d.idempotencyKey), metrics: await h.runtime.metrics(), now: h.clock.now() - T0 };
}

describe("differential: compiled engine (quick path on and off) == XState engine", () => {
  it("gives identical histories, actions, timers, states and metrics on random journeys", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const ir = randomJourney(seed);
        const fast = await runScript(ir, seed, "compiled");
        const slow = await runScript(ir, seed, "xstate");
        expect(slow).toEqual(fast);
        expect(await runScript(ir, seed, "compiled-full")).toEqual(fast);
      }),
      { numRuns: 150 },
    );
  });

  it("random journeys actually exercise moves, cascades and actions", async () => {
    let moves = 0;
    let sends = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const { out, sent } = await runScript(randomJourney(seed), seed, "compiled");
      sends += sent.length;
      for (const v of Object.values(out)) moves += (v as { history: { type: string }[] }).history.filter((h) => h.type === "exit").length;
    }
    expect(moves).toBeGreaterThan(30);
    expect(sends).toBeGreaterThan(30);
  });
});

/**
 * Hand-written and generated IR fixtures for the XState compiler tests (they do not depend on
 * the parser, so the XState shape is tested on its own).
 */
import { IR_VERSION, type Action, type Condition, type JourneyIR, type Stage } from "../../src/ir/schema.js";

export function stage(name: string, parts: Partial<Stage> = {}): Stage {
  return {
    name,
    terminal: false,
    onEnter: [],
    onExit: [],
    after: [],
    every: [],
    onEvent: [],
    transitions: [],
    keepsEntryEvent: false,
    ...parts,
  };
}

export function journey(stages: Stage[], parts: Partial<JourneyIR> = {}): JourneyIR {
  return {
    irVersion: IR_VERSION,
    journey: { id: "test", name: "Test", version: 1 },
    channels: ["email"],
    customer: { orders: { type: "number", required: false } },
    events: { purchase: {}, visit: {}, cart_abandoned: {} },
    segments: {},
    exit: [],
    reentry: { kind: "never" },
    holdout: 0,
    initial: stages[0]!.name,
    stages,
    ...parts,
  };
}

const ev = (event: string): Condition => ({ kind: "event", event });
const send = (id: string, template: string): Action => ({ kind: "send", id, channel: "email", template, data: {} });

/** The spec's e-commerce journey, reduced to its graph-relevant parts. */
export function shopIR(): JourneyIR {
  return journey([
    stage("welcome", {
      onEnter: [
        {
          kind: "split",
          id: "welcome/enter/0",
          name: "welcome_subject",
          variants: [
            { name: "short", weight: 50, control: false, actions: [send("welcome/enter/0/split:welcome_subject/short/0", "welcome-short")] },
            { name: "control", weight: 50, control: true, actions: [] },
          ],
        },
      ],
      after: [{ id: "welcome/after:2d", ms: 172_800_000, actions: [send("welcome/after:2d/0", "welcome-2")] }],
      every: [{ id: "welcome/every:7d", ms: 604_800_000, actions: [send("welcome/every:7d/0", "digest")] }],
      onEvent: [{ id: "welcome/event:visit", event: "visit", actions: [{ kind: "add", id: "welcome/event:visit/0", field: "orders", amount: 1 }] }],
      transitions: [
        { id: "welcome/transition/0", target: "cart", when: ev("cart_abandoned"), eventDriven: true },
        { id: "welcome/transition/1", target: "customer", when: ev("purchase"), eventDriven: true },
        { id: "welcome/transition/2", target: "dormant", when: { kind: "inactive", ms: 1_209_600_000 }, eventDriven: false },
      ],
    }),
    stage("cart", {
      onExit: [{ kind: "tag", id: "cart/exit/0", tag: "left-cart" }],
      transitions: [
        { id: "cart/transition/0", target: "customer", when: ev("purchase"), eventDriven: true },
        { id: "cart/transition/1", target: "dormant", when: { kind: "inStage", ms: 604_800_000 }, eventDriven: false },
      ],
    }),
    stage("customer", {
      onEnter: [send("customer/enter/0", "thank-you")],
      transitions: [{ id: "customer/transition/0", target: "dormant", when: { kind: "inactive", ms: 1000 }, eventDriven: false }],
    }),
    stage("dormant", {
      after: [
        {
          id: "dormant/after:30d",
          ms: 2_592_000_000,
          actions: [{ kind: "goto", id: "dormant/after:30d/0", target: "lost", when: { kind: "not", cond: { kind: "segment", name: "engaged" } } }],
        },
      ],
      transitions: [
        { id: "dormant/transition/0", target: "customer", when: ev("purchase"), eventDriven: true },
        { id: "dormant/transition/1", target: "welcome", when: { kind: "or", any: [ev("visit"), ev("cart_abandoned")] }, eventDriven: true },
      ],
    }),
    stage("lost", { terminal: true, onEnter: [{ kind: "tag", id: "lost/enter/0", tag: "lost" }] }),
    // No transition or go to reaches this stage.
    stage("orphan", { transitions: [{ id: "orphan/transition/0", target: "lost", when: { kind: "true" }, eventDriven: false }] }),
  ]);
}

/** A small deterministic PRNG (mulberry32) so generated journeys are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random journey of `n` stages with sparse random edges (transitions of every kind and `go to`
 * actions, some inside split arms), so some stages are usually unreachable.
 */
export function randomIR(seed: number, n: number): JourneyIR {
  const rnd = prng(seed);
  const pick = (): string => `s${Math.floor(rnd() * n)}`;
  const events = ["purchase", "visit", "cart_abandoned"];
  const stages: Stage[] = [];
  for (let i = 0; i < n; i++) {
    const name = `s${i}`;
    const terminal = rnd() < 0.15;
    const transitions = [];
    const edgeCount = Math.floor(rnd() * 3);
    for (let k = 0; k < edgeCount; k++) {
      const r = rnd();
      const when: Condition =
        r < 0.4 ? ev(events[Math.floor(rnd() * 3)]!) : r < 0.7 ? { kind: "inStage", ms: 1000 } : { kind: "and", all: [ev("visit"), { kind: "inactive", ms: 5 }] };
      transitions.push({ id: `${name}/transition/${k}`, target: pick(), when, eventDriven: r < 0.4 || r >= 0.7 });
    }
    const after =
      rnd() < 0.3
        ? [
            {
              id: `${name}/after:1h`,
              ms: 3_600_000,
              actions: [
                {
                  kind: "split" as const,
                  id: `${name}/after:1h/0`,
                  name: "exp",
                  variants: [
                    { name: "a", weight: 50, control: false, actions: [{ kind: "goto" as const, id: `${name}/after:1h/0/split:exp/a/0`, target: pick() }] },
                    { name: "control", weight: 50, control: true, actions: [] },
                  ],
                },
              ],
            },
          ]
        : [];
    stages.push(stage(name, { terminal, transitions: terminal ? [] : transitions, after: terminal ? [] : after }));
  }
  return journey(stages);
}

/**
 * Hand-written IR builders for tests (the same shape `compile()` of `@journeys/dsl` emits).
 */
import type { Action, Condition, JourneyIR, Stage } from "../src/ir.js";

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export const c = {
  ev: (event: string, where?: Condition): Condition => (where === undefined ? { kind: "event", event } : { kind: "event", event, where }),
  inactive: (ms: number): Condition => ({ kind: "inactive", ms }),
  inStage: (ms: number): Condition => ({ kind: "inStage", ms }),
  seg: (name: string): Condition => ({ kind: "segment", name }),
  set: (field: string, negated = false): Condition => ({ kind: "isSet", ref: { source: "customer", field }, negated }),
  num: (field: string, op: "==" | "!=" | "<" | "<=" | ">" | ">=", value: number, source: "customer" | "event" = "customer"): Condition => ({
    kind: "compare",
    ref: { source, field },
    op,
    value,
    valueType: "number",
  }),
  text: (field: string, op: "==" | "!=", value: string): Condition => ({ kind: "compare", ref: { source: "customer", field }, op, value, valueType: "text" }),
  bool: (field: string, value: boolean): Condition => ({ kind: "compare", ref: { source: "customer", field }, op: "==", value, valueType: "boolean" }),
  ago: (field: string, op: "moreThan" | "lessThan", ms: number): Condition => ({ kind: "ago", ref: { source: "customer", field }, op, ms }),
  not: (cond: Condition): Condition => ({ kind: "not", cond }),
  and: (...all: Condition[]): Condition => ({ kind: "and", all }),
  or: (...any: Condition[]): Condition => ({ kind: "or", any }),
  contains: (field: string, value: string): Condition => ({ kind: "contains", ref: { source: "customer", field }, value }),
  in: (field: string, values: string[], negated = false): Condition => ({ kind: "in", ref: { source: "customer", field }, values, negated }),
};

export const a = {
  send: (id: string, template: string, data: Record<string, string> = {}, when?: Condition, channel = "email"): Action => ({
    kind: "send",
    id,
    channel,
    template,
    data: Object.fromEntries(
      Object.entries(data).map(([k, v]) =>
        v.startsWith("event.") ? [k, { kind: "ref", ref: { source: "event", field: v.slice(6) } }] : v.startsWith("=") ? [k, { kind: "literal", value: v.slice(1) }] : [k, { kind: "ref", ref: { source: "customer", field: v } }],
      ),
    ),
    ...(when === undefined ? {} : { when }),
  }),
  tag: (id: string, tag: string): Action => ({ kind: "tag", id, tag }),
  untag: (id: string, tag: string): Action => ({ kind: "untag", id, tag }),
  add: (id: string, field: string, amount: number, when?: Condition): Action => ({ kind: "add", id, field, amount, ...(when === undefined ? {} : { when }) }),
  set: (id: string, field: string, value: string | number | boolean): Action => ({ kind: "set", id, field, value: { kind: "literal", value } }),
  goto: (id: string, target: string, when?: Condition): Action => ({ kind: "goto", id, target, ...(when === undefined ? {} : { when }) }),
  split: (id: string, name: string, variants: { name: string; weight: number; control?: boolean; actions?: Action[] }[]): Action => ({
    kind: "split",
    id,
    name,
    variants: variants.map((v) => ({ name: v.name, weight: v.weight, control: v.control ?? false, actions: v.actions ?? [] })),
  }),
};

export type StageSpec = Partial<Omit<Stage, "name" | "transitions">> & {
  transitions?: { target: string; when: Condition; id?: string }[];
};

function mentionsEvent(x: Condition): boolean {
  switch (x.kind) {
    case "event":
      return true;
    case "and":
      return x.all.some(mentionsEvent);
    case "or":
      return x.any.some(mentionsEvent);
    case "not":
      return mentionsEvent(x.cond);
    default:
      return false;
  }
}

export function stage(name: string, spec: StageSpec = {}): Stage {
  return {
    name,
    terminal: spec.terminal ?? false,
    onEnter: spec.onEnter ?? [],
    onExit: spec.onExit ?? [],
    after: spec.after ?? [],
    every: spec.every ?? [],
    onEvent: spec.onEvent ?? [],
    transitions: (spec.transitions ?? []).map((t, i) => ({ id: t.id ?? `${name}/go:${i}`, target: t.target, when: t.when, eventDriven: mentionsEvent(t.when) })),
    keepsEntryEvent: spec.keepsEntryEvent ?? false,
  };
}

export function journey(spec: Partial<Omit<JourneyIR, "journey" | "irVersion">> & { id?: string; version?: number; stages: Stage[] }): JourneyIR {
  return {
    irVersion: 1,
    journey: { id: spec.id ?? "test", name: spec.id ?? "test", version: spec.version ?? 1 },
    channels: spec.channels ?? ["email"],
    customer: spec.customer ?? {},
    events: spec.events ?? {},
    segments: spec.segments ?? {},
    ...(spec.enroll === undefined ? {} : { enroll: spec.enroll }),
    ...(spec.goal === undefined ? {} : { goal: spec.goal }),
    exit: spec.exit ?? [],
    reentry: spec.reentry ?? { kind: "never" },
    holdout: spec.holdout ?? 0,
    initial: spec.initial ?? spec.stages[0]!.name,
    stages: spec.stages,
  };
}

/**
 * The journey of docs/semantics.md ("Semantics tour"), hand-compiled.
 */
export function semanticsTour(): JourneyIR {
  return journey({
    id: "semantics-tour",
    customer: {
      email: { type: "text", required: true },
      first_name: { type: "text", required: false },
      orders: { type: "number", required: false },
      nps: { type: "number", required: false },
    },
    events: { purchase: { value: { type: "number", required: true } }, visit: {}, unsubscribed: {} },
    segments: { promoter: c.num("nps", ">=", 9) },
    enroll: c.set("email"),
    goal: { kind: "condition", when: c.ev("purchase") },
    exit: [c.ev("unsubscribed")],
    reentry: { kind: "after", ms: 30 * DAY },
    stages: [
      stage("welcome", {
        onEnter: [a.send("welcome/enter/0", "welcome", { name: "first_name" })],
        after: [{ id: "welcome/after:2d", ms: 2 * DAY, actions: [a.send("welcome/after:2d/0", "welcome-2", {}, c.not(c.num("orders", ">", 0)))] }],
        onEvent: [{ id: "welcome/on:visit", event: "visit", actions: [a.add("welcome/on:visit/0", "orders", 1, c.set("orders", true))] }],
        transitions: [
          { target: "buyer", when: c.ev("purchase") },
          { target: "dormant", when: c.inactive(14 * DAY) },
        ],
      }),
      stage("buyer", {
        onEnter: [a.send("buyer/enter/0", "thank-you", { value: "event.value" })],
        transitions: [
          { target: "advocate", when: c.seg("promoter") },
          { target: "dormant", when: c.inactive(60 * DAY) },
        ],
      }),
      stage("dormant", {
        onEnter: [a.send("dormant/enter/0", "win-back")],
        transitions: [
          { target: "buyer", when: c.ev("purchase") },
          { target: "lost", when: c.inStage(30 * DAY) },
        ],
      }),
      stage("advocate", { onEnter: [a.send("advocate/enter/0", "referral-ask")], transitions: [{ target: "dormant", when: c.inactive(60 * DAY) }] }),
      stage("lost", { terminal: true }),
    ],
  });
}

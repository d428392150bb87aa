/**
 * The naive path: the six-stage journey as a plain XState v5 machine, driven by the public pure
 * `transition()` once per input, snapshots held in a Map (no JSON round trip: the most favourable
 * way to call XState per input). This is what a host would write with XState alone; the runtime
 * must beat it by 10x when everyone moves.
 *
 * Same rules as bench/baselines/six-stage.ts: event-driven moves as `on` transitions, condition
 * moves (`nps >= 9`, `inactive for 90 days`) as `always` transitions (XState re-evaluates them
 * after each event, which is exactly the cascade of S25), context updated by every input.
 */
import { importDependency } from "../lib/deps.mjs";

const DAY_MS = 86_400_000;

/** Builds `{ apply(input), stageCounts() }` over neutral inputs (bench/lib/generate.mjs). */
export async function createXStateNaive() {
  const { setup, assign, initialTransition, transition } = await importDependency("xstate");
  const absorb = assign(({ context, event }) =>
    event.type === "record"
      ? { nps: event.record.nps ?? context.nps, now: event.at }
      : { lastActivityAt: event.at, now: event.at },
  );
  const on = (type, target) => ({
    [type]: target ? { target, actions: absorb } : { actions: absorb },
  });
  const otherwise = { "event.visit": { actions: absorb }, "event.trial_started": { actions: absorb }, "event.purchase": { actions: absorb }, "event.referral": { actions: absorb }, record: { actions: absorb } };
  const machine = setup({
    guards: {
      promoter: ({ context }) => context.nps !== undefined && context.nps >= 9,
      inactive90: ({ context }) => context.now - Math.max(context.lastActivityAt, context.enrolledAt) >= 90 * DAY_MS,
    },
    actions: { entered: assign(({ context }) => ({ enteredAt: context.now })) },
  }).createMachine({
    id: "six-stage-saas",
    initial: "awareness",
    context: ({ input }) => ({ nps: undefined, now: input.at, enteredAt: input.at, enrolledAt: input.at, lastActivityAt: input.at }),
    states: {
      awareness: { on: { ...otherwise, ...on("event.visit", "consideration") } },
      consideration: { entry: "entered", on: { ...otherwise, ...on("event.trial_started", "purchase") } },
      purchase: { entry: "entered", on: { ...otherwise, ...on("event.purchase", "retention") } },
      retention: { entry: "entered", on: otherwise, always: { guard: "promoter", target: "advocacy" } },
      advocacy: { entry: "entered", on: { ...otherwise, ...on("event.referral", "loyalty") } },
      loyalty: { entry: "entered", on: otherwise, always: { guard: "inactive90", target: "retention" } },
    },
  });
  const snapshots = new Map();
  return {
    snapshots,
    apply(input) {
      let snap = snapshots.get(input.customerId);
      if (snap === undefined) [snap] = initialTransition(machine, { at: input.at });
      const event = input.kind === "record" ? { type: "record", at: input.at, record: input.record } : { type: `event.${input.type}`, at: input.at };
      const [next] = transition(machine, snap, event);
      snapshots.set(input.customerId, next);
    },
    stageCounts() {
      const counts = {};
      for (const s of snapshots.values()) counts[s.value] = (counts[s.value] ?? 0) + 1;
      return counts;
    },
  };
}

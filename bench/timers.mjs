/**
 * Benchmark 4, timers: 1,000,000 due timers fired.
 *
 * Journey (generated, bench/timers.mjs TIMER_JOURNEY): every customer enrols in `waiting`, whose
 * `go to done after 1 day` arms one wake timer per customer. After enrolling all customers
 * (measured separately), the simulated clock moves 2 days on and every timer is fired; each
 * firing moves its customer to the terminal stage `done`. Timed: firing only.
 *
 * Baseline in the same run: a hand-written binary heap of timers (bench/baselines/timer-floor.ts).
 * Both must end with every customer in `done` and the same number of timers fired.
 *
 * Child mode: `node bench/timers.mjs --child floor|project CUSTOMERS`.
 */
import { TimerFloor } from "./baselines/timer-floor.ts";
import { SIM_START } from "./lib/generate.mjs";
import { reportResult, runNodeChild } from "./lib/rss.mjs";
import { median, si, bytes, ratio, ms } from "./lib/stats.mjs";
import { interleaved } from "./lib/reps.mjs";

const SELF = new URL(import.meta.url).pathname;
const DAY_MS = 86_400_000;

/** The journey every customer waits in. */
export const TIMER_JOURNEY = `# One wake timer per customer (bench/timers.mjs).
journey "Timer bench" {
  version 1
  channels email
  customer {
    email text required
  }
  stage waiting initial {
    go to done after 1 day
  }
  stage done terminal
}
`;

async function child([subject, customersArg]) {
  const customers = Number(customersArg);
  const ids = Array.from({ length: customers }, (_, i) => `t${i}`);
  const fireAt = SIM_START + 2 * DAY_MS;
  if (subject === "floor") {
    const floor = new TimerFloor();
    const t0 = performance.now();
    for (let i = 0; i < customers; i++) floor.enrol(ids[i], SIM_START + (i % 3_600_000));
    const armMs = performance.now() - t0;
    const t1 = performance.now();
    const fired = floor.fireDue(fireAt);
    const fireMs = performance.now() - t1;
    reportResult({ subject, customers, armMs, fireMs, fired, counts: floor.stageCounts() });
    return;
  }
  const { createTimerSubject } = await import("./lib/project.mjs");
  const s = await createTimerSubject(TIMER_JOURNEY);
  const t0 = performance.now();
  await s.enrolAll(ids, (i) => SIM_START + (i % 3_600_000));
  const armMs = performance.now() - t0;
  const t1 = performance.now();
  const fired = await s.fireDue(fireAt);
  const fireMs = performance.now() - t1;
  reportResult({ subject, customers, armMs, fireMs, fired, counts: await s.stageCounts() });
}

export async function run({ quick = false, reps = 5, customers = quick ? 20_000 : 1_000_000, budgetMs = quick ? Infinity : 60_000, log = () => {} } = {}) {
  const failures = [];
  let projectError = null;
  const result = await interleaved({
    reps,
    subjects: ["floor", "project"],
    budgetMs,
    runOne: (subject, rep) => {
      log(`timers rep ${rep + 1}/${reps}: ${subject}`);
      return runNodeChild(SELF, ["--child", subject, String(customers)], { nodeArgs: ["--max-old-space-size=8192"] });
    },
    onError: (subject, error) => {
      if (subject !== "project") return false;
      projectError = String(error.message ?? error).split("\n").slice(0, 6).join("\n");
      return true;
    },
  });
  const samples = result.samples;
  if (projectError) failures.push(`timers: the project could not run: ${projectError}`);
  const expected = JSON.stringify({ waiting: 0, done: customers });
  for (const s of [...samples.floor, ...samples.project]) {
    if (s.fired !== customers) failures.push(`timers: ${s.subject} fired ${s.fired} timers, expected ${customers}`);
    const counts = JSON.stringify({ waiting: s.counts.waiting ?? 0, done: s.counts.done ?? 0 });
    if (counts !== expected) failures.push(`timers: ${s.subject} stage counts ${JSON.stringify(s.counts)}, expected ${expected}`);
  }
  const fireRate = (k) => median(samples[k].map((s) => (s.fired / s.fireMs) * 1000));
  const armRate = (k) => median(samples[k].map((s) => (s.customers / s.armMs) * 1000));
  const rows = [];
  for (const k of ["project", "floor"]) {
    const label = k === "project" ? "@journeys/runtime (memory store)" : "hand-written heap floor";
    if (!samples[k].length) {
      rows.push([label, "not run", "", "", "", ""]);
      continue;
    }
    rows.push([label, `${si(fireRate(k))}/s`, ratio(fireRate(k) / fireRate("floor")), ms(median(samples[k].map((s) => s.fireMs))), `${si(armRate(k))}/s`, bytes(median(samples[k].map((s) => s.maxRssBytes)))]);
  }
  return {
    name: "timers",
    title: `Timers: ${si(customers)} due timers fired (median of up to ${reps})`,
    header: ["subject", "timers fired/s", "vs floor", "time to fire all", "enrol+arm/s", "peak RSS"],
    rows,
    targets: [],
    failures,
    notes: ["The issue sets no ratio target for timers; the floor is printed for proportion.", "Timed: `runtime.runDue()` firing every due timer (claim, load, evaluate, commit per timer); enrolling and arming is timed separately (enrol+arm/s).", ...result.notes],
    data: { customers, samples },
  };
}

if (process.argv[1] === SELF && process.argv[2] === "--child") {
  await child(process.argv.slice(3));
}

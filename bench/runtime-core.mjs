/**
 * Benchmark 1, runtime core: 1,000,000 customers through examples/models/six-stage-saas.journey
 * (6 inputs each: an enrolling record, four events, a record update; simulated clock; in-memory
 * store), in two mixes: everyone moves, and 5% move.
 *
 * Each subject runs in its own child process (fresh heap, its own peak RSS), five times,
 * interleaved with the others so machine drift hits all of them alike:
 * - project: @journeys/runtime with its in-memory store;
 * - floor: the hand-written twin (Map of compact state);
 * - xstate: plain XState transition() per input, on a sample of 300k inputs (its rate is
 *   extrapolated: it is 25-50x slower than the floor and 6M inputs would take minutes);
 * - project-xstate: the runtime with its XState engine, on the same sample (information).
 * The project's stage counts must equal the floor's, and XState's the floor's on its sample:
 * any difference fails the run.
 *
 * Child mode: `node --expose-gc bench/runtime-core.mjs --child SUBJECT MIX CUSTOMERS [mem|nomem] [SAMPLE_INPUTS]`.
 */
import { createSubject, normaliseCounts } from "./lib/subjects.mjs";
import { SixStageFloor } from "./baselines/six-stage.ts";
import { sixStageRound, sixStageFinalNps, SIX_STAGE_ROUNDS, MIXES } from "./lib/generate.mjs";
import { reportResult, runNodeChild, settledHeap } from "./lib/rss.mjs";
import { median, si, bytes, ratio, target } from "./lib/stats.mjs";
import { interleaved } from "./lib/reps.mjs";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Session } from "node:inspector/promises";

const SELF = new URL(import.meta.url).pathname;
/**
 * Inputs in XState's sample: 300k (6 per customer, 50k customers). A 50k-input sample measured
 * XState ~20% slower than this one (30.4k/s vs 36.4k/s, all-move): its JIT was still warming up,
 * which flattered the ratio.
 */
const XSTATE_SAMPLE_INPUTS = 300_000;
/** Subjects measured on the sample only (too slow for 6M inputs), their rate extrapolated. */
const SAMPLED = new Set(["xstate", "project-xstate"]);

/** Ids of customers [0, n), generated again rather than held (a held list would count as state). */
function* customerIds(n, keep = null) {
  for (let i = 0; i < n; i++) if (!keep || keep(i)) yield `c${i}`;
}

/**
 * With JOURNEYS_BENCH_PROFILE_DIR set (bench/profile.mjs sets it), the child CPU-profiles only
 * the timed application of each round (one `.cpuprofile` per round in that folder): a profile of
 * the whole process would also hold generating the inputs and the collections that causes,
 * which both the project and the floor pay and neither is timed for.
 */
const PROFILE_DIR = process.env.JOURNEYS_BENCH_PROFILE_DIR;

/** The monotonic clock in µs, as V8 stamps profile samples on Linux (CLOCK_MONOTONIC). */
function monotonicUs() {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * `profile` with only the samples taken between `from` and `to` (µs): starting and stopping
 * the profiler through the inspector is sampled too, and is not part of the timed round.
 */
function onlyBetween(profile, from, to) {
  const samples = [];
  const timeDeltas = [];
  let t = profile.startTime;
  let last = from;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < from || t > to) continue;
    samples.push(profile.samples[i]);
    timeDeltas.push(t - last);
    last = t;
  }
  return { ...profile, startTime: from, endTime: to, samples, timeDeltas };
}

/** One measured run of one subject, in this process. */
export async function measure(subjectName, mix, customers, { memory = true } = {}) {
  const h0 = memory ? settledHeap() : 0;
  const subject = await createSubject(subjectName);
  let ms = 0;
  let inputs = 0;
  let session = null;
  if (PROFILE_DIR) {
    session = new Session();
    session.connect();
    await session.post("Profiler.enable");
  }
  for (let round = 0; round < SIX_STAGE_ROUNDS; round++) {
    let batch = sixStageRound(round, 0, customers, mix, subject.factory);
    if (session) await session.post("Profiler.start");
    const from = monotonicUs();
    const t0 = performance.now();
    await subject.applyRound(batch);
    ms += performance.now() - t0;
    if (session) {
      const to = monotonicUs();
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(join(PROFILE_DIR, `round-${round}.cpuprofile`), JSON.stringify(onlyBetween(profile, from, to)));
    }
    inputs += batch.length;
    batch = null;
  }
  session?.disconnect();
  const counts = normaliseCounts(await subject.stageCounts(customerIds(customers)));
  const totals = subject.totals();
  let retainedBytes = null;
  let recordBytes = null;
  if (memory) {
    retainedBytes = settledHeap() - h0;
    recordBytes = recordsOwnSize(customers, mix);
    if (subject.stageCounts === undefined) throw new Error("subject freed");
  }
  // Per-customer inventory of what the store keeps (first 10,000 customers), after the memory measurement.
  const inventory = subject.inventory ? await subject.inventory(customerIds(Math.min(customers, 10_000))) : null;
  return { subject: subjectName, mix, customers, inputs, ms, rate: (inputs / ms) * 1000, counts, totals, retainedBytes, recordBytes, inventory, keep: subject };
}

/**
 * The records' own size: a Map of customer id → the record as merged ({ email, nps }), built
 * from fresh objects and measured the same way. "Runtime state" is what a store retains beyond
 * this (ids, Map entries and records are all counted here, so they are not charged to it).
 */
function recordsOwnSize(customers, mix) {
  const h0 = settledHeap();
  let map = new Map();
  for (let i = 0; i < customers; i++) {
    const customerId = `c${i}`;
    map.set(customerId, { email: `${customerId}@example.com`, nps: sixStageFinalNps(i, mix) });
  }
  const size = settledHeap() - h0;
  // Reading the map after the measurement keeps it alive through it (V8 frees dead locals).
  if (map.size !== customers) throw new Error("records map incomplete");
  map = null;
  return size;
}

async function child([subjectName, mix, customersArg, memoryArg, sampleArg]) {
  const customers = Number(customersArg);
  if (SAMPLED.has(subjectName)) {
    // The sample: the same first customers, checked against the floor on the same sample.
    const sample = Math.ceil(Number(sampleArg ?? XSTATE_SAMPLE_INPUTS) / SIX_STAGE_ROUNDS);
    const r = await measure(subjectName, mix, Math.min(sample, customers), { memory: memoryArg !== "nomem" });
    const floor = new SixStageFloor();
    for (let round = 0; round < SIX_STAGE_ROUNDS; round++)
      for (const x of sixStageRound(round, 0, Math.min(sample, customers), mix))
        x.kind === "record" ? floor.record(x.customerId, x.at, x.record) : floor.event(x.customerId, x.at, x.type);
    const { keep, ...rest } = r;
    reportResult({ ...rest, sampleFloorCounts: normaliseCounts(floor.stageCounts()) });
    return;
  }
  // "nomem" (used by bench/profile.mjs) skips the forced GCs of the memory measurement.
  const { keep, ...rest } = await measure(subjectName, mix, customers, { memory: memoryArg !== "nomem" });
  reportResult(rest);
}

/**
 * How the project's time splits between ingesting and delivering (medians over its runs): the
 * share spent in `runDue()`, µs per delivered send, and the rate of `ingestMany()` alone against
 * XState's paired run. Null when the runs did not record it.
 */
function deliverySplit(project, xstate) {
  const runs = project.filter((s) => Number.isFinite(s.totals?.deliveryMs));
  if (runs.length === 0) return null;
  const ingestRate = (s) => (s.inputs / (s.ms - s.totals.deliveryMs)) * 1000;
  const paired = runs.map((s, i) => (xstate[i] ? ingestRate(s) / xstate[i].rate : NaN)).filter(Number.isFinite);
  return {
    share: median(runs.map((s) => s.totals.deliveryMs / s.ms)),
    sends: runs[0].totals.delivered,
    usPerSend: median(runs.map((s) => (1000 * s.totals.deliveryMs) / Math.max(1, s.totals.delivered))),
    ingestRate: median(runs.map(ingestRate)),
    ingestVsXState: paired.length ? median(paired) : NaN,
  };
}

/**
 * Runs the benchmark: `reps` interleaved rounds of (floor, project, xstate) per mix.
 * Returns the section for bench/run.mjs.
 */
export async function run({ quick = false, reps = 5, customers = quick ? 20_000 : 1_000_000, budgetMs = quick ? Infinity : 200_000, sampleInputs = quick ? 12_000 : XSTATE_SAMPLE_INPUTS, log = () => {} } = {}) {
  const rows = [];
  const targets = [];
  const failures = [];
  const notes = [];
  const data = {};
  let projectError = null;
  for (const mix of Object.keys(MIXES)) {
    const subjects = projectError ? ["floor", "xstate"] : ["floor", "project", "xstate", "project-xstate"];
    const result = await interleaved({
      reps,
      subjects,
      budgetMs,
      // The targets' subjects (the 5% target's floor, the all-move target's XState): 5 runs always.
      always: ["floor", "project", "xstate"],
      runOne: (subject, rep) => {
        log(`runtime-core ${mix} rep ${rep + 1}/${reps}: ${subject}`);
        return runNodeChild(SELF, ["--child", subject, mix, String(customers), rep === 0 ? "mem" : "nomem", String(sampleInputs)], { nodeArgs: ["--expose-gc", "--max-old-space-size=12288"] });
      },
      onError: (subject, error) => {
        if (!subject.startsWith("project")) return false;
        projectError = String(error.message ?? error).split("\n").slice(0, 6).join("\n");
        log(`runtime-core: project unavailable: ${projectError}`);
        return true;
      },
    });
    const samples = { project: [], ...result.samples };
    notes.push(...result.notes.map((n) => `${mix}: ${n}`));
    // Correctness first: every run must agree with the floor.
    const floorCounts = JSON.stringify(samples.floor[0].counts);
    for (const s of samples.project) {
      if (JSON.stringify(s.counts) !== floorCounts)
        failures.push(`runtime-core ${mix}: ${s.subject} stage counts ${JSON.stringify(s.counts)} != floor ${floorCounts}`);
      if (s.totals && Number.isFinite(s.totals.sends) && s.totals.sends !== samples.floor[0].totals.sends)
        failures.push(`runtime-core ${mix}: ${s.subject} queued ${s.totals.sends} sends, floor ${samples.floor[0].totals.sends}`);
    }
    for (const s of [...samples.xstate, ...(samples["project-xstate"] ?? [])])
      if (JSON.stringify(s.counts) !== JSON.stringify(s.sampleFloorCounts))
        failures.push(`runtime-core ${mix}: ${s.subject} sample counts ${JSON.stringify(s.counts)} != floor ${JSON.stringify(s.sampleFloorCounts)}`);

    const rate = (k) => median(samples[k].map((s) => s.rate));
    // Memory is measured on the first run of each subject only (it is deterministic; its forced GCs are slow).
    const perCustomer = (k) => median(samples[k].filter((s) => s.retainedBytes !== null).map((s) => (s.retainedBytes - s.recordBytes) / s.customers));
    const rss = (k) => median(samples[k].map((s) => s.maxRssBytes));
    // Paired ratios: each rep's project run against the floor run next to it.
    const paired = (k) => median(samples.project.map((s, i) => s.rate / samples[k][i]?.rate));
    const floorRate = rate("floor");
    const moved = customers - (samples.floor[0].counts.awareness ?? 0);
    data[mix] = { customers, inputs: samples.floor[0].inputs, movedShare: moved / customers, floorCounts: samples.floor[0].counts, samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map(({ counts, ...x }) => x)])) };
    for (const k of ["project", "floor", "xstate", "project-xstate"]) {
      if (!samples[k] || samples[k].length === 0) {
        rows.push([mix, k === "project" ? "@journeys/runtime (memory store)" : k, "not run", "", "", "", ""]);
        continue;
      }
      const label = {
        project: "@journeys/runtime (memory store)",
        floor: "hand-written floor (Map)",
        xstate: "XState transition() per input (sample)",
        "project-xstate": '@journeys/runtime engine "xstate" (sample)',
      }[k];
      rows.push([mix, label, `${si(rate(k))}/s`, ratio(rate(k) / floorRate), bytes(rss(k)), `${Math.round(perCustomer(k))} B`, si(samples[k][0].inputs)]);
    }
    if (samples.project.length > 0) {
      const vsFloor = paired("floor");
      const vsXState = paired("xstate");
      data[mix].projectVsFloor = vsFloor;
      data[mix].projectVsXState = vsXState;
      if (mix === "5pct-move") targets.push(target("runtime core, 5% move: project / hand-written floor", vsFloor, ">=", 1 / 3, ratio(vsFloor)));
      if (mix === "all-move") targets.push(target("runtime core, all move: project / XState transition()", vsXState, ">=", 10, ratio(vsXState)));
      const state = perCustomer("project");
      if (mix === "5pct-move") targets.push(target("runtime state per customer, memory store (beyond the record)", state, "<=", 300, `${Math.round(state)} B`));
    } else {
      targets.push(target("runtime core (project not measured)", NaN, ">=", 1 / 3, "not run"));
    }
    data[mix].moved = `${((100 * moved) / customers).toFixed(1)}% of customers moved`;
    const split = deliverySplit(samples.project, samples.xstate);
    if (split) {
      data[mix].deliveryShare = split.share;
      notes.push(`${mix}: the project's time splits into ingestMany() ${(100 * (1 - split.share)).toFixed(0)}% and runDue() ${(100 * split.share).toFixed(0)}% (delivering ${si(split.sends)} queued sends to the no-op handlers, ${split.usPerSend.toFixed(2)} µs each); ingestMany() alone ran ${si(split.ingestRate)} inputs/s, ${ratio(split.ingestVsXState)} XState transition() (medians of the runs).`);
    }
    const inv = samples.project[0]?.inventory;
    if (inv) notes.push(`${mix}: the memory store keeps per customer on average ${inv.historyRows.toFixed(1)} history rows, ${inv.outboxRows.toFixed(1)} outbox rows still listed (the store may drop delivered ones), ${inv.timers.toFixed(1)} timers (first 10,000 customers).`);
  }
  if (projectError) failures.push(`runtime-core: the project could not run: ${projectError}`);
  return {
    name: "runtime-core",
    title: `Runtime core: ${si(customers)} customers, six-stage journey, ${SIX_STAGE_ROUNDS} inputs per customer (median of up to ${reps})`,
    header: ["mix", "subject", "inputs/s", "vs floor", "peak RSS", "state/customer", "inputs"],
    rows,
    targets,
    failures,
    notes: [
      ...notes,
      `Moved: ${Object.entries(data).map(([m, d]) => `${m}: ${d.moved}`).join("; ")}.`,
      "inputs/s counts records and events; time covers applying them only (inputs are generated before each timed round).",
      `(sample) rows run the first ${Math.ceil(sampleInputs / SIX_STAGE_ROUNDS)} customers' ${Math.ceil(sampleInputs / SIX_STAGE_ROUNDS) * SIX_STAGE_ROUNDS} inputs only: the rate is extrapolated to the full run, and their stage counts are checked against the floor on the same sample.`,
      "state/customer = (heap+external retained after all inputs, after GC) minus a Map of the same records ({ email, nps }) built the same way, divided by customers.",
      "Each round visits the customers in its own shuffled order, and events carry UUID-shaped ids (bench/lib/generate.mjs roundOrder, eventIdFor): no store can predict the next customer or derive an event id from its customer.",
      "peak RSS is the child process's high-water mark and includes one round of pre-generated inputs (the same for every subject).",
    ].filter(Boolean),
    data,
  };
}

if (process.argv[1] === SELF && process.argv[2] === "--child") {
  await child(process.argv.slice(3));
}

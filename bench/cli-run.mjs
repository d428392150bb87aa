/**
 * Benchmark 2, `journey run` end to end: the built CLI (packages/cli/dist/bin.js) on generated
 * NDJSON files for the six-stage journey, 1M customer records and 1M events (the runtime-core
 * "5% move" workload: round 0 records, round 1 events), against the floor of reading and
 * JSON.parse-ing the same files (bench/baselines/read-parse.mjs), in the same run.
 *
 * For information, a third subject: a hand-written journey run (bench/baselines/hand-run.ts: the
 * same read-and-parse loop plus the hand-written six-stage journey over a Map), which shows how
 * much of the gap to the floor any program that parses with JSON.parse pays for the decisions.
 *
 * A fourth, for information: the floor that also keeps the parsed records (read-parse.mjs
 * `--keep-records`), the least any run pays that holds its customers' records as the objects
 * `JSON.parse` returns.
 *
 * A fifth, for information: a byte-level journey run (bench/baselines/byte-run.mjs), the six-stage
 * journey hand-specialised with no JSON.parse and no object per line, its customers in typed
 * arrays and its records kept as bytes: how close to the floor a program written for this one
 * journey comes on this machine.
 *
 * And two bounds on what the second core could give the target, for information: `journey run` on
 * the files of one half of the customers (split by id hash, as bench/threads.mjs splits them),
 * alone; and two `journey run` processes, one on each half, started together (the wall time until
 * both have finished). A `journey run` split by customer over two threads would do the same work
 * on the same two cores, and read and skip the other half's lines besides, so it could hardly beat
 * the second.
 *
 * All run as child processes under GNU time (peak RSS, wall time including start-up).
 * Memory check: the same records with an events file twice as long (rounds 1-2, 2M events):
 * peak RSS must not grow with the file beyond what the customers' state grows.
 * Correctness: the CLI's stage counts (from its JSON summary) must equal the hand-written
 * floor's on the same inputs.
 */
import { existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { SixStageFloor } from "./baselines/six-stage.ts";
import { hash32, neutralFactory, sixStageRound, SIM_START, writeNdjson } from "./lib/generate.mjs";
import { repoPath, cliBin, SIX_STAGE_JOURNEY } from "./lib/deps.mjs";
import { runCommand, canMeasureChildRss, nodeFlags, RESULT_MARK } from "./lib/rss.mjs";
import { cliRunArgs, parseCliRunOutput } from "./lib/project.mjs";
import { median, si, bytes, ratio, ms, target } from "./lib/stats.mjs";
import { interleaved } from "./lib/reps.mjs";
import { normaliseCounts } from "./lib/subjects.mjs";

const MIX = "5pct-move";
const DATA = repoPath("bench/out/data");
/** Bumped whenever the workload changes, so stale files are written again (2: shuffled rounds, UUID event ids; 3: ids from a hex table). */
const FORMAT_VERSION = 3;

const iso = (t) => new Date(t).toISOString();

/** The NDJSON line of a neutral input (bench/lib/generate.mjs) in the CLI's file format. */
function recordLine(x) {
  return { id: x.customerId, ...x.record };
}
function eventLine(x) {
  return { id: x.id, customer: x.customerId, type: x.type, at: iso(x.at), properties: {} };
}

/**
 * The customers of half `part` (0 or 1) of a split by id hash: bench/threads.mjs's first and
 * second of two threads.
 */
const inHalf = (part) => (i) => hash32(i, 7) % 2 === part;

/**
 * Paths of the generated records and events files for `customers` and `eventRounds`
 * (bench/profile.mjs reads them too); `part` (0 or 1) names the files of that half's customers
 * ({@link inHalf}).
 */
export function dataFiles(customers, eventRounds, part = null) {
  const h = part === null ? "" : `-half${part}`;
  return { records: `${DATA}/records-${customers}${h}-v${FORMAT_VERSION}.ndjson`, events: `${DATA}/events-${customers}x${eventRounds}${h}-v${FORMAT_VERSION}.ndjson` };
}

/** Writes (once; reused while the size and format match) the records and events files. */
async function files(customers, eventRounds, log, part = null) {
  mkdirSync(DATA, { recursive: true });
  const { records, events } = dataFiles(customers, eventRounds, part);
  const keep = part === null ? null : inHalf(part);
  if (!existsSync(records)) {
    log(`cli-run: writing ${records}`);
    const rows = sixStageRound(0, 0, customers, MIX, neutralFactory, keep);
    await writeNdjson(`${records}.tmp`, rows.length, (i) => recordLine(rows[i]));
    renameSync(`${records}.tmp`, records);
  }
  let lines = 0;
  if (!existsSync(events)) {
    log(`cli-run: writing ${events}`);
    let rows = [];
    for (let r = 1; r <= eventRounds; r++) rows = rows.concat(sixStageRound(r, 0, customers, MIX, neutralFactory, keep));
    await writeNdjson(`${events}.tmp`, rows.length, (i) => eventLine(rows[i]));
    renameSync(`${events}.tmp`, events);
  }
  if (keep) for (let i = 0; i < customers; i++) if (keep(i)) lines += 1 + eventRounds;
  return { records, events, lines: keep ? lines : customers * (1 + eventRounds), bytes: statSync(records).size + statSync(events).size };
}

/** The floor's stage counts, sends and goals for the same inputs (`keep`: the customers kept). */
function floorResult(customers, eventRounds, keep = null) {
  const floor = new SixStageFloor();
  for (let r = 0; r <= eventRounds; r++)
    for (const x of sixStageRound(r, 0, customers, MIX, neutralFactory, keep)) x.kind === "record" ? floor.record(x.customerId, x.at, x.record) : floor.event(x.customerId, x.at, x.type);
  return { counts: normaliseCounts(floor.stageCounts()), sends: floor.totals.sends, goals: floor.totals.goals };
}

/** Differences between a CLI run and the floor, as failure messages. */
function compare(label, got, expected) {
  const out = [];
  if (JSON.stringify(got.counts) !== JSON.stringify(expected.counts)) out.push(`${label}: stage counts ${JSON.stringify(got.counts)} != floor ${JSON.stringify(expected.counts)}`);
  if (got.sends !== expected.sends) out.push(`${label}: ${got.sends} messages sent, floor ${expected.sends}`);
  if (got.goals !== expected.goals) out.push(`${label}: ${got.goals} goals reached, floor ${expected.goals}`);
  return out;
}

async function runCli(f) {
  const args = cliRunArgs({ journey: SIX_STAGE_JOURNEY, records: f.records, events: f.events, start: SIM_START });
  const res = await runCommand(process.execPath, [cliBin(), ...args], { measureRss: true });
  if (res.code !== 0) throw new Error(`journey ${args.join(" ")} exited ${res.code}: ${res.stderr.slice(-2000)}`);
  const out = parseCliRunOutput(res.stdout);
  return { wallMs: res.wallMs, maxRssBytes: res.maxRssBytes, counts: normaliseCounts(out.counts), sends: out.sends, goals: out.goals };
}

/**
 * Two `journey run` processes, one on each half's files, started together: the wall time until
 * both have exited, and the sum of their peak RSS.
 */
async function runHalves(halves) {
  const started = performance.now();
  const [a, b] = await Promise.all(halves.map((f) => runCli(f)));
  return { wallMs: performance.now() - started, maxRssBytes: a.maxRssBytes === null || b.maxRssBytes === null ? null : a.maxRssBytes + b.maxRssBytes, parts: [a, b] };
}

async function runHand(f) {
  const res = await runCommand(process.execPath, [...nodeFlags(), repoPath("bench/baselines/hand-run.ts"), String(SIM_START), f.records, f.events], { measureRss: true });
  const line = res.stdout.split("\n").find((l) => l.startsWith(RESULT_MARK));
  if (res.code !== 0 || !line) throw new Error(`hand-written journey run failed: ${res.stderr.slice(-2000)}`);
  const out = JSON.parse(line.slice(RESULT_MARK.length));
  return { wallMs: res.wallMs, maxRssBytes: res.maxRssBytes, counts: normaliseCounts(out.counts), sends: out.sends, goals: out.goals };
}

/** The byte-level bound (bench/baselines/byte-run.mjs): the journey hand-specialised, no JSON.parse, no object per line. */
async function runBytes(f) {
  const res = await runCommand(process.execPath, [...nodeFlags(), repoPath("bench/baselines/byte-run.mjs"), String(SIM_START), f.records, f.events], { measureRss: true });
  const line = res.stdout.split("\n").find((l) => l.startsWith(RESULT_MARK));
  if (res.code !== 0 || !line) throw new Error(`byte-level journey run failed: ${res.stderr.slice(-2000)}`);
  const out = JSON.parse(line.slice(RESULT_MARK.length));
  return { wallMs: res.wallMs, maxRssBytes: res.maxRssBytes, counts: normaliseCounts(out.counts), sends: out.sends, goals: out.goals, fallbacks: out.fallbacks, eventIds: out.eventIds };
}

/** The read-and-parse floor; with `keepRecords`, it also keeps the objects parsed from the records file. */
async function runFloor(f, keepRecords = false) {
  const res = await runCommand(process.execPath, [...nodeFlags(), repoPath("bench/baselines/read-parse.mjs"), ...(keepRecords ? ["--keep-records"] : []), f.records, f.events], { measureRss: true });
  const line = res.stdout.split("\n").find((l) => l.startsWith(RESULT_MARK));
  if (res.code !== 0 || !line) throw new Error(`read-parse floor failed: ${res.stderr.slice(-2000)}`);
  const out = JSON.parse(line.slice(RESULT_MARK.length));
  return { wallMs: res.wallMs, maxRssBytes: res.maxRssBytes, lines: out.lines, kept: out.kept ?? 0 };
}

export async function run({ quick = false, reps = 5, customers = quick ? 20_000 : 1_000_000, budgetMs = quick ? Infinity : 150_000, log = () => {} } = {}) {
  const failures = [];
  const notes = [];
  const main = await files(customers, 1, log);
  const long = await files(customers, 2, log);
  const halves = [await files(customers, 1, log, 0), await files(customers, 1, log, 1)];
  const half = halves[0];
  if (!existsSync(cliBin())) {
    return { name: "cli-run", title: "journey run", header: [], rows: [], targets: [target("journey run / read-and-parse floor", NaN, ">=", 0.7, "not run")], failures: [`cli-run: ${cliBin()} missing: the CLI is not built`], notes: [] };
  }
  /** Each subject: its label in the log, and one run of it. */
  const subjects = {
    floor: ["read-and-parse floor", () => runFloor(main)],
    cli: ["journey run", () => runCli(main)],
    keep: ["read-and-parse floor keeping the records", () => runFloor(main, true)],
    hand: ["hand-written journey run", () => runHand(main)],
    bytes: ["byte-level journey run", () => runBytes(main)],
    half: ["journey run, half the customers", () => runCli(half)],
    halves: ["journey run, both halves at once", () => runHalves(halves)],
  };
  let cliError = null;
  const result = await interleaved({
    reps,
    subjects: Object.keys(subjects),
    budgetMs,
    // The target's subjects run 5 times always; the budget trims the information rows only.
    always: ["floor", "cli"],
    runOne: (subject, rep) => {
      const [label, runSubject] = subjects[subject];
      log(`cli-run rep ${rep + 1}/${reps}: ${label}`);
      return runSubject();
    },
    onError: (subject, error) => {
      if (subject !== "cli" && subject !== "half" && subject !== "halves") return false;
      cliError = String(error.message ?? error).slice(0, 1500);
      return true;
    },
  });
  const samples = result.samples;
  notes.push(...result.notes);
  if (cliError) {
    failures.push(`cli-run: ${cliError}`);
    return { name: "cli-run", title: "journey run", header: [], rows: [], targets: [], failures, notes };
  }
  const expected = floorResult(customers, 1);
  for (const s of samples.cli) failures.push(...compare("cli-run", s, expected));
  for (const s of samples.hand) failures.push(...compare("hand-written journey run", s, expected));
  for (const s of samples.bytes) {
    failures.push(...compare("byte-level journey run", s, expected));
    if (s.eventIds !== customers) failures.push(`byte-level journey run: ${s.eventIds} event ids kept, expected ${customers}`);
  }
  for (const s of samples.keep) if (s.lines !== main.lines || s.kept !== customers) failures.push(`read-and-parse floor keeping the records: ${s.lines} lines parsed, ${s.kept} records kept; expected ${main.lines} and ${customers}`);
  const halfExpected = [0, 1].map((part) => floorResult(customers, 1, inHalf(part)));
  for (const s of samples.half) failures.push(...compare("cli-run (half the customers)", s, halfExpected[0]));
  for (const s of samples.halves) s.parts.forEach((p, part) => failures.push(...compare(`cli-run (both halves at once, half ${part + 1})`, p, halfExpected[part])));
  // Peak RSS moves by several percent from run to run (when V8 grows its heap), so the long run
  // is repeated like the main one and its median compared with the main runs' median.
  log("cli-run: memory check with twice the events");
  const longReps = Math.min(reps, 3);
  const longRuns = [];
  for (let rep = 0; rep < longReps; rep++) {
    log(`cli-run (2x events) rep ${rep + 1}/${longReps}`);
    longRuns.push(await runCli(long));
  }
  const longFloor = await runFloor(long);
  const longExpected = floorResult(customers, 2);
  for (const s of longRuns) failures.push(...compare("cli-run (2x events)", s, longExpected));
  const longCli = { wallMs: median(longRuns.map((s) => s.wallMs)), maxRssBytes: median(longRuns.map((s) => s.maxRssBytes)) };

  const wall = (k) => median(samples[k].map((s) => s.wallMs));
  const rss = (k) => median(samples[k].map((s) => s.maxRssBytes));
  /** Median over the repetitions of the floor's wall time over the subject's, paired per repetition. */
  const vsFloorOf = (k) => (samples[k].length ? median(samples[k].map((s, i) => samples.floor[i].wallMs / s.wallMs)) : NaN);
  const vsFloor = vsFloorOf("cli");
  const keepVsFloor = vsFloorOf("keep");
  const handVsFloor = vsFloorOf("hand");
  const bytesVsFloor = vsFloorOf("bytes");
  const halfVsFloor = vsFloorOf("half");
  const halvesVsFloor = vsFloorOf("halves");
  const growth = longCli.maxRssBytes / rss("cli") - 1;
  const rows = [
    [`journey run (${si(customers)} records + ${si(customers)} events)`, ms(wall("cli")), `${si((main.lines / wall("cli")) * 1000)}/s`, ratio(vsFloor), bytes(rss("cli"))],
    ["read + JSON.parse floor (same files)", ms(wall("floor")), `${si((main.lines / wall("floor")) * 1000)}/s`, "1.00x", bytes(rss("floor"))],
    ["read + JSON.parse floor, keeping the parsed records (information)", ms(wall("keep")), `${si((main.lines / wall("keep")) * 1000)}/s`, ratio(keepVsFloor), bytes(rss("keep"))],
    ["hand-written journey run: read + JSON.parse + if/else over a Map (information)", ms(wall("hand")), `${si((main.lines / wall("hand")) * 1000)}/s`, ratio(handVsFloor), bytes(rss("hand"))],
    ["byte-level journey run: the journey hand-specialised, no JSON.parse, typed arrays, records kept as bytes (information)", ms(wall("bytes")), `${si((main.lines / wall("bytes")) * 1000)}/s`, ratio(bytesVsFloor), bytes(rss("bytes"))],
    [`journey run on half the customers, alone (${si(half.lines)} lines; information)`, ms(wall("half")), `${si((half.lines / wall("half")) * 1000)}/s`, ratio(halfVsFloor), bytes(rss("half"))],
    [`journey run on both halves at once, two processes (${si(halves[0].lines + halves[1].lines)} lines; the bound of a two-thread split, information)`, ms(wall("halves")), `${si(((halves[0].lines + halves[1].lines) / wall("halves")) * 1000)}/s`, ratio(halvesVsFloor), bytes(rss("halves"))],
    [`journey run, events file x2 (${si(customers)} + ${si(2 * customers)})`, ms(longCli.wallMs), `${si((long.lines / longCli.wallMs) * 1000)}/s`, ratio(longFloor.wallMs / longCli.wallMs), bytes(longCli.maxRssBytes)],
    ["read + JSON.parse floor, events x2", ms(longFloor.wallMs), `${si((long.lines / longFloor.wallMs) * 1000)}/s`, "1.00x", bytes(longFloor.maxRssBytes)],
  ];
  if (!canMeasureChildRss) notes.push("/usr/bin/time missing: peak RSS not measured");
  notes.push(`Files: ${bytes(main.bytes)} (${si(main.lines)} lines), ${bytes(long.bytes)} (${si(long.lines)} lines); wall time includes process start-up for both.`);
  notes.push(
    `Keeping the parsed records: the floor's loop, with the ${si(customers)} objects parsed from the records file kept in an array until the end (bench/baselines/read-parse.mjs --keep-records): the least a journey run does that parses with JSON.parse and holds its customers' records as the objects it returns. No Map, no decision, nothing else. At ${ratio(keepVsFloor)}, such a run has ${keepVsFloor > 0.7 ? `${ratio(1 / 0.7 - 1 / keepVsFloor)} of the floor's time` : "none of the floor's time"} left for everything else under the 70% target.`,
  );
  notes.push("The hand-written journey run (bench/baselines/hand-run.ts) is the read-and-parse floor plus the six-stage journey as plain if/else over a Map, with Date.parse for event times: no validation, deduplication, history or report. Its stage counts are checked like the CLI's.");
  notes.push(
    `The byte-level journey run (bench/baselines/byte-run.mjs) is what a program written for this one journey can do: every line walked byte by byte as a flat JSON object (no JSON.parse, no object per line; anything unusual to JSON.parse), customers in an open-addressing table keyed by the id's bytes with a 64-byte row of state each, each record kept as its line's bytes, event ids kept for deduplication as 16-byte UUIDs, times read from the bytes, the six-stage rules as a switch; its tables grow as a general reader's would. No schema validation, history, metrics, quarantine or report. Its counts are checked like the CLI's. At ${ratio(bytesVsFloor)}, it shows how close to the floor any journey run can come on this machine; a general runtime does all that and more for any journey.`,
  );
  notes.push(
    `Halves: the records and events of the customers whose id hash is even, and of those whose hash is odd (bench/threads.mjs's two threads); "vs floor" is against the floor on the whole files. "Alone" runs the first half by itself; "both at once" starts one journey run on each half together and takes the wall time until both have exited (peak RSS: the sum of the two). A journey run split by customer over two threads could hardly beat both at once: its threads would apply the same halves on the same two cores, and each would also have to read (and skip) the other half's lines. At ${ratio(halvesVsFloor)} (one half alone: ${ratio(halfVsFloor)}), the second core ${halvesVsFloor >= 0.7 ? "could" : "could not"} reach the 70% target on this machine.`,
  );
  notes.push(`RSS growth target: median peak RSS of ${longReps} run${longReps === 1 ? "" : "s"} with twice the events (same customers) over the median of the runs with 1x; the customers' state is the same size in both, so growth means the runtime holds input it has applied.`);
  return {
    name: "cli-run",
    title: `journey run end to end: ${si(customers)} records + ${si(customers)} events NDJSON (median of up to ${reps})`,
    header: ["command", "wall time", "lines/s", "vs floor", "peak RSS"],
    rows,
    targets: [
      target("journey run / read-and-parse floor", vsFloor, ">=", 0.7, ratio(vsFloor)),
      target("journey run peak RSS growth with 2x the events (same customers)", growth, "<=", 0.1, `${(100 * growth).toFixed(1)}%`),
    ],
    failures,
    notes,
    data: { customers, samples, long: { cli: longCli, runs: longRuns, floor: longFloor }, expected, keepVsFloor, bytesVsFloor, halfVsFloor, halvesVsFloor, halfLines: half.lines, halvesLines: halves[0].lines + halves[1].lines },
  };
}

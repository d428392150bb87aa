#!/usr/bin/env node
/**
 * `pnpm bench` → `node bench/run.mjs [--quick] [--only NAME[,NAME]] [--reps N]`
 *
 * Runs every benchmark (each measures the project and its baselines in the same run and prints
 * ratios), prints one Markdown table per benchmark and the targets, and writes
 * bench/out/results.json. Exits 1 when a correctness check fails (the project's stage counts
 * differ from the hand-written floor's, a CLI run fails, ...); a missed speed target is reported,
 * not an error.
 *
 * --quick: small sizes and fewer repetitions, a smoke test that still runs every equality check
 * (under a minute).
 * --profile / --no-profile: CPU-profile the project's side of every benchmark with a missed
 * target (default: on for full runs, off with --quick) and print the top frames.
 */
import { mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { markdownTable } from "./lib/stats.mjs";
import { repoPath } from "./lib/deps.mjs";

const BENCHES = {
  "runtime-core": () => import("./runtime-core.mjs"),
  "cli-run": () => import("./cli-run.mjs"),
  compiler: () => import("./compiler.mjs"),
  timers: () => import("./timers.mjs"),
  threads: () => import("./threads.mjs"),
  // Written by the durable-store engineer; run when present.
  stores: () => import("./stores.mjs"),
};

function parseArgs(argv) {
  const opts = { quick: false, only: null, reps: null, profile: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") opts.quick = true;
    else if (a === "--only") opts.only = argv[++i]?.split(",");
    else if (a.startsWith("--only=")) opts.only = a.slice(7).split(",");
    else if (a === "--reps") opts.reps = Number(argv[++i]);
    else if (a === "--profile") opts.profile = true;
    else if (a === "--no-profile") opts.profile = false;
    else if (a === "--help" || a === "-h") {
      process.stdout.write(`usage: node bench/run.mjs [--quick] [--only ${Object.keys(BENCHES).join("|")}] [--reps N] [--profile|--no-profile]\n`);
      process.exit(0);
    } else {
      process.stderr.write(`bench: unknown argument ${a}\n`);
      process.exit(2);
    }
  }
  if (opts.only) {
    const unknown = opts.only.filter((n) => !BENCHES[n]);
    if (unknown.length) {
      process.stderr.write(`bench: unknown benchmark ${unknown.join(", ")} (known: ${Object.keys(BENCHES).join(", ")})\n`);
      process.exit(2);
    }
  }
  return opts;
}

function machine() {
  let cpu = cpus()[0]?.model ?? "unknown";
  try {
    const m = readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.+)$/m);
    if (m) cpu = m[1].trim();
  } catch {}
  return { nproc: cpus().length, cpu, node: process.version, memGiB: Math.round(totalmem() / 2 ** 30), platform: `${process.platform} ${process.arch}` };
}

const opts = parseArgs(process.argv.slice(2));
const names = opts.only ?? Object.keys(BENCHES).filter((n) => n !== "stores" || existsSync(repoPath("bench/stores.mjs")));
const reps = opts.reps ?? (opts.quick ? 1 : 5);
const started = new Date();
let commit = "unknown";
try {
  const { execFileSync } = await import("node:child_process");
  commit = execFileSync("git", ["describe", "--always", "--dirty"], { cwd: repoPath(""), encoding: "utf8" }).trim();
} catch {}
const info = { date: started.toISOString(), commit, command: `node bench/run.mjs ${process.argv.slice(2).join(" ")}`.trim(), quick: opts.quick, reps, machine: machine(), loadAvgStart: loadavg() };
const log = (msg) => process.stderr.write(`[${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);
process.stdout.write(`# Journeys benchmarks — ${info.date} (commit ${info.commit})\n\nmachine: ${info.machine.nproc} cores, ${info.machine.cpu}, ${info.machine.memGiB} GiB, Node ${info.machine.node}; load average at start ${info.loadAvgStart.map((x) => x.toFixed(2)).join(" ")}\ncommand: ${info.command}\n\n`);

if (opts.quick) process.stdout.write("QUICK MODE: smoke sizes (20k customers, 1 run, little JIT warm-up): the correctness checks are real, the ratios are not the targets' numbers.\n\n");
// Freeze the built packages for this run (others may rebuild the shared checkout meanwhile).
// One folder per run: two runs at once must not delete each other's copy.
let snapshotDir = null;
if (!process.env.BENCH_PACKAGES) {
  const { snapshotPackages } = await import("./lib/snapshot.mjs");
  snapshotDir = repoPath(`bench/out/snapshot/run-${process.pid}-${Date.now()}`);
  process.env.BENCH_PACKAGES = snapshotPackages(repoPath(""), snapshotDir);
  log(`packages frozen in ${process.env.BENCH_PACKAGES}`);
}

// The machine is shared: sample the 1-minute load average through the run to report the conditions.
const loadSamples = [];
const sampler = setInterval(() => loadSamples.push(loadavg()[0]), 10_000);
sampler.unref();

const sections = [];
const failures = [];
for (const name of names) {
  log(`${name}: start`);
  const t0 = Date.now();
  let section;
  try {
    const mod = await BENCHES[name]();
    section = await mod.run({ quick: opts.quick, reps, log });
  } catch (error) {
    section = { name, title: name, header: [], rows: [], targets: [], failures: [`${name}: ${error.stack ?? error}`], notes: [] };
  }
  section.seconds = Math.round((Date.now() - t0) / 1000);
  sections.push(section);
  failures.push(...(section.failures ?? []));
  const out = [`## ${section.title}`, ""];
  if (section.rows.length) out.push(markdownTable(section.header, section.rows), "");
  for (const t of section.targets ?? []) out.push(`- target ${t.met ? "MET   " : "MISSED"} ${t.name}: ${t.shown} (goal ${t.op} ${typeof t.goal === "number" && t.goal < 1 && t.goal > 0 ? t.goal.toFixed(3) : t.goal})`);
  for (const n of section.notes ?? []) out.push(`- note: ${n}`);
  for (const f of section.failures ?? []) out.push(`- FAILED: ${f}`);
  out.push(`- took ${section.seconds} s`, "");
  process.stdout.write(`${out.join("\n")}\n`);
}

const wantProfile = opts.profile ?? !opts.quick;
if (wantProfile) {
  const { profileBenchmark, profileMarkdown } = await import("./profile.mjs");
  for (const section of sections) {
    const missed = (section.targets ?? []).filter((t) => !t.met);
    if (missed.length === 0 || section.name === "stores") continue;
    // runtime-core: profile the mix whose target was missed (the memory target is explained by the store's inventory).
    const variants =
      section.name === "runtime-core"
        ? [...new Set(missed.map((t) => (t.name.includes("all move") ? "runtime-core:all-move" : t.name.includes("5% move") ? "runtime-core:5pct-move" : null)).filter(Boolean))]
        : [section.name];
    section.profiles = [];
    for (const variant of variants) {
      log(`${variant}: missed target, profiling the project's run`);
      try {
        const p = await profileBenchmark(variant, { quick: opts.quick });
        section.profiles.push(p);
        process.stdout.write(`## Why: ${variant}\n\n${profileMarkdown(p)}\n\n`);
      } catch (error) {
        section.profileError = String(error.message ?? error);
        process.stdout.write(`## Why: ${variant}\n\nprofile failed: ${section.profileError}\n\n`);
      }
    }
  }
}

clearInterval(sampler);
info.loadAvgEnd = loadavg();
{
  const xs = [...loadSamples].sort((a, b) => a - b);
  info.load1m = xs.length ? { min: xs[0], median: xs[xs.length >> 1], max: xs[xs.length - 1], samples: xs.length } : null;
}
info.seconds = Math.round((Date.now() - started.getTime()) / 1000);
const targets = sections.flatMap((s) => s.targets ?? []);
if (info.load1m) process.stdout.write(`Load during the run (1-minute load average, sampled every 10 s on ${info.machine.nproc} cores): min ${info.load1m.min.toFixed(2)}, median ${info.load1m.median.toFixed(2)}, max ${info.load1m.max.toFixed(2)}.\n\n`);
process.stdout.write(`## Summary\n\n${markdownTable(["target", "result", "goal", "verdict"], targets.map((t) => [t.name, t.shown, `${t.op} ${typeof t.goal === "number" && t.goal < 1 && t.goal > 0 ? t.goal.toFixed(3) : t.goal}`, t.met ? "met" : "MISSED"]))}\n\nload average at end ${info.loadAvgEnd.map((x) => x.toFixed(2)).join(" ")}; total ${info.seconds} s\n`);
if (failures.length) process.stdout.write(`\n${failures.length} correctness check(s) FAILED:\n${failures.map((f) => `- ${f}`).join("\n")}\n`);
mkdirSync(repoPath("bench/out"), { recursive: true });
writeFileSync(repoPath("bench/out/results.json"), `${JSON.stringify({ ...info, sections, failures }, null, 2)}\n`);
log(`wrote bench/out/results.json`);
if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
process.exitCode = failures.length ? 1 : 0;

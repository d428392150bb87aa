#!/usr/bin/env node
/**
 * CPU profile of the project's side of one benchmark: `node bench/profile.mjs NAME [--quick]`
 * with NAME one of runtime-core (= runtime-core:5pct-move), runtime-core:all-move, cli-run,
 * compiler, timers, threads. Runs the project's child under `node --cpu-prof` (the runtime-core
 * child profiles only its timed rounds itself, see bench/runtime-core.mjs; profiles in
 * bench/out/profiles/NAME) and prints the frames with the most self time and the packages they
 * belong to. bench/run.mjs calls {@link profileBenchmark}
 * for every benchmark whose target was missed.
 */
import { mkdirSync, rmSync, existsSync } from "node:fs";
import { repoPath, cliBin, SIX_STAGE_JOURNEY } from "./lib/deps.mjs";
import { runCommand, nodeFlags } from "./lib/rss.mjs";
import { allProfiles, summariseProfile } from "./lib/profile.mjs";
import { markdownTable } from "./lib/stats.mjs";
import { SIM_START } from "./lib/generate.mjs";
import { dataFiles } from "./cli-run.mjs";

/** The command whose profile explains each benchmark's project number. */
function commandFor(name, quick) {
  const n = quick ? "20000" : "1000000";
  switch (name) {
    case "runtime-core":
    case "runtime-core:5pct-move":
      return [repoPath("bench/runtime-core.mjs"), "--child", "project", "5pct-move", n, "nomem"];
    case "runtime-core:all-move":
      return [repoPath("bench/runtime-core.mjs"), "--child", "project", "all-move", n, "nomem"];
    case "timers":
      return [repoPath("bench/timers.mjs"), "--child", "project", n];
    case "threads":
      return [repoPath("bench/threads.mjs"), "--child", "project", "5pct-move", n, "2"];
    case "compiler":
      return [repoPath("bench/lib/compile-loop.mjs"), quick ? "2" : "20"];
    case "cli-run":
      return null;
    default:
      throw new Error(`no profile for ${name}`);
  }
}

/**
 * Profiles the project's run of benchmark `name`; resolves to the summary
 * `{ command, totalMs, frames, byPlace }` (see bench/lib/profile.mjs).
 */
export async function profileBenchmark(name, { quick = false } = {}) {
  const dir = repoPath("bench/out/profiles", name.replace(":", "-"));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let args = commandFor(name, quick);
  if (args === null) {
    // cli-run: the built CLI on the files bench/cli-run.mjs generated.
    const { cliRunArgs } = await import("./lib/project.mjs");
    const customers = quick ? 20000 : 1000000;
    const { records, events } = dataFiles(customers, 1);
    if (!existsSync(records)) throw new Error("run the cli-run benchmark first (it writes the data files)");
    args = [cliBin(), ...cliRunArgs({ journey: SIX_STAGE_JOURNEY, records, events, start: SIM_START })];
  }
  // Worker threads reject --expose-gc and heap flags, so the threads child gets neither.
  const extra = name === "threads" ? [] : ["--expose-gc", "--max-old-space-size=8192"];
  // The runtime-core child profiles its timed rounds itself (see JOURNEYS_BENCH_PROFILE_DIR in
  // bench/runtime-core.mjs): generating its inputs is not part of what it measures.
  const timedOnly = name.startsWith("runtime-core");
  const flags = timedOnly ? [] : ["--cpu-prof", `--cpu-prof-dir=${dir}`];
  const env = timedOnly ? { ...process.env, JOURNEYS_BENCH_PROFILE_DIR: dir } : process.env;
  const res = await runCommand(process.execPath, [...nodeFlags(), ...extra, ...flags, ...args], { env });
  if (res.code !== 0) throw new Error(`profiled run failed (exit ${res.code}): ${res.stderr.slice(-1500)}`);
  const summary = summariseProfile(allProfiles(dir));
  const shown = args.map((a) => a.replace(repoPath(""), "")).join(" ");
  return {
    command: timedOnly ? `JOURNEYS_BENCH_PROFILE_DIR=… node ${shown}` : `node --cpu-prof ${shown}`,
    ...(timedOnly ? { scope: "the timed rounds only (input generation left out)", rounds: allProfiles(dir).length } : { threads: allProfiles(dir).length }),
    ...summary,
  };
}

/** A profile summary as Markdown. */
export function profileMarkdown(p) {
  return [
    `profile: \`${p.command}\` (${Math.round(p.totalMs)} ms sampled${p.threads > 1 ? `, ${p.threads} threads merged` : ""}${p.scope ? `; ${p.scope}, ${p.rounds} rounds merged` : ""})`,
    "",
    markdownTable(["self %", "self ms", "function", "where"], p.frames.map((f) => [`${f.pct}%`, String(f.selfMs), f.name, f.where])),
    "",
    `by package: ${p.byPlace.map((b) => `${b.place} ${b.pct}%`).join(", ")}`,
  ].join("\n");
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const name = process.argv[2];
  if (!name) {
    process.stderr.write("usage: node bench/profile.mjs runtime-core[:all-move]|cli-run|compiler|timers|threads [--quick]\n");
    process.exit(2);
  }
  const p = await profileBenchmark(name, { quick: process.argv.includes("--quick") });
  process.stdout.write(`${profileMarkdown(p)}\n`);
}

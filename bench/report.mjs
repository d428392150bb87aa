#!/usr/bin/env node
/**
 * Renders bench/out/results.json (the last `pnpm bench`) as the Markdown of the "Last run"
 * section of docs/benchmarks.md: `node bench/report.mjs > /tmp/last-run.md`, then paste.
 */
import { readFileSync } from "node:fs";
import { repoPath } from "./lib/deps.mjs";
import { markdownTable } from "./lib/stats.mjs";
import { profileMarkdown } from "./profile.mjs";

const r = JSON.parse(readFileSync(process.argv[2] ?? repoPath("bench/out/results.json"), "utf8"));
const goal = (t) => `${t.op} ${typeof t.goal === "number" && t.goal > 0 && t.goal < 1 ? t.goal.toFixed(3) : t.goal}`;
const out = [];
const m = r.machine;
out.push(`- date: ${r.date} (took ${Math.round(r.seconds / 60)} min ${r.seconds % 60} s)`);
out.push(`- command: \`${r.command}\`${r.quick ? " (quick smoke sizes)" : ""}, on commit ${r.commit} (packages as built from the working tree)`);
out.push(`- machine: ${m.nproc} cores (nproc), ${m.cpu} (/proc/cpuinfo), ${m.memGiB} GiB, Node ${m.node}, ${m.platform}`);
out.push(`- load average (1/5/15 min): ${r.loadAvgStart.map((x) => x.toFixed(2)).join(" / ")} at start, ${r.loadAvgEnd.map((x) => x.toFixed(2)).join(" / ")} at end`);
if (r.load1m) out.push(`- load during the run (1-minute load average every 10 s): min ${r.load1m.min.toFixed(2)}, median ${r.load1m.median.toFixed(2)}, max ${r.load1m.max.toFixed(2)} on ${m.nproc} cores${r.load1m.median >= 1 ? " (the benchmark's own child process and V8's garbage-collector threads count in it: a load near 2 does not by itself mean other work)" : ""}`);
out.push(`- correctness checks: ${r.failures.length === 0 ? "all passed" : `${r.failures.length} FAILED`}`);
out.push("");
out.push("### Targets", "");
const targets = r.sections.flatMap((s) => (s.targets ?? []).map((t) => ({ ...t, section: s.name })));
out.push(markdownTable(["target", "result", "goal", "verdict"], targets.map((t) => [t.name, t.shown, goal(t), t.met ? "met" : "**missed**"])));
out.push("");
for (const s of r.sections) {
  out.push(`### ${s.title}`, "");
  if (s.rows.length) out.push(markdownTable(s.header, s.rows), "");
  for (const n of s.notes ?? []) out.push(`- ${n}`);
  for (const f of s.failures ?? []) out.push(`- FAILED: ${f}`);
  if ((s.notes ?? []).length || (s.failures ?? []).length) out.push("");
  for (const p of s.profiles ?? []) out.push(`Profile of the project's run (missed target):`, "", profileMarkdown(p), "");
}
process.stdout.write(`${out.join("\n")}\n`);

/**
 * Benchmark 3, compiler: parse + validate + compile (to IR and XState config) generated journeys
 * of 10, 100 and 1,000 stages and a 10,000-line file (100 stages with long blocks), with
 * @journeys/dsl as built. Reports lines/s and how the time per line grows with size.
 *
 * Baseline in the same run: a one-regex tokeniser over the same text (no parser, no checks),
 * the cost of merely looking at every character; it puts the compiler's absolute lines/s in
 * proportion on a machine whose speed drifts.
 */
import { journeySource, journeySourceOfLines } from "./lib/generate.mjs";
import { compileText } from "./lib/project.mjs";
import { median, si, ratio, ms, target } from "./lib/stats.mjs";

const TOKEN = /"(?:[^"\\\n]|\\.)*"|#[^\n]*|[\p{L}_][\p{L}\p{N}_]*|-?\d+(?:\.\d+)?%?|[{}(),:=]|[<>!]=?|\S/gu;

/** The regex floor: counts tokens. */
function tokenise(text) {
  let n = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.exec(text) !== null) n++;
  return n;
}

/** Mean milliseconds per call of `fn`, calling it until `minMs` has passed (at least once). */
function timePerCall(fn, minMs) {
  let calls = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    fn();
    calls++;
    elapsed = performance.now() - t0;
  } while (elapsed < minMs);
  return elapsed / calls;
}

export async function run({ quick = false, reps = 5 } = {}) {
  const inputs = [
    { name: "10 stages", text: journeySource({ stages: 10 }) },
    { name: "100 stages", text: journeySource({ stages: 100 }) },
    { name: "1,000 stages", text: journeySource({ stages: 1000 }) },
    { name: "10,000 lines", text: journeySourceOfLines(10_000) },
  ];
  const minMs = quick ? 50 : 300;
  const failures = [];
  // Every input must compile cleanly, or the timing measures error paths.
  for (const input of inputs) {
    input.lines = input.text.split("\n").length - 1;
    const result = await compileText(input.text, `${input.name}.journey`);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    if (errors.length || !result.ir) failures.push(`compiler: ${input.name} did not compile: ${errors.slice(0, 3).map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`).join("; ")}`);
    input.warnings = result.diagnostics.length - errors.length;
    input.stages = result.ir?.stages?.length;
    input.compile = result.compileSync;
  }
  if (failures.length) return { name: "compiler", title: "Compiler", header: [], rows: [], targets: [], failures, notes: [] };
  // Warm up the JIT on every size before measuring.
  for (const input of inputs) {
    timePerCall(() => input.compile(input.text), minMs / 2);
    timePerCall(() => tokenise(input.text), minMs / 4);
  }
  for (const input of inputs) {
    input.samples = [];
    input.floorSamples = [];
  }
  for (let rep = 0; rep < reps; rep++) {
    for (const input of inputs) {
      input.samples.push(timePerCall(() => input.compile(input.text), minMs));
      input.floorSamples.push(timePerCall(() => tokenise(input.text), minMs / 2));
    }
  }
  const rows = [];
  for (const input of inputs) {
    input.ms = median(input.samples);
    input.floorMs = median(input.floorSamples);
    input.linesPerSec = (input.lines / input.ms) * 1000;
    input.usPerLine = (input.ms * 1000) / input.lines;
    rows.push([input.name, String(input.lines), ms(input.ms), `${si(input.linesPerSec)}/s`, `${input.usPerLine.toFixed(2)} µs`, `${si((input.lines / input.floorMs) * 1000)}/s`, ratio(input.floorMs / input.ms)]);
  }
  const [, s100, s1000, big] = inputs;
  const growth = s1000.usPerLine / s100.usPerLine;
  const slowest = Math.min(...inputs.map((i) => i.linesPerSec));
  return {
    name: "compiler",
    title: `Compiler: parse + validate + compile (median of ${reps})`,
    header: ["input", "lines", "time", "lines/s", "time/line", "regex tokeniser", "vs tokeniser"],
    rows,
    targets: [
      target("compiler lines/s (slowest input)", slowest, ">=", 100_000, `${si(slowest)}/s`),
      target("compiler time/line growth, 100 → 1,000 stages", growth, "<=", 2, ratio(growth)),
    ],
    failures,
    notes: [`Warnings on generated inputs: ${inputs.map((i) => `${i.name}: ${i.warnings}`).join(", ")} (no errors).`, `10,000-line file: ${big.stages} stages.`],
    data: Object.fromEntries(inputs.map((i) => [i.name, { lines: i.lines, ms: i.ms, samples: i.samples, linesPerSec: i.linesPerSec, usPerLine: i.usPerLine, tokeniserMs: i.floorMs }])),
  };
}

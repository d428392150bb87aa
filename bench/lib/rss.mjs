/**
 * Running one measurement in its own process and reading its peak resident set size.
 *
 * Peak RSS is a per-process high-water mark, so every measured subject (the project, each
 * baseline) runs in a fresh child: one subject's peak never hides in another's. Node children
 * report their own `process.resourceUsage().maxRSS`; for any other command (the built CLI) the
 * child is wrapped in GNU `/usr/bin/time -f %M`, which reports the same kernel figure.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

/** Marker a child prints before its JSON result line. */
export const RESULT_MARK = "@@RESULT ";
const RSS_MARK = "@@MAXRSS_KB ";
const TIME_BIN = "/usr/bin/time";

/** True when GNU time is available to measure a non-Node child's peak RSS. */
export const canMeasureChildRss = existsSync(TIME_BIN);

/** Node's type stripping is on by default from 23.6; older Node needs the flag for bench/baselines/*.ts. */
export function nodeFlags() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 6) ? [] : ["--experimental-strip-types", "--no-warnings"];
}

/** Peak RSS of the current process in bytes. */
export function selfPeakRss() {
  return process.resourceUsage().maxRSS * 1024;
}

/** Prints a child's result for {@link runNodeChild} to read. */
export function reportResult(result) {
  process.stdout.write(`${RESULT_MARK}${JSON.stringify({ ...result, maxRssBytes: selfPeakRss() })}\n`);
}

/**
 * Runs `command args` and resolves with `{ code, stdout, stderr, wallMs, maxRssBytes }`.
 * With `measureRss`, the command runs under GNU time and `maxRssBytes` is its peak RSS.
 */
export function runCommand(command, args, { measureRss = false, cwd, env, timeoutMs = 20 * 60_000 } = {}) {
  const wrapped = measureRss && canMeasureChildRss;
  const [bin, argv] = wrapped ? [TIME_BIN, ["-f", `${RSS_MARK}%M`, command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, argv, { cwd, env: env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      let stderr = Buffer.concat(err).toString("utf8");
      let maxRssBytes = null;
      if (wrapped) {
        const at = stderr.lastIndexOf(RSS_MARK);
        if (at !== -1) {
          maxRssBytes = Number(stderr.slice(at + RSS_MARK.length).trim().split(/\s/)[0]) * 1024;
          stderr = stderr.slice(0, at);
        }
      }
      resolve({ code: code ?? (signal ? 128 : 1), signal, stdout: Buffer.concat(out).toString("utf8"), stderr, wallMs, maxRssBytes });
    });
  });
}

/**
 * Runs a bench script as a child Node process (`node [flags] script args`) and returns the JSON
 * it reported with {@link reportResult}. Throws with the child's stderr when it fails.
 */
export async function runNodeChild(script, args, { nodeArgs = [], timeoutMs } = {}) {
  const res = await runCommand(process.execPath, [...nodeFlags(), ...nodeArgs, script, ...args], { timeoutMs });
  const line = res.stdout.split("\n").find((l) => l.startsWith(RESULT_MARK));
  if (res.code !== 0 || !line) {
    throw new Error(`child ${script} ${args.join(" ")} failed (exit ${res.code}):\n${res.stderr.slice(-4000)}\n${res.stdout.slice(-2000)}`);
  }
  return JSON.parse(line.slice(RESULT_MARK.length));
}

/**
 * Forces a full garbage collection (children run with --expose-gc) and returns the bytes in use:
 * the JS heap plus memory held outside it (typed arrays, buffers), so a store that keeps state in
 * an ArrayBuffer is counted too.
 */
export function settledHeap() {
  if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
  for (let i = 0; i < 3; i++) globalThis.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

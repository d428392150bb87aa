/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): the frames with the most self time, and the
 * packages that time lands in. Used for the "why" of a missed target in docs/benchmarks.md.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { SourceMap } from "node:module";
import { join, resolve, dirname } from "node:path";

const maps = new Map();
/** The frame's place in the TypeScript sources, through the built file's source map (tsup writes them). */
function original(url, line, column) {
  const file = url.replace(/^file:\/\//, "");
  if (!file.includes("/packages/") || !file.endsWith(".js")) return null;
  if (!maps.has(file)) {
    let map = null;
    try {
      if (existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  const map = maps.get(file);
  const entry = map?.findEntry(line, column);
  if (!entry || !entry.originalSource) return null;
  const src = resolve(dirname(file), entry.originalSource.replace(/^file:\/\//, ""));
  const at = src.lastIndexOf("/packages/");
  return `${at !== -1 ? src.slice(at + 1) : src}:${entry.originalLine + 1}`;
}

/** Every `.cpuprofile` in `dir` (one per thread: worker threads write their own). */
export function allProfiles(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).map((f) => join(dir, f));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  return files;
}

/** Newest `.cpuprofile` in `dir`. */
export function newestProfile(dir) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!files[0]) throw new Error(`no .cpuprofile in ${dir}`);
  return files[0];
}

function where(url) {
  if (!url) return "(native)";
  const clean = url.replace(/^file:\/\//, "");
  const pkg = clean.match(/packages\/([^/]+)\/dist/);
  if (pkg) return `@journeys/${pkg[1]}`;
  const nm = clean.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  if (nm) return nm[1];
  if (clean.includes("/bench/")) return "bench";
  if (clean.startsWith("node:")) return "node";
  return clean.split("/").slice(-2).join("/");
}

/** A frame's file, short: `packages/runtime/dist/index.js`, `bench/lib/x.mjs`, `xstate/dist/…`. */
function shortFile(url) {
  if (!url) return "";
  const clean = url.replace(/^file:\/\//, "");
  const nm = clean.lastIndexOf("node_modules/");
  if (nm !== -1) return clean.slice(nm + "node_modules/".length);
  // A snapshot copy (bench/out/snapshot/packages/...) is named by its package path.
  const pkg = clean.lastIndexOf("/packages/");
  const at = pkg !== -1 ? pkg : clean.search(/\/bench\//);
  return at !== -1 ? clean.slice(at + 1) : clean;
}

/**
 * Top `limit` frames by self time: `{ totalMs, frames: [{ name, where, selfMs, pct }], byPlace }`.
 * (GC), (program) and (idle) are kept: garbage collection is often the answer.
 */
export function summariseProfile(paths, limit = 15) {
  // Self time per node of every profile (threads are merged: their frames add up).
  const selfUs = new Map();
  for (const path of Array.isArray(paths) ? paths : [paths]) {
    const prof = JSON.parse(readFileSync(path, "utf8"));
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const deltas = prof.timeDeltas;
    for (let i = 0; i < prof.samples.length; i++) {
      const node = byId.get(prof.samples[i]);
      const entry = selfUs.get(node) ?? 0;
      selfUs.set(node, entry + (deltas[i] ?? 0));
    }
  }
  const frames = new Map();
  const places = new Map();
  let total = 0;
  for (const [node, us] of selfUs) {
    const cf = node.callFrame;
    if (cf.functionName === "(idle)") continue;
    total += us;
    const place = where(cf.url);
    const file = shortFile(cf.url);
    const at = original(cf.url, cf.lineNumber, cf.columnNumber) ?? (file ? `${file}:${cf.lineNumber + 1}` : place);
    const key = `${cf.functionName || "(anonymous)"} ${at}`;
    const f = frames.get(key) ?? { name: cf.functionName || "(anonymous)", where: at, selfUs: 0 };
    f.selfUs += us;
    frames.set(key, f);
    places.set(place, (places.get(place) ?? 0) + us);
  }
  const pct = (us) => Math.round((1000 * us) / total) / 10;
  return {
    totalMs: total / 1000,
    frames: [...frames.values()]
      .sort((a, b) => b.selfUs - a.selfUs)
      .slice(0, limit)
      .map((f) => ({ name: f.name, where: f.where, selfMs: Math.round(f.selfUs / 100) / 10, pct: pct(f.selfUs) })),
    byPlace: [...places.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([place, us]) => ({ place, pct: pct(us) })),
  };
}

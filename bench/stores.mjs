/**
 * Benchmark: durable stores. Stage transitions per second through the same runtime with
 * - the in-memory store (the reference, same run),
 * - PGlite (file-backed data folder) in one process with 1, 2 and 4 concurrent ingest lanes
 *   (PGlite is one process by design: its folder is locked, so "workers" are lanes),
 * - PostgreSQL: the store in one process (direct, no queue) and 1, 2 and 4 worker PROCESSES
 *   started with `startWorker()` sharing the work through pg-boss.
 *
 * Workload: the "flip" journey below; every event moves its customer a → b or b → a, so one
 * applied event is one transition (exit, enter, history rows, metric deltas, one commit).
 * Records for every customer are upserted first (not timed), then EVENTS events round-robin over
 * the customers are timed. Correctness: every run must end with each customer at
 * rev = 1 + its events and in the stage its parity says.
 *
 * `pnpm bench` imports `run()`; `node bench/stores.mjs [--quick]` runs it alone and prints the
 * table, then one JSON summary line last. PostgreSQL rows need DATABASE_URL (see docs/deploy.md);
 * without it they are reported as not run. Each run is bounded (< 2 minutes in total).
 *
 * Child mode: `node bench/stores.mjs --child worker DATABASE_URL` (one pg-boss worker process).
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { importBuilt, repoPath } from "./lib/deps.mjs";

const SELF = new URL(import.meta.url).pathname;
const requireFromStore = createRequire(repoPath("packages/store-sql/package.json"));
const importStoreDep = (name) => import(pathToFileURL(requireFromStore.resolve(name)).href);

/** The journey: two stages, one event flips the customer between them. */
export const FLIP_IR = {
  irVersion: 1,
  journey: { id: "flip", name: "Flip", version: 1 },
  channels: [],
  customer: {},
  events: { flip: {} },
  segments: {},
  exit: [],
  reentry: { kind: "never" },
  holdout: 0,
  initial: "a",
  stages: ["a", "b"].map((name) => ({
    name,
    terminal: false,
    onEnter: [],
    onExit: [],
    after: [],
    every: [],
    onEvent: [],
    transitions: [{ id: `${name}/go:0`, target: name === "a" ? "b" : "a", when: { kind: "event", event: "flip" }, eventDriven: true }],
    keepsEntryEvent: false,
  })),
};

const records = (customers) => Array.from({ length: customers }, (_, i) => ({ kind: "record", customerId: `u${i}`, record: {} }));
const events = (customers, n) => Array.from({ length: n }, (_, i) => ({ kind: "event", id: `f${i}`, customerId: `u${i % customers}`, type: "flip" }));

/** Expected end state of one customer after `n` events. */
function expectedOf(customers, n) {
  return (i) => {
    const mine = Math.floor(n / customers) + (i < n % customers ? 1 : 0);
    return { rev: 1 + mine, stage: mine % 2 === 0 ? "a" : "b" };
  };
}

/** Ingests `inputs` with `lanes` concurrent loops through one runtime; returns elapsed ms. */
async function ingestLanes(runtime, inputs, lanes) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < inputs.length) {
        const r = await runtime.ingest(inputs[next++]);
        if (r.status !== "applied") throw new Error(`input not applied: ${JSON.stringify(r)}`);
      }
    }),
  );
  return performance.now() - t0;
}

async function checkStore(store, customers, n) {
  const want = expectedOf(customers, n);
  const wrong = [];
  for (let i = 0; i < customers; i++) {
    const doc = await store.loadCustomer(`u${i}`);
    const got = { rev: doc?.rev, stage: doc?.journeys.flip?.stage };
    const exp = want(i);
    if (got.rev !== exp.rev || got.stage !== exp.stage) wrong.push(`u${i}: ${JSON.stringify(got)} != ${JSON.stringify(exp)}`);
  }
  return wrong;
}

/** One in-process subject: memory, PGlite or PostgreSQL direct. */
async function inProcess(kind, { customers, n, lanes, databaseUrl }) {
  const runtimeMod = await importBuilt("runtime");
  const storeMod = await importBuilt("store-sql");
  let store;
  let cleanup = async () => {};
  if (kind === "memory") store = runtimeMod.createMemoryStore();
  else if (kind === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "journeys-bench-"));
    store = await storeMod.openPgliteStore({ dataDir: dir });
    cleanup = async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const db = await createDatabase(databaseUrl);
    store = await storeMod.openPostgresStore({ connectionString: db.url, max: lanes + 2 });
    cleanup = async () => {
      await store.close();
      await db.drop();
    };
  }
  try {
    const runtime = runtimeMod.createRuntime({ journeys: [FLIP_IR], handlers: {}, store });
    await ingestLanes(runtime, records(customers), lanes);
    const ms = await ingestLanes(runtime, events(customers, n), lanes);
    return { ms, transitions: n, wrong: await checkStore(store, customers, n) };
  } finally {
    await cleanup();
  }
}

async function createDatabase(baseUrl) {
  const { default: pg } = await importStoreDep("pg");
  const name = `bench_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

function startChild(databaseUrl) {
  const child = spawn(process.execPath, [SELF, "--child", "worker", databaseUrl], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exited = new Promise((r) => child.once("exit", r));
  const ready = new Promise((resolve, reject) => {
    const check = () => (out.includes("ready\n") ? resolve() : undefined);
    child.stdout.on("data", check);
    child.once("exit", (code) => reject(new Error(`bench worker exited (${code}) before it was ready: ${out.slice(-1500)}`)));
  });
  return { ready, stop: () => (child.kill("SIGTERM"), exited), kill: () => (child.kill("SIGKILL"), exited) };
}

/** N pg-boss worker processes on a fresh database; timed from queueing the events to the last applied. */
async function workers(count, { customers, n, databaseUrl }) {
  const storeMod = await importBuilt("store-sql");
  const { PgBoss } = await importStoreDep("pg-boss");
  const { default: pg } = await importStoreDep("pg");
  const db = await createDatabase(databaseUrl);
  const children = [];
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  const boss = new PgBoss({ connectionString: db.url, schema: storeMod.BOSS_SCHEMA, supervise: false, schedule: false, max: 2 });
  try {
    // One worker first: it installs the schemas and queues; the others then start in parallel.
    children.push(startChild(db.url));
    await children[0].ready;
    for (let i = 1; i < count; i++) children.push(startChild(db.url));
    await Promise.all(children.map((c) => c.ready));
    await boss.start();
    const enqueue = async (inputs) => {
      for (let i = 0; i < inputs.length; i += 1000) {
        await boss.insert(storeMod.QUEUES.input, inputs.slice(i, i + 1000).map((input) => ({ data: { input } })));
      }
    };
    // Workers also record each record upsert's job id there; count the events only.
    const applied = async () =>
      (await pool.query("SELECT count(*)::int AS n FROM journeys.processed_events WHERE event_id NOT LIKE 'journeys-input-job:%'")).rows[0].n;
    const customersStored = async () => (await pool.query("SELECT count(*)::int AS n FROM journeys.customers")).rows[0].n;
    await enqueue(records(customers));
    await until(async () => (await customersStored()) === customers, 60_000);
    const t0 = performance.now();
    await enqueue(events(customers, n));
    await until(async () => (await applied()) === n, 90_000);
    const ms = performance.now() - t0;
    const store = await storeMod.openPostgresStore({ connectionString: db.url, max: 2 });
    const wrong = await checkStore(store, customers, n);
    await store.close();
    return { ms, transitions: n, wrong };
  } finally {
    await boss.stop({ graceful: false }).catch(() => {});
    await Promise.all(children.map((c) => c.stop()));
    await pool.end();
    await db.drop();
  }
}

async function until(check, timeoutMs) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function childWorker(databaseUrl) {
  const storeMod = await importBuilt("store-sql");
  const worker = await storeMod.startWorker({
    databaseUrl,
    journeys: [FLIP_IR],
    handlers: {},
    concurrency: 4,
    batchSize: 16,
    pollingIntervalSeconds: 0.5,
    onError: (e) => process.stderr.write(`worker error: ${e?.message ?? e}\n`),
  });
  process.stdout.write("ready\n");
  await worker.stopped;
}

const rate = (r) => (r.transitions / r.ms) * 1000;
const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(1));

/**
 * Runs every subject once (the sizes keep the whole benchmark under two minutes on a 2-core
 * machine; `reps` is not used for that reason).
 */
export async function run({ quick = false, log = () => {} } = {}) {
  const databaseUrl = process.env.DATABASE_URL;
  const customers = 100;
  const sizes = { memory: quick ? 2_000 : 20_000, pglite: quick ? 300 : 1_500, pg: quick ? 300 : 1_500 };
  const rows = [];
  const failures = [];
  const notes = [];
  const summary = { memory: null, pglite: {}, postgres: { direct: null, workers: {} } };
  const loadStart = loadavg()[0];
  const record = (label, where, lanesOrProcs, result) => {
    if (result.wrong.length) failures.push(`stores: ${label}: ${result.wrong.length} customers wrong, e.g. ${result.wrong[0]}`);
    rows.push([label, where, String(lanesOrProcs), String(result.transitions), `${Math.round(result.ms)} ms`, `${fmt(rate(result))}/s`]);
    return Math.round(rate(result));
  };
  const attempt = async (label, fn) => {
    try {
      return await fn();
    } catch (error) {
      failures.push(`stores: ${label}: ${String(error?.message ?? error).split("\n")[0]}`);
      return null;
    }
  };

  log("stores: memory");
  const mem = await attempt("memory", () => inProcess("memory", { customers, n: sizes.memory, lanes: 1 }));
  if (mem) summary.memory = record("in-memory store", "1 process", 1, mem);

  for (const lanes of [1, 2, 4]) {
    log(`stores: PGlite, ${lanes} lane(s)`);
    const r = await attempt(`PGlite ${lanes}`, () => inProcess("pglite", { customers, n: sizes.pglite, lanes }));
    if (r) summary.pglite[lanes] = record("PGlite (file)", "1 process (folder lock)", `${lanes} lanes`, r);
  }

  if (!databaseUrl) {
    notes.push("PostgreSQL rows not run: DATABASE_URL is not set (docs/deploy.md shows how to start a local server).");
  } else {
    log("stores: PostgreSQL direct");
    const direct = await attempt("PostgreSQL direct", () => inProcess("pg", { customers, n: sizes.pg, lanes: 4, databaseUrl }));
    if (direct) summary.postgres.direct = record("PostgreSQL, store in-process (no queue)", "1 process", "4 lanes", direct);
    for (const procs of [1, 2, 4]) {
      log(`stores: PostgreSQL, ${procs} worker process(es)`);
      const r = await attempt(`PostgreSQL ${procs} workers`, () => workers(procs, { customers, n: sizes.pg, databaseUrl }));
      if (r) summary.postgres.workers[procs] = record("PostgreSQL + pg-boss workers", `${procs} worker process${procs > 1 ? "es" : ""}`, procs, r);
    }
  }
  notes.push(
    `${customers} customers; one event = one transition = one commit. Machine: ${cpus().length} cores; the worker rows share those cores with PostgreSQL itself.`,
    `Load average (1 min) ${loadStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end: with more runnable processes than cores, adding worker processes cannot add throughput.`,
    "Worker rows are timed from queueing the events (pg-boss insert) to the last one applied, polled every 25 ms.",
  );
  return {
    name: "stores",
    title: "Durable stores: stage transitions per second (one run each)",
    header: ["store", "where", "lanes / workers", "transitions", "time", "transitions/s"],
    rows,
    targets: [],
    failures,
    notes,
    data: summary,
  };
}

if (process.argv[1] === SELF && process.argv[2] === "--child") {
  await childWorker(process.argv[4]);
} else if (process.argv[1] === SELF) {
  const quick = process.argv.includes("--quick");
  const started = Date.now();
  const section = await run({ quick, log: (m) => process.stderr.write(`${m}\n`) });
  const { markdownTable } = await import("./lib/stats.mjs");
  process.stdout.write(`## ${section.title}\n\n${markdownTable(section.header, section.rows)}\n\n`);
  for (const n of section.notes) process.stdout.write(`- note: ${n}\n`);
  for (const f of section.failures) process.stdout.write(`- FAILED: ${f}\n`);
  process.stdout.write(`${JSON.stringify({ bench: "stores", quick, seconds: Math.round((Date.now() - started) / 1000), transitionsPerSecond: section.data, failures: section.failures.length })}\n`);
  process.exitCode = section.failures.length ? 1 : 0;
}

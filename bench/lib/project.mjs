/**
 * The adapter between the benchmarks and the project's BUILT packages. Everything that depends
 * on the public API of @journeys/dsl, @journeys/runtime and the CLI lives here, so an API change
 * touches one file.
 */
import { readFileSync } from "node:fs";
import { importBuilt, SIX_STAGE_JOURNEY } from "./deps.mjs";
import { neutralFactory, SIM_START } from "./generate.mjs";

/** Inputs per `ingestMany` call: big enough to amortise the call, small enough to keep results short-lived. */
const BATCH = 4096;

/**
 * Compiles `.journey` text with @journeys/dsl. Resolves to `{ ir, diagnostics, compileSync }`,
 * where `compileSync(text)` is the bare call the compiler benchmark times (parse + validate +
 * compile to IR and XState config).
 */
export async function compileText(text, file = "<bench>") {
  const dsl = await importBuilt("dsl");
  if (typeof dsl.compile !== "function") throw new Error(`@journeys/dsl exports no compile() (exports: ${Object.keys(dsl).join(", ")})`);
  // compile() = parse + bind + validate + lower to IR + XState config, all in one call.
  const compileSync = (t) => dsl.compile(t, { file });
  const result = compileSync(text);
  return { ir: result.ir, diagnostics: result.diagnostics ?? [], compileSync };
}

/** Compiles a `.journey` file; throws with the first error diagnostics. */
export async function compileFile(path = SIX_STAGE_JOURNEY) {
  const { ir, diagnostics } = await compileText(readFileSync(path, "utf8"), path);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (!ir || errors.length) throw new Error(`${path} does not compile: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return ir;
}

/** A runtime with the in-memory store and a simulated clock; sends go to no-op handlers that count them. */
async function newRuntime(ir, options = {}) {
  const rt = await importBuilt("runtime");
  const clock = rt.createSimulatedClock(SIM_START);
  const counters = { sent: 0 };
  const handlers = {};
  for (const channel of ir.channels) handlers[channel] = () => void counters.sent++;
  const runtime = rt.createRuntime({ journeys: [ir], handlers, clock, store: rt.createMemoryStore(), ...options });
  return { runtime, clock, counters, journeyId: ir.journey.id };
}

/** Current stage of every stored customer (synchronous face of the memory store when present). */
async function stageCounts(runtime, journeyId, customerIds) {
  const counts = {};
  const sync = runtime.store.sync;
  for (const id of customerIds) {
    const doc = sync ? sync.loadCustomer(id) : await runtime.store.loadCustomer(id);
    const s = doc?.journeys?.[journeyId];
    const stage = s && (s.status === "active" || s.status === "completed") ? s.stage : "(none)";
    counts[stage] = (counts[stage] ?? 0) + 1;
  }
  return counts;
}

/**
 * What the store keeps per customer, averaged over `customerIds` (through the public store
 * API): history rows, outbox rows (any status), armed timers. Explains the bytes per customer.
 */
async function inventory(runtime, customerIds) {
  let n = 0;
  const sum = { historyRows: 0, outboxRows: 0, timers: 0 };
  for (const id of customerIds) {
    n++;
    sum.historyRows += (await runtime.store.listHistory(id)).length;
    sum.outboxRows += (await runtime.store.listActions(id)).length;
    sum.timers += (await runtime.store.listTimers(id)).length;
  }
  return Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, n ? v / n : 0]));
}

/**
 * The runtime core subject for bench/lib/subjects.mjs: @journeys/runtime, in-memory store,
 * simulated clock, inputs fed with `ingestMany` (the bulk lane a replay uses) in batches of
 * {@link BATCH}, each batch followed by `runDue()` so queued sends are delivered (and counted)
 * as a host would. `mode: "ingest"` feeds them one `await runtime.ingest()` at a time instead;
 * `engine: "xstate"` selects the runtime's XState engine instead of its compiled fast path.
 * `bare: true` runs it over {@link bareMemoryStore} (an ablation: see there).
 */
export async function createProjectCore({ mode = "batch", engine = "compiled", bare = false } = {}) {
  const ir = await compileFile();
  const { runtime, clock, counters, journeyId } = await newRuntime(ir, { engine, ...(bare ? { store: await bareMemoryStore() } : {}) });
  let delivered = 0;
  // Time spent in runDue() (delivering the queued sends), to split the project's time in the report.
  let deliveryMs = 0;
  return {
    label: mode === "batch" ? "@journeys/runtime ingestMany" : "@journeys/runtime ingest() per input",
    factory: neutralFactory,
    async applyRound(inputs) {
      for (let start = 0; start < inputs.length; start += BATCH) {
        const end = Math.min(start + BATCH, inputs.length);
        // Record upserts happen at the clock's now (S3): move it to the batch's first input.
        clock.set(inputs[start].at);
        if (mode === "batch") {
          const results = await runtime.ingestMany(end - start === inputs.length ? inputs : inputs.slice(start, end));
          for (const r of results) if (r.status === "quarantined") throw new Error(`input quarantined: ${JSON.stringify(r.error)}`);
        } else {
          for (let i = start; i < end; i++) {
            if (inputs[i].kind === "record") clock.set(inputs[i].at);
            const r = await runtime.ingest(inputs[i]);
            if (r.status === "quarantined") throw new Error(`input quarantined: ${JSON.stringify(r.error)}`);
          }
        }
        clock.set(inputs[end - 1].at);
        const t0 = performance.now();
        delivered += (await runtime.runDue()).actionsSent;
        deliveryMs += performance.now() - t0;
      }
    },
    stageCounts: (customerIds) => stageCounts(runtime, journeyId, customerIds),
    totals: () => ({ sends: counters.sent, delivered, deliveryMs }),
    inventory: (customerIds) => inventory(runtime, customerIds),
    runtime,
  };
}

/**
 * An ablation, not a store anyone should use: the in-memory store with its synchronous commit
 * keeping no queued actions, history rows or metric deltas (so nothing is ever delivered). Every
 * decision is still made, validated, deduplicated and stored as state; what is left out is the
 * work the all-move target's XState baseline does not do. It tells how far the rest of the
 * runtime is from that target (docs/benchmarks.md, "Missed targets: why").
 */
async function bareMemoryStore() {
  const rt = await importBuilt("runtime");
  const store = rt.createMemoryStore();
  const commit = store.sync.commit;
  const none = Object.freeze([]);
  store.sync.commit = (r) => {
    // In place: each commit request is the step's own fresh object (no copy charged to the ablation).
    r.actions = none;
    r.history = none;
    r.metrics = none;
    return commit(r);
  };
  return store;
}

/** The timer benchmark's subject: enrol customers, then fire every due timer at `fireAt`. */
export async function createTimerSubject(source) {
  const { ir } = await compileText(source, "timers.journey");
  const { runtime, clock, journeyId } = await newRuntime(ir);
  let ids = [];
  return {
    async enrolAll(customerIds, atOf) {
      ids = customerIds;
      for (let start = 0; start < customerIds.length; start += BATCH) {
        const batch = [];
        for (let i = start; i < Math.min(start + BATCH, customerIds.length); i++) batch.push({ kind: "record", customerId: customerIds[i], record: { email: `${customerIds[i]}@example.com` } });
        clock.set(atOf(start));
        await runtime.ingestMany(batch);
      }
    },
    async fireDue(at) {
      clock.set(at);
      return (await runtime.runDue(at)).timersFired;
    },
    stageCounts: () => stageCounts(runtime, journeyId, ids),
  };
}

/**
 * Arguments of `journey run` for the CLI benchmark (after the bin path). The clock starts at the
 * workload's start (records are applied then) and stops 6 hours later, after the last event and
 * long before the journey's only timer (`inactive for 90 days`) could fire, so the hand-written
 * floor (which fires no timers) describes the same run.
 */
export function cliRunArgs({ journey, records, events, start = SIM_START }) {
  const iso = (t) => new Date(t).toISOString();
  return ["run", journey, "--records", records, "--events", events, "--start", iso(start), "--until", iso(start + 6 * 3_600_000), "--report", "json"];
}

/** `{ counts, sends, goals }` from `journey run --report json` output. */
export function parseCliRunOutput(stdout) {
  const report = JSON.parse(stdout);
  const counts = {};
  for (const s of report.stages) counts[s.stage] = s.current;
  return { counts, sends: report.messages?.total, goals: report.goal?.reached, report };
}

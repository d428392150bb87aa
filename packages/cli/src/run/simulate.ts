/**
 * The simulation behind `journey run`: stream the records, then the events in time order, through
 * the real runtime on an in-memory store and a simulated clock, then let the clock run to the
 * horizon so every timer gets its chance to fire. Input files are streamed; nothing here holds a
 * whole file in memory.
 */
import type { JourneyIR } from "@journeys/dsl";
import { createMemoryStore, createRuntime, createSimulatedClock, type HistoryRow, type IngestResult, type JourneyMetrics } from "@journeys/runtime";
import { readCsv, type CsvRow } from "../io/csv.js";
import { readNdjson, readNdjsonBatches, type NdjsonLine } from "../io/ndjson.js";
import { parseEventLine, splitRecord } from "./inputs.js";
import { observeStore, RunRecorder, type MessageTally, type VariantTally } from "./recorder.js";
import { applyEvents, type EventCounts } from "./apply-events.js";
import { longestTimerMs, parseDate, shortestTimerMs, type Until } from "./time.js";

/** Records are ingested in batches (one promise per batch with the in-memory store). */
const RECORD_BATCH = 1000;

/** One input that was not applied: a bad line, an invalid record or event, an out-of-order event. */
export interface QuarantinedInput {
  readonly file: string;
  readonly line: number;
  readonly customer: string | null;
  readonly reason: string;
}

/** Where the inputs come from and how far to run. */
export interface SimulationInput {
  readonly ir: JourneyIR;
  readonly records: { readonly path: string; readonly file: string; readonly format: "ndjson" | "csv" };
  readonly events?: { readonly path: string; readonly file: string };
  readonly until?: Until;
  /** Clock start; default the first event's time (or now, without events). */
  readonly start?: number;
  /** Called for each quarantined input as it happens (the CLI prints a one-line error). */
  readonly onQuarantine?: (q: QuarantinedInput) => void;
  /** Called with the total bytes read across both files. */
  readonly onBytes?: (bytes: number) => void;
  /** Receives history rows as they are committed (the trace). */
  readonly onHistory?: (rows: readonly HistoryRow[]) => void;
  /** Awaited between batches so a slow trace file applies back-pressure. */
  readonly drain?: () => Promise<void>;
  /** The wall clock, for a run without events or `start`. */
  readonly now?: () => number;
}

/** Everything the report needs. */
export interface SimulationResult {
  readonly start: number;
  readonly until: number;
  readonly records: { read: number; applied: number; quarantined: number };
  readonly events: EventCounts;
  readonly timersFired: number;
  readonly metrics: JourneyMetrics;
  readonly messages: MessageTally;
  /** Per split arm and holdout group. */
  readonly variants: ReadonlyMap<string, VariantTally>;
  readonly quarantined: readonly QuarantinedInput[];
  /** Quarantined inputs beyond the first {@link MAX_LISTED} are counted, not listed. */
  readonly quarantinedTotal: number;
}

/** The report lists at most this many quarantined inputs. */
export const MAX_LISTED = 100;

/**
 * Runs the simulation. I/O errors on the input files are thrown (the command turns them into a
 * one-line error, exit 2); bad lines and invalid inputs are quarantined and the run goes on.
 *
 * @example
 * ```ts
 * const result = await simulate({ ir, records: { path, file: "customers.ndjson", format: "ndjson" } });
 * result.metrics.all.goalConversion;
 * ```
 */
export async function simulate(input: SimulationInput): Promise<SimulationResult> {
  const { ir } = input;
  // The IR is plain JSON: a split anywhere in the stages shows up as this key/value pair.
  const splits = JSON.stringify(ir.stages).includes('"kind":"split"');
  const recorder = new RunRecorder({ holdout: ir.holdout > 0, splits }, input.onHistory);
  const quarantined: QuarantinedInput[] = [];
  let quarantinedTotal = 0;
  const quarantine = (q: QuarantinedInput) => {
    quarantinedTotal++;
    if (quarantined.length < MAX_LISTED) quarantined.push(q);
    input.onQuarantine?.(q);
  };

  let recordBytes = 0;
  let eventBytes = 0;
  const progress = () => input.onBytes?.(recordBytes + eventBytes);

  const start = input.start ?? (input.events ? await firstEventTime(input.events.path) : undefined) ?? floorToMinute(input.now?.() ?? Date.now());
  const horizon = input.until === undefined ? undefined : input.until.kind === "at" ? input.until.at : start + input.until.ms;
  const clock = createSimulatedClock(start);
  const handlers = Object.fromEntries(usedChannels(ir).map((channel) => [channel, recorder.handler]));
  const memory = createMemoryStore();
  const runtime = createRuntime({ journeys: [ir], store: observeStore(memory, recorder), clock, handlers });

  // Records: all applied at the start time, in batches.
  const records = { read: 0, applied: 0, quarantined: 0 };
  // Bad lines wait in the batch too, so that problems are reported in line order.
  type Pending = { line: number; customer: string; input: unknown } | { line: number; problem: string };
  let batch: Pending[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const valid = batch.filter((b): b is Extract<Pending, { input: unknown }> => "input" in b);
    const results = await runtime.ingestMany(valid.map((b) => b.input));
    const outcome = new Map(valid.map((b, i) => [b, results[i]!]));
    for (const item of batch) {
      const result = outcome.get(item as Extract<Pending, { input: unknown }>);
      if ("problem" in item) {
        records.quarantined++;
        quarantine({ file: input.records.file, line: item.line, customer: null, reason: item.problem });
      } else if (result?.status === "quarantined") {
        records.quarantined++;
        quarantine({ file: input.records.file, line: item.line, customer: item.customer, reason: `customer "${item.customer}": ${reasonOf(result)}` });
      } else records.applied++;
    }
    batch = [];
    await runtime.runDue();
    await input.drain?.();
  };
  const rows: AsyncIterable<readonly (NdjsonLine | CsvRow)[]> =
    input.records.format === "csv"
      ? inGroups(readCsv(input.records.path, { fields: ir.customer, onBytes: (b) => ((recordBytes = b), progress()) }), RECORD_BATCH)
      : readNdjsonBatches(input.records.path, { onBytes: (b) => ((recordBytes = b), progress()) });
  for await (const group of rows) {
    for (const row of group) {
      records.read++;
      const record = row.ok ? splitRecord(row.value) : ({ ok: false, error: row.error } as const);
      if (record.ok) batch.push({ line: row.line, customer: record.id, input: { kind: "record", customerId: record.id, record: record.fields } });
      else batch.push({ line: row.line, problem: record.error });
      if (batch.length >= RECORD_BATCH) await flush();
    }
  }
  await flush();

  // Events: in time order, each after the timers due before it.
  let events: EventCounts = { read: 0, applied: 0, duplicates: 0, quarantined: 0, afterUntil: 0 };
  let timersFired = 0;
  let lastAt: number | undefined;
  if (input.events) {
    const applied = await applyEvents({
      runtime,
      store: memory,
      clock,
      path: input.events.path,
      file: input.events.file,
      horizon,
      shortestTimerMs: shortestTimerMs(ir),
      quarantine,
      onBytes: (b) => ((eventBytes = b), progress()),
      ...(input.drain ? { drain: input.drain } : {}),
    });
    ({ counts: events, timersFired, lastAt } = applied);
  }

  const until = horizon ?? (lastAt ?? start) + longestTimerMs(ir);
  if (until > clock.now()) timersFired += (await runtime.runUntil(until)).timersFired;
  else timersFired += (await runtime.runDue()).timersFired;
  await input.drain?.();

  return {
    start,
    until: Math.max(until, start),
    records,
    events,
    timersFired,
    metrics: await runtime.metrics(),
    messages: recorder.messages,
    variants: recorder.variants,
    quarantined,
    quarantinedTotal,
  };
}

/** The time of the first well-formed event line, read without loading the file. */
async function firstEventTime(path: string): Promise<number | undefined> {
  for await (const line of readNdjson(path)) {
    if (!line.ok) continue;
    const parsed = parseEventLine(line.value);
    if (parsed.success) return parseDate(parsed.data.at);
  }
  return undefined;
}

/** Every channel the journey declares or sends on: each gets a recording handler. */
function usedChannels(ir: JourneyIR): string[] {
  const channels = new Set(ir.channels);
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === "object") {
      const o = value as Record<string, unknown>;
      if (o.kind === "send" && typeof o.channel === "string") channels.add(o.channel);
      Object.values(o).forEach(visit);
    }
  };
  visit(ir.stages);
  return [...channels];
}

function reasonOf(result: Extract<IngestResult, { status: "quarantined" }>): string {
  return result.error.message.replace(/\.$/, "");
}


function floorToMinute(ms: number): number {
  return ms - (ms % 60_000);
}

/** Groups the items of an async iterable into arrays of up to `size`. */
async function* inGroups<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let group: T[] = [];
  for await (const item of items) {
    group.push(item);
    if (group.length >= size) {
      yield group;
      group = [];
    }
  }
  if (group.length > 0) yield group;
}

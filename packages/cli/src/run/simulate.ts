/**
 * The simulation behind `journey run`: stream the records, then the events in time order, through
 * the real runtime on an in-memory store and a simulated clock, then let the clock run to the
 * horizon so every timer gets its chance to fire. Input files are streamed; nothing here holds a
 * whole file in memory.
 */
import type { JourneyIR } from "@journeys/dsl";
import { createMemoryStore, createRuntime, createSimulatedClock, type HistoryRow, type JourneyMetrics } from "@journeys/runtime";
import { readNdjson } from "../io/ndjson.js";
import { applyEvents, type EventCounts } from "./apply-events.js";
import { applyRecords, type RecordCounts } from "./apply-records.js";
import { forEachNode } from "./ir-walk.js";
import { parseEventLine } from "./inputs.js";
import { observeStore, RunRecorder, type MessageTally, type VariantTally } from "./recorder.js";
import { longestTimerMs, parseDate, shortestTimerMs, type Until } from "./time.js";

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
  readonly records: RecordCounts;
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
  let splits = false;
  forEachNode([ir.stages], (node) => {
    if (node.kind === "split") splits = true;
  });
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

  // Records: all applied at the start time.
  const records = await applyRecords({
    runtime,
    ir,
    ...input.records,
    quarantine,
    onBytes: (b) => ((recordBytes = b), progress()),
    ...(input.drain ? { drain: input.drain } : {}),
  });

  // Events: in time order, each after the timers due before it.
  let events: EventCounts = { read: 0, applied: 0, duplicates: 0, quarantined: 0, afterUntil: 0, beforeStart: 0 };
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
      start,
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
  forEachNode([ir.stages], (node) => {
    if (node.kind === "send" && typeof node.channel === "string") channels.add(node.channel);
  });
  return [...channels];
}

function floorToMinute(ms: number): number {
  return ms - (ms % 60_000);
}

/**
 * Feeding the event file to the runtime in time order. Events are applied in batches through
 * `runtime.ingestMany()` (no promise per event with the in-memory store), cut so that no timer
 * can fall due inside a batch: a batch ends before the earliest armed timer and spans less than
 * the journey's shortest delay, so every timer still fires before the first event after its due
 * time, exactly as if events were applied one at a time.
 */
import type { JourneyRuntime, MemoryStore, SimulatedClock } from "@journeys/runtime";
import { readNdjsonBatches } from "../io/ndjson.js";
import { describeIssues, parseEventLine } from "./inputs.js";
import { parseDate } from "./time.js";
import type { QuarantinedInput } from "./simulate.js";

/** Most events applied in one batch. */
const EVENT_BATCH = 4096;

/** Counts of the event file. */
export interface EventCounts {
  read: number;
  applied: number;
  duplicates: number;
  quarantined: number;
  afterUntil: number;
}

/** What {@link applyEvents} works with. */
export interface EventFeed {
  readonly runtime: JourneyRuntime;
  readonly store: MemoryStore;
  readonly clock: SimulatedClock;
  readonly path: string;
  readonly file: string;
  /** Events after this time are counted, not applied. */
  readonly horizon: number | undefined;
  /** The journey's shortest delay ({@link shortestTimerMs}); 0 applies events one by one. */
  readonly shortestTimerMs: number;
  readonly quarantine: (q: QuarantinedInput) => void;
  readonly onBytes: (bytes: number) => void;
  readonly drain?: () => Promise<void>;
}

/** A line that is not applied, kept to be reported in line order with the runtime's own rejections. */
interface Problem {
  /** How many valid events of the batch come before it. */
  readonly before: number;
  readonly line: number;
  readonly customer: string | null;
  readonly problem: string;
}

/**
 * Applies every event of the file; returns the counts, the timers fired on the way and the time
 * of the last event (for the default horizon).
 *
 * @example
 * ```ts
 * const { counts, lastAt } = await applyEvents({ runtime, store, clock, path, file, horizon, shortestTimerMs: 3_600_000, quarantine, onBytes });
 * ```
 */
export async function applyEvents(feed: EventFeed): Promise<{ counts: EventCounts; timersFired: number; lastAt: number | undefined }> {
  const { runtime, clock } = feed;
  const counts: EventCounts = { read: 0, applied: 0, duplicates: 0, quarantined: 0, afterUntil: 0 };
  let timersFired = 0;
  let lastAt: number | undefined;
  // The batch as parallel arrays: the inputs go to ingestMany as they are, without a copy.
  let inputs: unknown[] = [];
  let inputLines: number[] = [];
  let inputCustomers: string[] = [];
  let problems: Problem[] = [];
  let batchEvents = 0;
  /** Events at or after this time go to the next batch. */
  let limit = -Infinity;

  const reportProblem = (p: Problem) => {
    counts.quarantined++;
    feed.quarantine({ file: feed.file, line: p.line, customer: p.customer, reason: p.problem });
  };
  const flush = async () => {
    if (inputs.length === 0 && problems.length === 0) return;
    const results = inputs.length === 0 ? [] : await runtime.ingestMany(inputs);
    let p = 0;
    for (let i = 0; i < results.length; i++) {
      while (p < problems.length && problems[p]!.before === i) reportProblem(problems[p++]!);
      const result = results[i]!;
      if (result.status === "quarantined") {
        counts.quarantined++;
        const customer = inputCustomers[i]!;
        feed.quarantine({ file: feed.file, line: inputLines[i]!, customer, reason: `customer "${customer}": ${result.error.message.replace(/\.$/, "")}` });
      } else if (result.status === "duplicate") counts.duplicates++;
      else counts.applied++;
    }
    while (p < problems.length) reportProblem(problems[p++]!);
    inputs = [];
    inputLines = [];
    inputCustomers = [];
    problems = [];
    batchEvents = 0;
    // Deliver the batch's actions; no timer can be due yet (see the module comment).
    if (lastAt !== undefined) clock.set(lastAt);
    timersFired += (await runtime.runDue()).timersFired;
    await feed.drain?.();
  };

  for await (const lines of readNdjsonBatches(feed.path, { onBytes: feed.onBytes })) {
    for (const line of lines) {
      counts.read++;
      if (!line.ok) {
        problems.push({ before: inputs.length, line: line.line, customer: null, problem: line.error });
        continue;
      }
      const parsed = parseEventLine(line.value);
      if (!parsed.success) {
        problems.push({ before: inputs.length, line: line.line, customer: customerOf(line.value), problem: `event ${describeIssues(parsed.error, line.value)}` });
        continue;
      }
      const event = parsed.data;
      // parseEventLine has checked the date (and parseDate keeps its last answer).
      const at = parseDate(event.at)!;
      if (feed.horizon !== undefined && at > feed.horizon) {
        counts.afterUntil++;
        continue;
      }
      if (lastAt !== undefined && at < lastAt) {
        problems.push({ before: inputs.length, line: line.line, customer: event.customer, problem: `event "${event.type}" at ${event.at} goes back in time (events must be in time order)` });
        continue;
      }
      if (batchEvents > 0 && (at >= limit || batchEvents >= EVENT_BATCH)) await flush();
      if (batchEvents === 0) {
        // A new batch starts at `at`: first fire every timer due up to then.
        if (at > clock.now()) timersFired += (await runtime.runUntil(at)).timersFired;
        const nextDue = await feed.store.nextTimerDue();
        limit = Math.min(nextDue ?? Infinity, at + feed.shortestTimerMs);
      }
      lastAt = at;
      batchEvents++;
      inputs.push({ kind: "event", id: event.id ?? `${feed.file}:${line.line}`, customerId: event.customer, type: event.type, at, properties: event.properties ?? {} });
      inputLines.push(line.line);
      inputCustomers.push(event.customer);
    }
  }
  await flush();
  return { counts, timersFired, lastAt };
}

function customerOf(value: unknown): string | null {
  const customer = (value as { customer?: unknown } | null)?.customer;
  return typeof customer === "string" ? customer : null;
}

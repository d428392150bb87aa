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

type Pending =
  | { readonly line: number; readonly customer: string; readonly type: string; readonly input: unknown }
  | { readonly line: number; readonly customer: string | null; readonly problem: string };

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
  let batch: Pending[] = [];
  let batchEvents = 0;
  /** Events at or after this time go to the next batch. */
  let limit = -Infinity;

  const flush = async () => {
    if (batch.length === 0) return;
    const valid = batch.filter((p): p is Extract<Pending, { input: unknown }> => "input" in p);
    const results = valid.length === 0 ? [] : await runtime.ingestMany(valid.map((p) => p.input));
    let i = 0;
    for (const item of batch) {
      if ("problem" in item) {
        counts.quarantined++;
        feed.quarantine({ file: feed.file, line: item.line, customer: item.customer, reason: item.problem });
        continue;
      }
      const result = results[i++]!;
      if (result.status === "quarantined") {
        counts.quarantined++;
        feed.quarantine({ file: feed.file, line: item.line, customer: item.customer, reason: `customer "${item.customer}": ${result.error.message.replace(/\.$/, "")}` });
      } else if (result.status === "duplicate") counts.duplicates++;
      else counts.applied++;
    }
    batch = [];
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
        batch.push({ line: line.line, customer: null, problem: line.error });
        continue;
      }
      const parsed = parseEventLine(line.value);
      if (!parsed.success) {
        batch.push({ line: line.line, customer: customerOf(line.value), problem: `event ${describeIssues(parsed.error, line.value)}` });
        continue;
      }
      const event = parsed.data;
      // parseEventLine has checked the format; Date.parse alone gives the time.
      const at = Date.parse(event.at);
      if (feed.horizon !== undefined && at > feed.horizon) {
        counts.afterUntil++;
        continue;
      }
      if (lastAt !== undefined && at < lastAt) {
        batch.push({ line: line.line, customer: event.customer, problem: `event "${event.type}" at ${event.at} goes back in time (events must be in time order)` });
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
      batch.push({
        line: line.line,
        customer: event.customer,
        type: event.type,
        input: { kind: "event", id: event.id ?? `${feed.file}:${line.line}`, customerId: event.customer, type: event.type, at, properties: event.properties ?? {} },
      });
    }
  }
  await flush();
  return { counts, timersFired, lastAt };
}

function customerOf(value: unknown): string | null {
  const customer = (value as { customer?: unknown } | null)?.customer;
  return typeof customer === "string" ? customer : null;
}

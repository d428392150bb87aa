/**
 * Feeding the event file to the runtime in time order. Events are applied in batches through
 * `runtime.ingestMany()` (no promise per event with the in-memory store), cut so that no timer
 * can fall due inside a batch: a batch ends before the earliest armed timer and spans less than
 * the journey's shortest delay, so every timer still fires before the first event after its due
 * time, exactly as if events were applied one at a time.
 */
import type { JourneyRuntime, MemoryStore, SimulatedClock } from "@journeys/runtime";
import { JsonScanner } from "../io/json-scan.js";
import { chunkIsUtf8, invalidUtf8Line, lineEnd, parseLine, readLineChunks } from "../io/ndjson.js";
import { eventAtText, scanEventLine, scannedEvent } from "./event-scan.js";
import { InputBatch } from "./input-batch.js";
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
  /** Events dated before the simulation's start (`--start`): counted, not applied. */
  beforeStart: number;
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
  /** The simulation's start: events before it are counted, not applied (the clock cannot go back). */
  readonly start: number;
  /** The journey's shortest delay ({@link shortestTimerMs}); 0 applies events one by one. */
  readonly shortestTimerMs: number;
  readonly quarantine: (q: QuarantinedInput) => void;
  readonly onBytes: (bytes: number) => void;
  readonly drain?: () => Promise<void>;
}

/**
 * Applies every event of the file; returns the counts, the timers fired on the way and the time
 * of the last event (for the default horizon).
 *
 * @example
 * ```ts
 * const { counts, lastAt } = await applyEvents({ runtime, store, clock, path, file, horizon, start, shortestTimerMs: 3_600_000, quarantine, onBytes });
 * ```
 */
export async function applyEvents(feed: EventFeed): Promise<{ counts: EventCounts; timersFired: number; lastAt: number | undefined }> {
  const { runtime, clock } = feed;
  const counts: EventCounts = { read: 0, applied: 0, duplicates: 0, quarantined: 0, afterUntil: 0, beforeStart: 0 };
  let timersFired = 0;
  let lastAt: number | undefined;
  const batch = new InputBatch(runtime, feed.file, feed.quarantine, EVENT_BATCH);
  /** Events at or after this time go to the next batch. */
  let limit = -Infinity;

  const flush = async () => {
    if (batch.empty) return;
    await batch.flush(counts);
    // Deliver the batch's actions, stepping the clock (still at the batch's first event) through
    // the times they were queued at, so each is delivered, and its "sent" row stamped, at its own
    // event's time, as one at a time would. No timer can be due yet (see the module comment).
    if (lastAt !== undefined) timersFired += (await runtime.runUntil(lastAt)).timersFired;
    else timersFired += (await runtime.runDue()).timersFired;
    await feed.drain?.();
  };

  // A line not applied waits in the batch to be reported in line order; a run of them (a file
  // of bad lines) is flushed as it grows, so that memory does not grow with the file.
  const problem = async (line: number, customer: string | null, reason: string) => {
    batch.problem(line, customer, reason);
    if (batch.problemCount >= EVENT_BATCH) await flush();
  };

  const scan = new JsonScanner();
  const fast = scannedEvent();
  let line = 0;
  for await (const buf of readLineChunks(feed.path, { onBytes: feed.onBytes })) {
    const valid = chunkIsUtf8(buf);
    for (let start = 0, end = 0; start < buf.length; start = end + 1) {
      line++;
      const bad = valid ? null : invalidUtf8Line(buf, start);
      if (bad !== null) {
        end = bad.end;
        counts.read++;
        await problem(line, null, bad.error);
        continue;
      }
      let id: string | undefined;
      let customer: string;
      let type: string;
      let at: number;
      let properties: Record<string, unknown> | undefined;
      let atText: string | undefined;
      end = scanEventLine(scan, buf, start, fast);
      if (end >= 0) {
        ({ id, customer, type, at, properties } = fast);
      } else {
        // The slow path, which also explains every rejection.
        end = lineEnd(buf, start);
        const parsed = parseLine(buf.toString("utf8", start, end), line);
        if (parsed === undefined) continue; // a blank line
        if (!parsed.ok) {
          counts.read++;
          await problem(line, null, parsed.error);
          continue;
        }
        const event = parseEventLine(parsed.value);
        if (!event.success) {
          counts.read++;
          await problem(line, customerOf(parsed.value), `event ${describeIssues(event.error, parsed.value)}`);
          continue;
        }
        ({ id, customer, type, properties } = event.data);
        atText = event.data.at;
        // parseEventLine has checked the date (and parseDate keeps its last answer).
        at = parseDate(atText)!;
      }
      counts.read++;
      if (feed.horizon !== undefined && at > feed.horizon) {
        counts.afterUntil++;
        continue;
      }
      if (lastAt !== undefined && at < lastAt) {
        await problem(line, customer, `event "${type}" at ${atText ?? eventAtText(buf, fast)} goes back in time (events must be in time order)`);
        continue;
      }
      if (at < feed.start) {
        counts.beforeStart++;
        continue;
      }
      if (batch.size > 0 && (at >= limit || batch.size >= EVENT_BATCH)) await flush();
      if (batch.size === 0) {
        // A new batch starts at `at`: first fire every timer due up to then.
        if (at > clock.now()) timersFired += (await runtime.runUntil(at)).timersFired;
        const nextDue = await feed.store.nextTimerDue();
        limit = Math.min(nextDue ?? Infinity, at + feed.shortestTimerMs);
      }
      lastAt = at;
      batch.add({ kind: "event", id: id ?? `${feed.file}:${line}`, customerId: customer, type, at, properties }, line);
    }
  }
  await flush();
  return { counts, timersFired, lastAt };
}

function customerOf(value: unknown): string | null {
  const customer = (value as { customer?: unknown } | null)?.customer;
  return typeof customer === "string" ? customer : null;
}

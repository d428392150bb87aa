/**
 * The `--trace` file: one JSON line per history row of the simulation (stage enter / exit,
 * action queued / sent / skipped, enrolment, goal, exit rule, completion), written as the
 * runtime commits them so the trace of a long run is never held in memory.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import type { HistoryRow } from "@journeys/runtime";
import { isoTime } from "../run/time.js";

/** One line of the trace file. */
export interface TraceLine {
  readonly at: string;
  readonly customer: string;
  readonly type: HistoryRow["type"];
  readonly stage: string | null;
  readonly reason: string;
  readonly action?: string;
  readonly status?: string;
  readonly detail?: unknown;
}

/**
 * A trace line for a history row.
 *
 * @example
 * ```ts
 * traceLine(row); // { at: "2026-01-05T09:50:00Z", customer: "c001", type: "enter", stage: "welcome", reason: "..." }
 * ```
 */
export function traceLine(row: HistoryRow): TraceLine {
  const line: { -readonly [K in keyof TraceLine]: TraceLine[K] } = {
    at: isoTime(row.at),
    customer: row.customerId,
    type: row.type,
    stage: row.stage,
    reason: row.reason,
  };
  if (row.actionId !== undefined) line.action = row.actionId;
  if (row.status !== undefined) line.status = row.status;
  if (row.detail !== undefined) line.detail = row.detail;
  return line;
}

/**
 * Waits for `event` or an error (kept by the stream's own error listener). `once` rejects on
 * "error" by itself and removes both of its listeners either way; racing it with a second
 * `once(stream, "error")` left that one behind at every wait, until Node warned of a leak.
 */
async function settled(stream: WriteStream, event: string): Promise<void> {
  await once(stream, event).catch(() => undefined);
}

/** Rows held before a drain point at most; past it they are written (sorted) at once. */
const MAX_PENDING_ROWS = 100_000;

/**
 * Writes trace lines to a file, honouring back-pressure at {@link TraceWriter.drain} points.
 * The rows between two drain points (`journey run` drains after each batch of events) are
 * written in time order: a batch's deliveries are committed after all of its events, and their
 * "sent" rows, stamped with their own events' times, would otherwise go back in time.
 */
export class TraceWriter {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  private backlog = false;
  private pending: HistoryRow[] = [];
  lines = 0;

  /** Opens (truncates) `path`. Errors surface from {@link TraceWriter.drain} and {@link TraceWriter.close}. */
  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: "utf8" });
    this.stream.on("error", (error) => {
      this.failure = error;
    });
  }

  /**
   * Resolves once the file is open; rejects with the opening error (no such folder, a folder,
   * permission), so that a run fails before its work rather than after it.
   */
  async ready(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.pending) return;
    await settled(this.stream, "ready");
    if (this.failure) throw this.failure;
  }

  /** Takes the rows, to be written at the next drain point; never blocks (see {@link TraceWriter.drain}). */
  write(rows: readonly HistoryRow[]): void {
    if (rows.length === 0 || this.failure) return;
    for (const row of rows) this.pending.push(row);
    this.lines += rows.length;
    if (this.pending.length >= MAX_PENDING_ROWS) this.writePending();
  }

  /** Writes the rows taken since the last drain point, in time order (a stable sort: ties keep commit order). */
  private writePending(): void {
    const rows = this.pending;
    if (rows.length === 0) return;
    this.pending = [];
    let sorted = true;
    for (let i = 1; i < rows.length && sorted; i++) if (rows[i]!.at < rows[i - 1]!.at) sorted = false;
    if (!sorted) rows.sort((a, b) => a.at - b.at);
    let text = "";
    for (const row of rows) text += `${JSON.stringify(traceLine(row))}\n`;
    if (!this.stream.write(text)) this.backlog = true;
  }

  /** Writes what was taken since the last drain point, then waits until the file has caught up, when it has fallen behind. */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    this.writePending();
    if (!this.backlog) return;
    this.backlog = false;
    await settled(this.stream, "drain");
    if (this.failure) throw this.failure;
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.writePending();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    if (this.failure) throw this.failure;
  }
}

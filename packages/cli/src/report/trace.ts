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

/** Writes trace lines to a file, honouring back-pressure at {@link TraceWriter.drain} points. */
export class TraceWriter {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  private backlog = false;
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

  /** Appends the rows; never blocks (see {@link TraceWriter.drain}). */
  write(rows: readonly HistoryRow[]): void {
    if (rows.length === 0 || this.failure) return;
    let text = "";
    for (const row of rows) text += `${JSON.stringify(traceLine(row))}\n`;
    this.lines += rows.length;
    if (!this.stream.write(text)) this.backlog = true;
  }

  /** Waits until the file has caught up, when it has fallen behind. */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.backlog) return;
    this.backlog = false;
    await settled(this.stream, "drain");
    if (this.failure) throw this.failure;
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    if (this.failure) throw this.failure;
  }
}

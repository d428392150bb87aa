/**
 * Streaming NDJSON reader: one JSON value per line, read in 1 MiB chunks so a large record or
 * event file is never held in memory. A line that is not valid JSON is yielded as a bad line
 * (with its 1-based line number) and reading continues.
 */
import { createReadStream } from "node:fs";

/** Chunk size used when reading input files: 1 MiB. */
export const CHUNK_BYTES = 1024 * 1024;

/** One line of an NDJSON file: either a parsed value or the reason it could not be parsed. */
export type NdjsonLine =
  | { readonly ok: true; readonly line: number; readonly value: unknown }
  | { readonly ok: false; readonly line: number; readonly error: string };

/** Options for {@link readNdjson}. */
export interface ReadNdjsonOptions {
  /** Called after each chunk with the number of bytes read so far (drives the progress bar). */
  readonly onBytes?: (bytesRead: number) => void;
  /** Chunk size in bytes (default {@link CHUNK_BYTES}); tests use a tiny one to split lines across chunks. */
  readonly chunkBytes?: number;
}

/**
 * Reads an NDJSON file in chunks and yields the lines of each chunk together, so that a caller
 * going through millions of lines pays one promise per chunk, not one per line. Lines are split
 * on the newline byte (it never occurs inside a multi-byte UTF-8 character) and decoded one by
 * one. Blank lines are skipped; `\r\n` endings are accepted. Errors opening or reading the file
 * are thrown (an I/O problem); bad lines are not.
 *
 * @example
 * ```ts
 * for await (const lines of readNdjsonBatches("events.ndjson")) {
 *   for (const line of lines) if (!line.ok) console.error(`events.ndjson:${line.line}: ${line.error}`);
 * }
 * ```
 */
export async function* readNdjsonBatches(path: string, options: ReadNdjsonOptions = {}): AsyncGenerator<NdjsonLine[]> {
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? CHUNK_BYTES });
  let carry: Buffer | undefined;
  let lineNumber = 0;
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    const lines: NdjsonLine[] = [];
    let start = 0;
    let newline = buf.indexOf(10, start);
    while (newline !== -1) {
      lineNumber++;
      const parsed = parseLine(buf.toString("utf8", start, newline), lineNumber);
      if (parsed) lines.push(parsed);
      start = newline + 1;
      newline = buf.indexOf(10, start);
    }
    carry = start < buf.length ? Buffer.from(buf.subarray(start)) : undefined;
    options.onBytes?.(bytes);
    if (lines.length > 0) yield lines;
  }
  if (carry) {
    const parsed = parseLine(carry.toString("utf8"), lineNumber + 1);
    if (parsed) yield [parsed];
  }
}

/**
 * Reads an NDJSON file line by line (see {@link readNdjsonBatches}).
 *
 * @example
 * ```ts
 * for await (const line of readNdjson("events.ndjson")) {
 *   if (line.ok) handle(line.value);
 *   else console.error(`events.ndjson:${line.line}: ${line.error}`);
 * }
 * ```
 */
export async function* readNdjson(path: string, options: ReadNdjsonOptions = {}): AsyncGenerator<NdjsonLine> {
  for await (const lines of readNdjsonBatches(path, options)) yield* lines;
}

/** Parses one line; `undefined` for a blank line. Exported for unit tests. */
export function parseLine(raw: string, line: number): NdjsonLine | undefined {
  const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  // A UTF-8 byte-order mark on the first line is not part of the JSON.
  const clean = line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (clean.trim() === "") return undefined;
  try {
    return { ok: true, line, value: JSON.parse(clean) as unknown };
  } catch (error) {
    return { ok: false, line, error: `not valid JSON (${describeJsonError(error)})` };
  }
}

function describeJsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // V8 appends the whole input to some messages and counts positions from 0 within the line;
  // keep the first clause and report a 1-based column.
  const first = message.split(/, "|\n/)[0] ?? "invalid JSON";
  return first
    .replace(/ in JSON at position (\d+)(?: \(line \d+ column \d+\))?/, (_, pos: string) => ` at column ${Number(pos) + 1}`)
    .replace(/\.$/, "");
}

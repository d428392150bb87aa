/**
 * Streaming NDJSON reader: one JSON value per line, read in 1 MiB chunks so a large record or
 * event file is never held in memory. A line that is not valid JSON is yielded as a bad line
 * (with its 1-based line number) and reading continues.
 */
import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { firstInvalidUtf8 } from "./utf8.js";

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
 * Reads a file in chunks and yields runs of whole lines as bytes, for callers that scan lines
 * without decoding them (see io/json-scan.ts). Every chunk holds whole lines, each ending with a
 * line feed except the file's last line when the file does not end with one; a line split by a
 * read is carried into the next chunk, so a caller numbers lines by counting them across chunks.
 * Errors opening or reading the file are thrown.
 *
 * @example
 * ```ts
 * let line = 0;
 * for await (const buf of readLineChunks("events.ndjson")) {
 *   for (let start = 0; start < buf.length; ) {
 *     const end = lineEnd(buf, start);
 *     handle(buf, start, end, ++line);
 *     start = end + 1;
 *   }
 * }
 * ```
 */
export async function* readLineChunks(path: string, options: ReadNdjsonOptions = {}): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? CHUNK_BYTES });
  // The start of a line not yet ended, in pieces: joined once when its line feed comes, so that a
  // line spanning many reads is copied once, not once per read (quadratic in its length).
  let carry: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    options.onBytes?.(bytes);
    const last = chunk.lastIndexOf(10);
    if (last === -1) {
      carry.push(Buffer.from(chunk));
      continue;
    }
    const lines = carry.length === 0 ? chunk.subarray(0, last + 1) : Buffer.concat([...carry, chunk.subarray(0, last + 1)]);
    carry = last + 1 < chunk.length ? [Buffer.from(chunk.subarray(last + 1))] : [];
    yield lines;
  }
  if (carry.length > 0) yield Buffer.concat(carry);
}

/**
 * Where the line starting at `start` ends: its line feed, or the end of the buffer.
 *
 * @example
 * ```ts
 * lineEnd(Buffer.from("ab\ncd"), 0); // 2
 * lineEnd(Buffer.from("ab\ncd"), 3); // 5
 * ```
 */
export function lineEnd(buf: Buffer, start: number): number {
  const newline = buf.indexOf(10, start);
  return newline === -1 ? buf.length : newline;
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
  let line = 0;
  for await (const buf of readLineChunks(path, options)) {
    const lines: NdjsonLine[] = [];
    const valid = chunkIsUtf8(buf);
    for (let start = 0; start < buf.length; ) {
      const bad = valid ? null : invalidUtf8Line(buf, start);
      if (bad !== null) {
        lines.push({ ok: false, line: ++line, error: bad.error });
        start = bad.end + 1;
        continue;
      }
      const end = lineEnd(buf, start);
      const parsed = parseLine(buf.toString("utf8", start, end), ++line);
      if (parsed) lines.push(parsed);
      start = end + 1;
    }
    if (lines.length > 0) yield lines;
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

/**
 * Whether every line of a chunk is valid UTF-8: one native pass over the chunk, so that a file
 * of valid text pays nothing per line. When it is not, callers check each line with
 * {@link invalidUtf8Line}.
 */
export function chunkIsUtf8(buf: Buffer): boolean {
  return isUtf8(buf);
}

/**
 * The line starting at `start` when it is not valid UTF-8: where it ends and why it is refused
 * (the first bad byte and its place in the line, 1-based); `null` for a valid line. Decoding
 * such a line would put U+FFFD in place of its bad bytes, silently changing an id or a value
 * (two customers "c\xff" and "c\xfe" would become one), so the line is quarantined instead.
 *
 * @example
 * ```ts
 * invalidUtf8Line(Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), 0); // { end: 3, error: "not valid UTF-8 (byte 0xFF at byte 2 of the line)" }
 * ```
 */
export function invalidUtf8Line(buf: Buffer, start: number): { end: number; error: string } | null {
  const end = lineEnd(buf, start);
  if (isUtf8(buf.subarray(start, end))) return null;
  const at = firstInvalidUtf8(buf, start, end);
  const byte = buf[at]!.toString(16).toUpperCase().padStart(2, "0");
  return { end, error: `not valid UTF-8 (byte 0x${byte} at byte ${at - start + 1} of the line)` };
}

const JSON_BLANK = /^[ \t\r\n]*$/;

/** Parses one line; `undefined` for a blank line. Exported for unit tests. */
export function parseLine(raw: string, line: number): NdjsonLine | undefined {
  const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  // A UTF-8 byte-order mark on the first line is not part of the JSON.
  const clean = line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Blank means JSON's own whitespace only: a line of no-break or ideographic spaces is not
  // blank to JSON, so it is reported (and quarantined), not skipped.
  if (JSON_BLANK.test(clean)) return undefined;
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
  return (
    first
      .replace(/ in JSON at position (\d+)(?: \(line \d+ column \d+\))?/, (_, pos: string) => ` at column ${Number(pos) + 1}`)
      // An invisible character (a no-break space, say) is named by its code point.
      .replace(/Unexpected token '([\s\p{Cf}\p{Cc}])'/u, (_, ch: string) => `Unexpected character U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`)
      .replace(/\.$/, "")
  );
}

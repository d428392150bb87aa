/**
 * The fast path for an NDJSON record line: the customer id and the fields to upsert read straight
 * from the line's bytes, the same result as `JSON.parse` then {@link splitRecord} without the
 * decoded line and without the parsed object that `splitRecord` copies. It declines whatever it
 * is not sure of (an `id` that is not a non-empty string, a repeated `id`, an escape, …) for the
 * slow path to accept or explain; record-scan.test.ts holds it to the slow path's answers.
 */
import { JsonScanner, skipSpace } from "../io/json-scan.js";

/** What a scanned record line holds; one object reused for every line. */
export interface ScannedRecord {
  id: string;
  /** Every field but `id`, in the line's order (as JSON.parse and a rest copy would have them). */
  fields: Record<string, unknown>;
}

/** A fresh {@link ScannedRecord} to pass to {@link scanRecordLine}. */
export function scannedRecord(): ScannedRecord {
  return { id: "", fields: {} };
}

/**
 * Reads the record line starting at `buf[start]` into `out` (with a fresh `fields` object);
 * returns where the line ends (its line feed, or the end of the buffer), or -1 when the line is
 * not in the fast path's subset and the caller must take the slow path. No token of the subset
 * holds a line feed, so the scan finds the line's end itself.
 *
 * @example
 * ```ts
 * const scan = new JsonScanner();
 * const record = scannedRecord();
 * const end = scanRecordLine(scan, buf, start, record);
 * if (end >= 0) upsert(record.id, record.fields);
 * else slowPath(buf.toString("utf8", start, lineEnd(buf, start)));
 * ```
 */
export function scanRecordLine(scan: JsonScanner, buf: Buffer, start: number, out: ScannedRecord): number {
  const end = buf.length;
  let i = skipSpace(buf, start, end);
  if (buf[i] !== 0x7b) return -1;
  i = skipSpace(buf, i + 1, end);
  if (buf[i] === 0x7d) return -1; // {}: no id
  const fields: Record<string, unknown> = {};
  let id: string | undefined;
  for (;;) {
    const keyStart = i + 1;
    i = scan.key(buf, i, end);
    if (i < 0) return -1;
    const keyEnd = scan.keyEnd;
    if (keyEnd - keyStart === 2 && buf[keyStart] === 0x69 && buf[keyStart + 1] === 0x64) {
      // The id: a non-empty string, once (a repeated one is JSON.parse's to settle).
      if (id !== undefined || buf[i] !== 0x22) return -1;
      const close = scan.string(buf, i + 1, end);
      if (close <= i + 1) return -1;
      id = scan.text(buf, i + 1, close);
      i = close + 1;
    } else {
      const name = scan.cached(buf, keyStart, keyEnd);
      if (name === "__proto__") return -1;
      i = scan.value(buf, i, end, 1);
      if (i < 0) return -1;
      fields[name] = scan.scanned;
    }
    i = skipSpace(buf, i, end);
    if (i >= end) return -1;
    if (buf[i] === 0x7d) {
      i = skipSpace(buf, i + 1, end);
      if ((i < end && buf[i] !== 0x0a) || id === undefined) return -1;
      out.id = id;
      out.fields = fields;
      return i;
    }
    if (buf[i] !== 0x2c) return -1;
    i = skipSpace(buf, i + 1, end);
  }
}

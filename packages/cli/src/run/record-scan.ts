/**
 * The fast path for an NDJSON record line: the customer id and the fields to upsert read straight
 * from the line's bytes, the same result as `JSON.parse` then {@link splitRecord} without the
 * decoded line and without the parsed object that `splitRecord` copies. It declines whatever it
 * is not sure of (an `id` that is not a non-empty string, a repeated `id`, an escape, …) for the
 * slow path to accept or explain; record-scan.test.ts holds it to the slow path's answers.
 */
import { JsonScanner, skipSpace, trimEnd } from "../io/json-scan.js";

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
 * Reads the record line `buf[start..end)` into `out` (with a fresh `fields` object); false when
 * the line is not in the fast path's subset and the caller must take the slow path.
 *
 * @example
 * ```ts
 * const scan = new JsonScanner();
 * const record = scannedRecord();
 * if (scanRecordLine(scan, buf, start, end, record)) upsert(record.id, record.fields);
 * else slowPath(buf.toString("utf8", start, end));
 * ```
 */
export function scanRecordLine(scan: JsonScanner, buf: Buffer, start: number, end: number, out: ScannedRecord): boolean {
  let i = skipSpace(buf, start, end);
  end = trimEnd(buf, i, end);
  if (i >= end || buf[i] !== 0x7b || buf[end - 1] !== 0x7d) return false;
  i = skipSpace(buf, i + 1, end);
  if (buf[i] === 0x7d) return false; // {}: no id
  const fields: Record<string, unknown> = {};
  let id: string | undefined;
  for (;;) {
    const keyStart = i + 1;
    i = scan.key(buf, i, end);
    if (i < 0) return false;
    const keyEnd = scan.keyEnd;
    if (keyEnd - keyStart === 2 && buf[keyStart] === 0x69 && buf[keyStart + 1] === 0x64) {
      // The id: a non-empty string, once (a repeated one is JSON.parse's to settle).
      if (id !== undefined || buf[i] !== 0x22) return false;
      const close = scan.string(buf, i + 1, end);
      if (close <= i + 1) return false;
      id = scan.text(buf, i + 1, close);
      i = close + 1;
    } else {
      const name = scan.cached(buf, keyStart, keyEnd);
      if (name === "__proto__") return false;
      i = scan.value(buf, i, end, 1);
      if (i < 0) return false;
      fields[name] = scan.scanned;
    }
    i = skipSpace(buf, i, end);
    if (i >= end) return false;
    if (buf[i] === 0x7d) {
      if (i !== end - 1 || id === undefined) return false;
      out.id = id;
      out.fields = fields;
      return true;
    }
    if (buf[i] !== 0x2c) return false;
    i = skipSpace(buf, i + 1, end);
  }
}

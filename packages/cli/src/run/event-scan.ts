/**
 * The fast path for an event line: read straight from the line's bytes into the fields the run
 * needs, with no decoded line, no parsed object to validate and no date string. It takes a line
 * only when the slow path (`JSON.parse`, then {@link parseEventLine} and {@link parseDate}) would
 * accept it with the same result, and declines anything else (a wrong type, a missing field, a
 * repeated field, an escape, …) for the slow path to accept or explain. Taking a line the slow
 * path would reject, or reading it differently, is the one thing it must never do; the property
 * test in event-scan.test.ts holds it to that.
 */
import { JsonScanner, skipSpace, trimEnd } from "../io/json-scan.js";
import { scanIsoTime } from "./date-scan.js";
import { parseDate } from "./time.js";

/** What a scanned event line holds; one object reused for every line. */
export interface ScannedEvent {
  /** The line's `id`, undefined when it has none. */
  id: string | undefined;
  customer: string;
  type: string;
  /** `at` as epoch milliseconds. */
  at: number;
  /** Where the `at` text lies in the buffer, for messages that quote it ({@link eventAtText}). */
  atStart: number;
  atEnd: number;
  properties: Record<string, unknown> | undefined;
}

/** A fresh {@link ScannedEvent} to pass to {@link scanEventLine}. */
export function scannedEvent(): ScannedEvent {
  return { id: undefined, customer: "", type: "", at: 0, atStart: 0, atEnd: 0, properties: undefined };
}

const ID = 1;
const CUSTOMER = 2;
const TYPE = 4;
const AT = 8;
const PROPERTIES = 16;

const QUOTE = 0x22;

/**
 * Reads the event line `buf[start..end)` into `out`; false when the line is not in the fast
 * path's subset (the caller then takes the slow path). `scan` is the file's scanner.
 *
 * @example
 * ```ts
 * const scan = new JsonScanner();
 * const event = scannedEvent();
 * if (scanEventLine(scan, buf, start, end, event)) apply(event.customer, event.type, event.at);
 * else slowPath(buf.toString("utf8", start, end));
 * ```
 */
export function scanEventLine(scan: JsonScanner, buf: Buffer, start: number, end: number, out: ScannedEvent): boolean {
  let i = skipSpace(buf, start, end);
  end = trimEnd(buf, i, end);
  if (i >= end || buf[i] !== 0x7b || buf[end - 1] !== 0x7d) return false;
  i = skipSpace(buf, i + 1, end);
  if (buf[i] === 0x7d) return false; // {}: customer, type and at are missing
  let seen = 0;
  out.id = undefined;
  out.properties = undefined;
  for (;;) {
    const keyStart = i + 1;
    i = scan.key(buf, i, end);
    if (i < 0) return false;
    const field = fieldOf(buf, keyStart, scan.keyEnd);
    if (field !== 0) {
      if ((seen & field) !== 0) return false; // JSON.parse keeps the last; leave that to it
      seen |= field;
    }
    if (field === PROPERTIES) {
      if (buf[i] !== 0x7b) return false;
      i = scan.object(buf, i, end, 1);
      if (i < 0) return false;
      out.properties = scan.scanned as Record<string, unknown>;
    } else if (field !== 0) {
      // id, customer, type and at must be non-empty strings.
      if (buf[i] !== QUOTE) return false;
      const close = scan.string(buf, i + 1, end);
      if (close <= i + 1) return false;
      if (field === AT) {
        if (scan.nonAscii) return false;
        const text = i + 1;
        let at = scanIsoTime(buf, text, close);
        if (Number.isNaN(at)) {
          const parsed = parseDate(scan.text(buf, text, close));
          if (parsed === undefined) return false;
          at = parsed;
        }
        out.at = at;
        out.atStart = text;
        out.atEnd = close;
      } else if (field === TYPE) out.type = scan.nonAscii ? scan.text(buf, i + 1, close) : scan.cached(buf, i + 1, close);
      else if (field === CUSTOMER) out.customer = scan.text(buf, i + 1, close);
      else out.id = scan.text(buf, i + 1, close);
      i = close + 1;
    } else {
      // Another field: the event ignores it, but it must still be valid JSON.
      i = scan.value(buf, i, end, 1);
      if (i < 0) return false;
    }
    i = skipSpace(buf, i, end);
    if (i >= end) return false;
    if (buf[i] === 0x7d) return i === end - 1 && (seen & (CUSTOMER | TYPE | AT)) === (CUSTOMER | TYPE | AT);
    if (buf[i] !== 0x2c) return false;
    i = skipSpace(buf, i + 1, end);
  }
}

/** Which event field the key `buf[start..end)` names; 0 for any other key. */
function fieldOf(buf: Buffer, start: number, end: number): number {
  const len = end - start;
  const c = buf[start];
  if (len === 2) {
    if (c === 0x69 && buf[start + 1] === 0x64) return ID;
    if (c === 0x61 && buf[start + 1] === 0x74) return AT;
    return 0;
  }
  if (len === 4) return c === 0x74 && same(buf, start, "type") ? TYPE : 0;
  if (len === 8) return c === 0x63 && same(buf, start, "customer") ? CUSTOMER : 0;
  if (len === 10) return c === 0x70 && same(buf, start, "properties") ? PROPERTIES : 0;
  return 0;
}

function same(buf: Buffer, start: number, word: string): boolean {
  for (let k = 1; k < word.length; k++) if (buf[start + k] !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * The `at` text of the event last scanned from `buf`, for the rare message that quotes it.
 *
 * @example
 * ```ts
 * eventAtText(buf, event); // "2026-01-05T12:00:00.000Z"
 * ```
 */
export function eventAtText(buf: Buffer, event: ScannedEvent): string {
  return buf.toString("latin1", event.atStart, event.atEnd);
}

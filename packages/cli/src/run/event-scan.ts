/**
 * The fast path for an event line: read straight from the line's bytes into the fields the run
 * needs, with no decoded line, no parsed object to validate and no date string. It takes a line
 * only when the slow path (`JSON.parse`, then {@link parseEventLine} and {@link parseDate}) would
 * accept it with the same result, and declines anything else (a wrong type, a missing field, a
 * repeated field, an escape, …) for the slow path to accept or explain. Taking a line the slow
 * path would reject, or reading it differently, is the one thing it must never do; the property
 * test in event-scan.test.ts holds it to that.
 */
import { JsonScanner, skipSpace } from "../io/json-scan.js";
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
  /** The line's `properties`; undefined when it has none or `{}` (the runtime reads both as none). */
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
 * Reads the event line starting at `buf[start]` into `out`; returns where the line ends (its line
 * feed, or the end of the buffer), or -1 when the line is not in the fast path's subset and the
 * caller must take the slow path. The scan finds the line's end itself: no token of the subset
 * can hold a line feed, so a line it takes never runs into the next. `scan` is the file's scanner.
 *
 * @example
 * ```ts
 * const scan = new JsonScanner();
 * const event = scannedEvent();
 * const end = scanEventLine(scan, buf, start, event);
 * if (end >= 0) apply(event.customer, event.type, event.at);
 * else slowPath(buf.toString("utf8", start, lineEnd(buf, start)));
 * ```
 */
export function scanEventLine(scan: JsonScanner, buf: Buffer, start: number, out: ScannedEvent): number {
  const end = buf.length;
  let i = skipSpace(buf, start, end);
  if (buf[i] !== 0x7b) return -1;
  i = skipSpace(buf, i + 1, end);
  if (buf[i] === 0x7d) return -1; // {}: customer, type and at are missing
  let seen = 0;
  out.id = undefined;
  out.properties = undefined;
  for (;;) {
    const keyStart = i + 1;
    i = scan.key(buf, i, end);
    if (i < 0) return -1;
    const field = fieldOf(buf, keyStart, scan.keyEnd);
    if (field !== 0) {
      if ((seen & field) !== 0) return -1; // JSON.parse keeps the last; leave that to it
      seen |= field;
    }
    if (field === PROPERTIES) {
      if (buf[i] !== 0x7b) return -1;
      const empty = skipSpace(buf, i + 1, end);
      if (buf[empty] === 0x7d) {
        // `{}`: the runtime reads no properties and a missing one alike; no object for it.
        i = empty + 1;
      } else {
        i = scan.object(buf, i, end, 1);
        if (i < 0) return -1;
        out.properties = scan.scanned as Record<string, unknown>;
      }
    } else if (field !== 0) {
      // id, customer, type and at must be non-empty strings.
      if (buf[i] !== QUOTE) return -1;
      const close = scan.string(buf, i + 1, end);
      if (close <= i + 1) return -1;
      if (field === AT) {
        if (scan.nonAscii) return -1;
        const text = i + 1;
        let at = scanIsoTime(buf, text, close);
        if (Number.isNaN(at)) {
          const parsed = parseDate(scan.text(buf, text, close));
          if (parsed === undefined) return -1;
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
      if (i < 0) return -1;
    }
    i = skipSpace(buf, i, end);
    if (i >= end) return -1;
    if (buf[i] === 0x7d) {
      i = skipSpace(buf, i + 1, end);
      if (i < end && buf[i] !== 0x0a) return -1;
      return (seen & (CUSTOMER | TYPE | AT)) === (CUSTOMER | TYPE | AT) ? i : -1;
    }
    if (buf[i] !== 0x2c) return -1;
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

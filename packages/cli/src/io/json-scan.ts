/**
 * A byte-level scanner for the common subset of JSON found in NDJSON input files, working on the
 * line's bytes in the read buffer: no UTF-8 decode of the whole line, no string for a key already
 * seen. It either produces exactly the value `JSON.parse` would produce from the line's UTF-8
 * text, or declines (returns -1) and the caller takes the `JSON.parse` path, which also explains
 * every error. It never reports an error of its own.
 *
 * The subset: objects, arrays (nested at most {@link MAX_DEPTH} deep), strings without escapes or
 * control characters, numbers in JSON's grammar, `true`, `false`, `null`, and JSON whitespace.
 * Declined: any escape (`\`), an object key with a non-ASCII byte, the key `__proto__`
 * (JSON.parse makes it an own property; an assignment would set the prototype), anything that is
 * not JSON.
 */

/** Deepest nesting the scanner handles; deeper values are left to JSON.parse. */
export const MAX_DEPTH = 8;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * Longest string cut out of the decoded buffer: V8 copies a substring shorter than 13 characters
 * and makes a longer one a view that would keep the whole decoded buffer alive.
 */
const SHORT = 12;

/** Buffer's own slicers: `toString(encoding, …)` would look the encoding up on every call. */
interface Slicers {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/**
 * Skips JSON whitespace (space, tab, carriage return; a line holds no line feed).
 *
 * @example
 * ```ts
 * skipSpace(Buffer.from("  {}"), 0, 4); // 2
 * ```
 */
export function skipSpace(buf: Buffer, i: number, end: number): number {
  while (i < end) {
    const c = buf[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    i++;
  }
  return i;
}

/**
 * Where `buf[i..end)` ends, trailing JSON whitespace left out.
 *
 * @example
 * ```ts
 * trimEnd(Buffer.from("{} \r"), 0, 4); // 2
 * ```
 */
export function trimEnd(buf: Buffer, i: number, end: number): number {
  while (end > i) {
    const c = buf[end - 1]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    end--;
  }
  return end;
}

/**
 * Scans JSON values out of a buffer. One scanner is reused for every line of a file: it keeps the
 * last value scanned and a small cache of short strings (object keys, event types) so that a key
 * repeated on every line is one string, not a million.
 *
 * @example
 * ```ts
 * const scan = new JsonScanner();
 * const buf = Buffer.from('{"a":[1,"x"]}');
 * scan.value(buf, 0, buf.length, 0); // 13 (where the value ends); scan.scanned is { a: [1, "x"] }
 * ```
 */
export class JsonScanner {
  /** The value of the last successful {@link value} call. */
  scanned: unknown = undefined;
  /** Whether the last string scanned by {@link string} held a non-ASCII byte. */
  nonAscii = false;
  private readonly cache: (string | undefined)[] = new Array<string | undefined>(512).fill(undefined);

  /**
   * Scans a string whose opening quote is at `buf[i - 1]`; returns the index of the closing
   * quote, or -1 for an escape, a control character or a missing quote.
   */
  string(buf: Buffer, i: number, end: number): number {
    let nonAscii = false;
    while (i < end) {
      const c = buf[i]!;
      if (c === QUOTE) {
        this.nonAscii = nonAscii;
        return i;
      }
      if (c === BACKSLASH || c < 0x20) return -1;
      if (c >= 0x80) nonAscii = true;
      i++;
    }
    return -1;
  }

  /**
   * The text of a string scanned by {@link string}. UTF-8 decoding just the string's bytes gives
   * the same text as decoding the whole line: the quotes around it are ASCII, so no multi-byte
   * sequence (or invalid one, replaced by U+FFFD either way) crosses them.
   */
  text(buf: Buffer, start: number, end: number): string {
    const b = buf as unknown as Slicers;
    if (this.nonAscii) return b.utf8Slice(start, end);
    if (end - start > SHORT) return b.latin1Slice(start, end);
    // Short strings (ids, customer ids) are cut from the whole buffer decoded once: a substring
    // is a fraction of the cost of a call into the Buffer binding per string.
    if (buf !== this.decodedBuf) {
      this.decodedBuf = buf;
      this.decoded = b.latin1Slice(0, buf.length);
    }
    return this.decoded.substring(start, end);
  }

  private decodedBuf: Buffer | undefined = undefined;
  private decoded = "";

  /** An ASCII string from the cache when the same bytes were seen last in its slot. */
  cached(buf: Buffer, start: number, end: number): string {
    const len = end - start;
    if (len === 0) return "";
    if (len > 24) return (buf as unknown as Slicers).latin1Slice(start, end);
    const slot = (len * 31 + buf[start]! * 7 + buf[end - 1]! + buf[start + (len >> 1)]! * 3) & 511;
    const hit = this.cache[slot];
    if (hit !== undefined && hit.length === len) {
      let k = 0;
      while (k < len && hit.charCodeAt(k) === buf[start + k]) k++;
      if (k === len) return hit;
    }
    const fresh = (buf as unknown as Slicers).latin1Slice(start, end);
    this.cache[slot] = fresh;
    return fresh;
  }

  /**
   * Scans a number in JSON's grammar starting at `buf[i]`; returns where it ends (the caller
   * checks what follows) or -1. An integer of up to 15 digits is exact in a double and computed
   * here; any other form goes through `Number`, which rounds a JSON number exactly as
   * `JSON.parse` does (both are V8's correctly rounded string-to-double).
   */
  number(buf: Buffer, i: number, end: number): number {
    const start = i;
    let negative = false;
    if (buf[i] === MINUS) {
      negative = true;
      i++;
    }
    if (i >= end) return -1;
    let c = buf[i]!;
    let n = 0;
    let digits = 0;
    if (c === ZERO) {
      i++;
      digits = 1;
    } else if (c > ZERO && c <= NINE) {
      while (i < end && (c = buf[i]!) >= ZERO && c <= NINE) {
        n = n * 10 + (c - ZERO);
        digits++;
        i++;
      }
    } else return -1;
    let simple = digits <= 15;
    if (i < end && buf[i] === DOT) {
      simple = false;
      i = this.digits(buf, i + 1, end);
      if (i < 0) return -1;
    }
    if (i < end && (buf[i] === 0x65 || buf[i] === 0x45)) {
      simple = false;
      i++;
      if (i < end && (buf[i] === PLUS || buf[i] === MINUS)) i++;
      i = this.digits(buf, i, end);
      if (i < 0) return -1;
    }
    this.scanned = simple ? (negative ? -n : n) : Number((buf as unknown as Slicers).latin1Slice(start, i));
    return i;
  }

  /** One or more digits from `buf[i]`; where they end, or -1 for none. */
  private digits(buf: Buffer, i: number, end: number): number {
    const first = i;
    while (i < end && buf[i]! >= ZERO && buf[i]! <= NINE) i++;
    return i === first ? -1 : i;
  }

  /** Whether `buf[i..)` spells `word` (ASCII). */
  private word(buf: Buffer, i: number, end: number, word: string): boolean {
    if (i + word.length > end) return false;
    for (let k = 0; k < word.length; k++) if (buf[i + k] !== word.charCodeAt(k)) return false;
    return true;
  }

  /**
   * Scans any value of the subset starting at `buf[i]` (no leading whitespace); sets
   * {@link scanned} and returns where the value ends, or -1 to decline. `depth` counts the
   * enclosing arrays and objects.
   */
  value(buf: Buffer, i: number, end: number, depth: number): number {
    if (i >= end) return -1;
    const c = buf[i]!;
    if (c === QUOTE) {
      const close = this.string(buf, i + 1, end);
      if (close < 0) return -1;
      this.scanned = this.text(buf, i + 1, close);
      return close + 1;
    }
    if (c === MINUS || (c >= ZERO && c <= NINE)) return this.number(buf, i, end);
    if (c === OPEN_BRACE) return depth >= MAX_DEPTH ? -1 : this.object(buf, i, end, depth + 1);
    if (c === OPEN_BRACKET) return depth >= MAX_DEPTH ? -1 : this.array(buf, i, end, depth + 1);
    if (c === 0x74 && this.word(buf, i, end, "true")) {
      this.scanned = true;
      return i + 4;
    }
    if (c === 0x66 && this.word(buf, i, end, "false")) {
      this.scanned = false;
      return i + 5;
    }
    if (c === 0x6e && this.word(buf, i, end, "null")) {
      this.scanned = null;
      return i + 4;
    }
    return -1;
  }

  /**
   * Scans an object key whose opening quote is at `buf[i]`, up to and including the colon and the
   * whitespace after it; returns where the value starts, or -1. The key's bytes are
   * `buf[i + 1 .. keyEnd)` with `keyEnd` left in {@link keyEnd}; keys with a non-ASCII byte are declined (the key cache holds ASCII only).
   */
  key(buf: Buffer, i: number, end: number): number {
    if (i >= end || buf[i] !== QUOTE) return -1;
    const close = this.string(buf, i + 1, end);
    if (close < 0 || this.nonAscii) return -1;
    this.keyEnd = close;
    i = skipSpace(buf, close + 1, end);
    if (i >= end || buf[i] !== COLON) return -1;
    return skipSpace(buf, i + 1, end);
  }

  /** End of the last key scanned by {@link key}. */
  keyEnd = 0;

  /**
   * Scans an object at `buf[i] === "{"` into a fresh object, assigning keys in order as JSON.parse
   * defines them (a repeated key keeps its first place and its last value, both ways).
   */
  object(buf: Buffer, i: number, end: number, depth: number): number {
    const out: Record<string, unknown> = {};
    i = skipSpace(buf, i + 1, end);
    if (i < end && buf[i] === CLOSE_BRACE) {
      this.scanned = out;
      return i + 1;
    }
    for (;;) {
      const keyStart = i + 1;
      i = this.key(buf, i, end);
      if (i < 0) return -1;
      const name = this.cached(buf, keyStart, this.keyEnd);
      if (name === "__proto__") return -1;
      i = this.value(buf, i, end, depth);
      if (i < 0) return -1;
      out[name] = this.scanned;
      i = skipSpace(buf, i, end);
      if (i >= end) return -1;
      const c = buf[i]!;
      if (c === CLOSE_BRACE) {
        this.scanned = out;
        return i + 1;
      }
      if (c !== COMMA) return -1;
      i = skipSpace(buf, i + 1, end);
    }
  }

  /** Scans an array at `buf[i] === "["`. */
  array(buf: Buffer, i: number, end: number, depth: number): number {
    const out: unknown[] = [];
    i = skipSpace(buf, i + 1, end);
    if (i < end && buf[i] === CLOSE_BRACKET) {
      this.scanned = out;
      return i + 1;
    }
    for (;;) {
      i = this.value(buf, i, end, depth);
      if (i < 0) return -1;
      out.push(this.scanned);
      i = skipSpace(buf, i, end);
      if (i >= end) return -1;
      const c = buf[i]!;
      if (c === CLOSE_BRACKET) {
        this.scanned = out;
        return i + 1;
      }
      if (c !== COMMA) return -1;
      i = skipSpace(buf, i + 1, end);
    }
  }

  /**
   * Scans a whole line `buf[start..end)` holding one JSON value (with JSON whitespace around it).
   * Returns whether it did; the value is in {@link scanned}.
   *
   * @example
   * ```ts
   * const scan = new JsonScanner();
   * if (scan.line(buf, start, end)) use(scan.scanned);
   * else use(JSON.parse(buf.toString("utf8", start, end)));
   * ```
   */
  line(buf: Buffer, start: number, end: number): boolean {
    const i = skipSpace(buf, start, end);
    const last = trimEnd(buf, i, end);
    return i < last && this.value(buf, i, last, 0) === last;
  }
}

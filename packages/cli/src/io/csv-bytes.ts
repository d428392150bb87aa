/**
 * The bytes under the CSV reader: the window of bytes kept for the row being read, line
 * counting, the UTF-8 check, and finding line breaks and bad quotes in the kept bytes.
 */
import { isUtf8 } from "node:buffer";
import { firstInvalidUtf8 } from "./utf8.js";

export const MIB = 1024 * 1024;
export const LF = 0x0a;
export const CR = 0x0d;
export const QUOTE = 0x22;

/**
 * The bytes read from the start of the row being read on, kept as the chunks they came in (the
 * chunks of a file stream are not reused). Offsets are file offsets.
 */
export class ByteWindow {
  private readonly chunks: Buffer[] = [];
  /** The file offset of the first byte kept. */
  private start = 0;
  /** The file offset just past the last byte read. */
  end = 0;
  /** The last byte read, or -1 before any. */
  last = -1;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.end += chunk.length;
    this.last = chunk[chunk.length - 1]!;
  }

  /** Forgets the chunks that end at or before `offset`. */
  dropBefore(offset: number): void {
    while (this.chunks.length > 0 && this.start + this.chunks[0]!.length <= offset) this.start += this.chunks.shift()!.length;
  }

  /** The byte at `offset`, or -1 when it is not kept. */
  byteAt(offset: number): number {
    let at = this.start;
    for (const chunk of this.chunks) {
      if (offset < at + chunk.length) return offset >= at ? chunk[offset - at]! : -1;
      at += chunk.length;
    }
    return -1;
  }

  /** The offset of the first `byte` in [from, to), or -1. */
  indexOf(byte: number, from: number, to = this.end): number {
    let at = this.start;
    for (const chunk of this.chunks) {
      const lo = Math.max(from - at, 0);
      const hi = Math.min(to - at, chunk.length);
      const i = lo < hi ? chunk.subarray(lo, hi).indexOf(byte) : -1;
      if (i !== -1) return at + lo + i;
      at += chunk.length;
    }
    return -1;
  }

  /** The bytes from `from` to the end, copied only when they span chunks. */
  bytesFrom(from: number): Buffer {
    let at = this.start;
    const pieces: Buffer[] = [];
    for (const chunk of this.chunks) {
      if (from < at + chunk.length) pieces.push(chunk.subarray(Math.max(from - at, 0)));
      at += chunk.length;
    }
    return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
  }

  /** How many lines end in [from, to): at an LF, at a CR LF (counted at its LF) or at a lone CR. */
  countLineBreaks(from: number, to: number): number {
    let count = 0;
    let at = this.start;
    for (const chunk of this.chunks) {
      const hi = Math.min(to - at, chunk.length);
      for (let i = Math.max(from - at, 0); i < hi; i++) {
        const byte = chunk[i];
        if (byte === LF) count++;
        else if (byte === CR && (i + 1 < chunk.length ? chunk[i + 1] : this.byteAt(at + i + 1)) !== LF) count++;
      }
      at += chunk.length;
      if (at >= to) break;
    }
    return count;
  }
}

/** The line number of file offsets asked in increasing order, counted on a {@link ByteWindow}. */
export class LineCursor {
  private offset = 0;
  private line = 1;

  constructor(private readonly window: ByteWindow) {}

  /** The line (1-based) of the byte at `offset`; the window must still hold the bytes from the last offset asked. */
  lineOf(offset: number): number {
    if (offset > this.offset) {
      this.line += this.window.countLineBreaks(this.offset, offset);
      this.offset = offset;
    }
    return this.line;
  }
}

/** A byte that makes its line not UTF-8: its file offset, where its line starts, and its value. */
export interface BadByte {
  readonly at: number;
  readonly lineStart: number;
  readonly value: number;
}

/**
 * Finds the bytes that are not UTF-8 as the chunks of a file are read: one native check per
 * chunk while the text is valid, and the lines of a failing chunk checked one by one. A
 * character cut by the end of a chunk is checked with the next chunk.
 */
export class Utf8Check {
  private bad: BadByte[] = [];
  /** The first entry of `bad` not passed yet (`shift` would copy the rest each time). */
  private next = 0;
  /** The start of a character cut by the end of the last chunk. */
  private tail = Buffer.alloc(0);
  /** The file offset where the line holding the next byte to check starts. */
  private lineStart = 0;

  push(chunk: Buffer, offset: number): void {
    const text = this.tail.length === 0 ? chunk : Buffer.concat([this.tail, chunk]);
    const cut = text.length - unfinishedCharacter(text);
    this.check(text.subarray(0, cut), offset - this.tail.length);
    this.tail = Buffer.from(text.subarray(cut));
  }

  /** Checks what is left at the end of the file (`offset`): a character cut short is not UTF-8. */
  end(offset: number): void {
    if (this.tail.length > 0) this.check(this.tail, offset - this.tail.length);
    this.tail = Buffer.alloc(0);
  }

  /** The first bad byte in [from, to), forgetting those before `from`. */
  firstIn(from: number, to: number): BadByte | undefined {
    while (this.next < this.bad.length && this.bad[this.next]!.at < from) this.next++;
    if (this.next > 1024 && this.next * 2 > this.bad.length) {
      this.bad = this.bad.slice(this.next);
      this.next = 0;
    }
    const first = this.bad[this.next];
    return first !== undefined && first.at < to ? first : undefined;
  }

  private check(text: Buffer, offset: number): void {
    if (isUtf8(text)) {
      const last = Math.max(text.lastIndexOf(LF), text.lastIndexOf(CR));
      if (last !== -1) this.lineStart = offset + last + 1;
      return;
    }
    for (let start = 0; ; ) {
      let end = start;
      while (end < text.length && !isLineBreak(text[end]!)) end++;
      if (!isUtf8(text.subarray(start, end))) {
        const at = firstInvalidUtf8(text, start, end);
        this.bad.push({ at: offset + at, lineStart: this.lineStart, value: text[at]! });
      }
      if (end === text.length) return;
      start = end + 1;
      this.lineStart = offset + start;
    }
  }
}

/** How many bytes at the end of `chunk` start a UTF-8 character that the chunk does not finish (0 to 3). */
function unfinishedCharacter(chunk: Buffer): number {
  for (let back = 1; back <= 3 && back <= chunk.length; back++) {
    const byte = chunk[chunk.length - back]!;
    if (byte < 0x80) return 0;
    if (byte >= 0xc0) {
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return length > back ? back : 0;
    }
  }
  return 0;
}

export function describeBadByte(bad: BadByte): string {
  return `byte 0x${bad.value.toString(16).toUpperCase().padStart(2, "0")} at byte ${bad.at - bad.lineStart + 1} of the line`;
}

export function isLineBreak(byte: number): boolean {
  return byte === LF || byte === CR;
}

/**
 * Where the line holding `from` ends, just past its line break (a CR LF is one): `undefined`
 * while the bytes read do not tell yet, the end of the file when `final` and no break follows.
 */
export function lineBreakEnd(window: ByteWindow, from: number, final: boolean): number | undefined {
  const lf = window.indexOf(LF, from);
  const cr = window.indexOf(CR, from, lf === -1 ? window.end : lf);
  if (cr !== -1) {
    const next = window.byteAt(cr + 1);
    // The LF of a CR LF may be in the next chunk.
    if (next === -1 && !final) return undefined;
    return next === LF ? cr + 2 : cr + 1;
  }
  if (lf !== -1) return lf + 1;
  return final ? window.end : undefined;
}

/**
 * The quote csv-parse refused in the field starting at `field`: in a quoted field, the first
 * quote that is not doubled; in an unquoted field, its first quote. `field` if there is none.
 */
export function findBadQuote(window: ByteWindow, field: number): number {
  if (window.byteAt(field) !== QUOTE) {
    const at = window.indexOf(QUOTE, field);
    return at === -1 ? field : at;
  }
  for (let at = window.indexOf(QUOTE, field + 1); at !== -1; at = window.indexOf(QUOTE, at + 2)) {
    if (window.byteAt(at + 1) !== QUOTE) return at;
  }
  return field;
}

/** The first byte that is not a byte-order mark or white space, if the chunk has one. */
export function firstVisibleByte(chunk: Buffer): number | undefined {
  let i = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
  while (i < chunk.length && (chunk[i] === 0x20 || chunk[i] === 0x09 || chunk[i] === 0x0a || chunk[i] === 0x0d)) i++;
  return i < chunk.length ? chunk[i] : undefined;
}

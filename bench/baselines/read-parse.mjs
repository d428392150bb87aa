/**
 * The floor for `journey run`: read NDJSON files in 1 MiB chunks and JSON.parse every line,
 * nothing else. Run as its own process (`node bench/baselines/read-parse.mjs FILE...`) so that
 * it pays the same process start-up as the CLI it is compared with.
 *
 * With `--keep-records` (`node bench/baselines/read-parse.mjs --keep-records RECORDS EVENTS...`),
 * the objects parsed from the first file are kept in an array until the end: the same loop,
 * plus holding a million customer records as the objects `JSON.parse` returns, which any
 * `journey run` that keeps its customers' records on the JS heap has to do. Shown for information
 * beside the floor (bench/cli-run.mjs).
 *
 * With `--keep-record-bytes` (run by hand, not part of `pnpm bench`), the first file's lines are
 * kept instead as UTF-8 bytes in one growing Buffer, with their end offsets in an Int32Array:
 * the same million records held off the JS heap, which is what a store that kept records as
 * encoded bytes (decoded when a condition or a handler needs them) would pay for holding them.
 *
 * Prints one result line (see bench/lib/rss.mjs) with the number of parsed lines (and kept records).
 */
import { openSync, readSync, closeSync } from "node:fs";
import { reportResult } from "../lib/rss.mjs";

const CHUNK = 1 << 20;

/**
 * Calls `handle(text)` with every line of `path` (decoded as UTF-8, without the newline): the
 * read loop shared by this floor and the hand-written journey run (hand-run.ts).
 */
export function forEachLine(path, handle) {
  const fd = openSync(path, "r");
  const chunk = Buffer.allocUnsafe(CHUNK);
  let carry = null;
  for (;;) {
    const n = readSync(fd, chunk, 0, CHUNK, null);
    if (n === 0) break;
    const buf = carry ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
    let start = 0;
    let nl = buf.indexOf(10, start);
    while (nl !== -1) {
      handle(buf.toString("utf8", start, nl));
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    carry = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
  }
  if (carry) handle(carry.toString("utf8"));
  closeSync(fd);
}

/**
 * Parses every line of `path`; returns `{ lines, checksum }` (the checksum keeps the parse live).
 * With `onLine`, it is called with every parsed value and the line's text (`--keep-records`,
 * `--keep-record-bytes`).
 */
export function readAndParse(path, onLine = null) {
  let lines = 0;
  let checksum = 0;
  forEachLine(path, (text) => {
    if (text.length === 0) return;
    const value = JSON.parse(text);
    lines++;
    checksum += typeof value === "object" && value !== null ? Object.keys(value).length : 1;
    if (onLine !== null) onLine(value, text);
  });
  return { lines, checksum };
}

/** Lines kept as UTF-8 bytes in one growing Buffer, their end offsets in an Int32Array. */
class ByteArena {
  bytes = Buffer.allocUnsafe(1 << 24);
  ends = new Int32Array(1 << 16);
  used = 0;
  length = 0;

  push(text) {
    const need = Buffer.byteLength(text);
    if (this.used + need > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.bytes.length, this.used + need));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    if (this.length === this.ends.length) {
      const grown = new Int32Array(2 * this.ends.length);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.used += this.bytes.write(text, this.used);
    this.ends[this.length++] = this.used;
  }
}

if (import.meta.filename === process.argv[1]) {
  const started = performance.now();
  const args = process.argv.slice(2);
  const mode = args[0] === "--keep-records" || args[0] === "--keep-record-bytes" ? args[0] : null;
  const paths = mode ? args.slice(1) : args;
  const kept = mode === "--keep-records" ? [] : mode === "--keep-record-bytes" ? new ByteArena() : null;
  let lines = 0;
  let checksum = 0;
  paths.forEach((path, i) => {
    const keep = i !== 0 || kept === null ? null : kept instanceof ByteArena ? (_value, text) => kept.push(text) : (value) => kept.push(value);
    const r = readAndParse(path, keep);
    lines += r.lines;
    checksum += r.checksum;
  });
  reportResult({ lines, checksum, ...(kept ? { kept: kept.length } : {}), ms: performance.now() - started });
}

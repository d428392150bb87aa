/**
 * A bound, run by hand (not part of `pnpm bench`): the six-stage `journey run` written the way
 * a purpose-built engine for this one journey could be, with everything docs/benchmarks.md says
 * a design would need to reach the 70% target at once:
 *
 * - no `JSON.parse` and no object per line: each line is walked byte by byte as a flat JSON
 *   object (every key and value checked, so a malformed line is noticed; anything the walker does
 *   not take, such as escapes or exponents, goes to `JSON.parse`, and is counted);
 * - customers in an open-addressing table keyed by the id's bytes, their state in typed arrays
 *   (stage, entered, enrolled, last activity, goal, nps): no string or object per customer;
 * - each customer's record kept, as the line's bytes in one growing arena (off the JS heap);
 * - event ids kept for deduplication, a UUID as 16 bytes in a second open-addressing table;
 * - event times read from the bytes (`YYYY-MM-DDTHH:MM:SS.sssZ`, else `Date.parse`).
 *
 * The decisions are six-stage.ts's, on typed arrays. No validation against the journey's
 * declared fields, no history, no metrics beyond the totals, no quarantine, no report: the least
 * a byte-level engine for this journey does. `node bench/baselines/byte-run.mjs START_MS RECORDS
 * EVENTS` prints one result line (bench/lib/rss.mjs) with the stage counts, sends and goals,
 * which must equal hand-run.ts's on the same files.
 */
import { openSync, readSync, closeSync } from "node:fs";
import { reportResult } from "../lib/rss.mjs";

/** six-stage.ts's stages (not imported: loading a .ts file costs this process ~0.4 s of type stripping). */
const STAGES = ["awareness", "consideration", "purchase", "retention", "advocacy", "loyalty"];
const AWARENESS = 0;
const CONSIDERATION = 1;
const PURCHASE = 2;
const RETENTION = 3;
const ADVOCACY = 4;
const LOYALTY = 5;
const INACTIVE_MS = 90 * 86_400_000;
const MAX_MOVES = STAGES.length;

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN = 123;
const CLOSE = 125;

/**
 * Calls `lines(buf, starts, ends, n)` with the complete lines of each chunk of `path` (one reused
 * buffer, no copies; empty lines left out).
 */
function forEachLineBytes(path, lines) {
  const fd = openSync(path, "r");
  let buf = Buffer.allocUnsafe(2 << 20);
  let starts = new Int32Array(1 << 16);
  let ends = new Int32Array(1 << 16);
  let have = 0;
  for (;;) {
    if (have === buf.length) {
      const grown = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(grown, 0, 0, have);
      buf = grown;
    }
    const got = readSync(fd, buf, have, Math.min(1 << 20, buf.length - have), null);
    const end = have + got;
    let start = 0;
    let n = 0;
    let nl = buf.indexOf(10, have);
    while (nl !== -1 && nl < end) {
      if (nl > start) {
        if (n === starts.length) {
          starts = grownInts(starts);
          ends = grownInts(ends);
        }
        starts[n] = start;
        ends[n++] = nl;
      }
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    if (got === 0 && start < end) {
      starts[n] = start;
      ends[n++] = end;
      start = end;
    }
    if (n > 0) lines(buf, starts, ends, n);
    if (got === 0) break;
    buf.copy(buf, 0, start, end);
    have = end - start;
  }
  closeSync(fd);
}

function grownInts(a) {
  const grown = new Int32Array(a.length * 2);
  grown.set(a);
  return grown;
}

/** The flat-object walker's findings for one line: byte ranges of the values it was asked for. */
class Fields {
  /** Start and end of each wanted key's value (string: without the quotes), -1 when absent. */
  start = new Int32Array(8);
  end = new Int32Array(8);
  /** For a number value, its value. */
  num = new Float64Array(8);
}

function isWs(c) {
  return c === 32 || c === 9 || c === 13;
}

/**
 * Walks `buf[from, to)` as one flat JSON object whose values are strings without escapes, plain
 * numbers, true/false/null or `{}`; records where each key of `keys` (byte arrays) is. Returns
 * false for anything else (the caller then uses JSON.parse).
 */
function walk(buf, from, to, keys, f) {
  f.start.fill(-1, 0, keys.length);
  let i = from;
  while (i < to && isWs(buf[i])) i++;
  if (buf[i] !== OPEN) return false;
  i++;
  while (i < to && isWs(buf[i])) i++;
  if (buf[i] === CLOSE) return trailing(buf, i + 1, to);
  for (;;) {
    if (buf[i] !== QUOTE) return false;
    const ks = ++i;
    while (i < to && buf[i] !== QUOTE) {
      if (buf[i] === BACKSLASH) return false;
      i++;
    }
    if (i >= to) return false;
    const ke = i++;
    let slot = -1;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (key.length !== ke - ks) continue;
      let same = true;
      for (let j = 0; j < key.length; j++) if (buf[ks + j] !== key[j]) { same = false; break; }
      if (same) { slot = k; break; }
    }
    while (i < to && isWs(buf[i])) i++;
    if (buf[i] !== COLON) return false;
    i++;
    while (i < to && isWs(buf[i])) i++;
    const c = buf[i];
    if (c === QUOTE) {
      const vs = ++i;
      while (i < to && buf[i] !== QUOTE) {
        if (buf[i] === BACKSLASH || buf[i] < 32) return false;
        i++;
      }
      if (i >= to) return false;
      if (slot >= 0) { f.start[slot] = vs; f.end[slot] = i; f.num[slot] = NaN; }
      i++;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      const vs = i;
      let neg = false;
      if (c === 45) { neg = true; i++; }
      if (!(buf[i] >= 48 && buf[i] <= 57)) return false;
      if (buf[i] === 48 && buf[i + 1] >= 48 && buf[i + 1] <= 57) return false;
      let v = 0;
      while (buf[i] >= 48 && buf[i] <= 57) v = v * 10 + (buf[i++] - 48);
      if (buf[i] === 46 || buf[i] === 101 || buf[i] === 69) return false;
      if (slot >= 0) { f.start[slot] = vs; f.end[slot] = i; f.num[slot] = neg ? -v : v; }
    } else if (c === OPEN) {
      i++;
      while (i < to && isWs(buf[i])) i++;
      if (buf[i] !== CLOSE) return false;
      i++;
      if (slot >= 0) { f.start[slot] = i; f.end[slot] = i; f.num[slot] = NaN; }
    } else if (c === 116 && buf[i + 1] === 114 && buf[i + 2] === 117 && buf[i + 3] === 101) i += 4;
    else if (c === 102 && buf[i + 1] === 97 && buf[i + 2] === 108 && buf[i + 3] === 115 && buf[i + 4] === 101) i += 5;
    else if (c === 110 && buf[i + 1] === 117 && buf[i + 2] === 108 && buf[i + 3] === 108) i += 4;
    else return false;
    while (i < to && isWs(buf[i])) i++;
    if (buf[i] === COMMA) {
      i++;
      while (i < to && isWs(buf[i])) i++;
      continue;
    }
    if (buf[i] === CLOSE) return trailing(buf, i + 1, to);
    return false;
  }
}

function trailing(buf, i, to) {
  while (i < to && isWs(buf[i])) i++;
  return i === to;
}

function fnv(buf, s, e) {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h >>> 0;
}

/**
 * Customers: open addressing on the id's bytes (the slot holds the hash and the row), and one
 * 64-byte row per customer (one cache line: a random customer costs two misses, the slot and the
 * row). Row, as int32s: 0-3 the id's bytes when it has at most 16 (else 0: its arena offset),
 * 4 the id's length, 5 stage | goal << 8, 6-7 the record's bytes in the arena (offset, length);
 * as float64s: 4 entered, 5 enrolled, 6 last activity, 7 nps (NaN: none).
 */
const ROW_INTS = 16;
/** JOURNEYS_PRESIZE=1: tables sized for a million customers and events from the start (no growth). */
const PRESIZE = process.env.JOURNEYS_PRESIZE === "1";
const E_ENTERED = 4;
const E_ENROLLED = 5;
const E_ACTIVE = 6;
const E_NPS = 7;

class Customers {
  count = 0;
  /** Pairs (hash, row + 1); row + 1 = 0: empty. */
  slots = new Int32Array(2 << (PRESIZE ? 21 : 16));
  ints = new Int32Array(ROW_INTS << (PRESIZE ? 20 : 15));
  floats = new Float64Array(this.ints.buffer);
  /** Ids longer than 16 bytes. */
  ids = Buffer.allocUnsafe(1 << 16);
  idsUsed = 0;
  recs = Buffer.allocUnsafe(1 << (PRESIZE ? 26 : 22));
  recsUsed = 0;
  key = new Int32Array(4);

  /** Packs an id of at most 16 bytes into `this.key` (little-endian words, zero-padded). */
  pack(buf, s, e) {
    const k = this.key;
    k[0] = k[1] = k[2] = k[3] = 0;
    for (let i = s; i < e; i++) k[(i - s) >> 2] |= buf[i] << (((i - s) & 3) << 3);
  }

  /** Touches the slot of hash `h` (misses of a group overlap); returns its row + 1. */
  warmSlot(h) {
    return this.slots[2 * (h & ((this.slots.length >> 1) - 1)) + 1];
  }

  /** Touches row `c - 1` (0: none). */
  warmRow(c) {
    return c === 0 ? 0 : this.ints[(c - 1) * ROW_INTS + 4];
  }

  /** The customer's row, or -1. */
  find(buf, s, e, h) {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const len = e - s;
    const ints = this.ints;
    if (len <= 16) this.pack(buf, s, e);
    const k = this.key;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const c = slots[2 * p + 1];
      if (c === 0) return -1;
      if (slots[2 * p] !== (h | 0)) continue;
      const o = (c - 1) * ROW_INTS;
      if (ints[o + 4] !== len) continue;
      if (len <= 16) {
        if (ints[o] === k[0] && ints[o + 1] === k[1] && ints[o + 2] === k[2] && ints[o + 3] === k[3]) return c - 1;
        continue;
      }
      const at = ints[o];
      let same = true;
      for (let j = 0; j < len; j++) if (this.ids[at + j] !== buf[s + j]) { same = false; break; }
      if (same) return c - 1;
    }
  }

  /** A new customer (after `find` gave -1 for the same id: `this.key` holds it). */
  add(buf, s, e, h, at) {
    if ((this.count + 1) * ROW_INTS > this.ints.length) this.growRows();
    if ((this.count + 1) * 4 > this.slots.length) this.growSlots();
    const x = this.count++;
    const o = x * ROW_INTS;
    const ints = this.ints;
    const len = e - s;
    if (len <= 16) {
      const k = this.key;
      ints[o] = k[0];
      ints[o + 1] = k[1];
      ints[o + 2] = k[2];
      ints[o + 3] = k[3];
    } else {
      if (this.idsUsed + len > this.ids.length) this.ids = grownBytes(this.ids, this.idsUsed + len);
      copyBytes(buf, s, e, this.ids, this.idsUsed);
      ints[o] = this.idsUsed;
      ints[o + 1] = ints[o + 2] = ints[o + 3] = 0;
      this.idsUsed += len;
    }
    ints[o + 4] = len;
    ints[o + 5] = AWARENESS;
    ints[o + 6] = -1;
    ints[o + 7] = 0;
    const f = x * (ROW_INTS / 2);
    this.floats[f + E_ENTERED] = at;
    this.floats[f + E_ENROLLED] = at;
    this.floats[f + E_ACTIVE] = at;
    this.floats[f + E_NPS] = NaN;
    this.place(this.slots, h, x);
    return x;
  }

  place(slots, h, x) {
    const mask = (slots.length >> 1) - 1;
    let p = h & mask;
    while (slots[2 * p + 1] !== 0) p = (p + 1) & mask;
    slots[2 * p] = h | 0;
    slots[2 * p + 1] = x + 1;
  }

  keepRecord(x, buf, s, e) {
    const len = e - s;
    if (this.recsUsed + len > this.recs.length) this.recs = grownBytes(this.recs, this.recsUsed + len);
    copyBytes(buf, s, e, this.recs, this.recsUsed);
    this.ints[x * ROW_INTS + 6] = this.recsUsed;
    this.ints[x * ROW_INTS + 7] = len;
    this.recsUsed += len;
  }

  growRows() {
    const ints = new Int32Array(this.ints.length * 2);
    ints.set(this.ints);
    this.ints = ints;
    this.floats = new Float64Array(ints.buffer);
  }

  growSlots() {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    for (let p = 0; p < old.length; p += 2) if (old[p + 1] !== 0) this.place(slots, old[p], old[p + 1] - 1);
    this.slots = slots;
  }
}

/** `from[s, e)` into `to` at `at`: a loop, cheaper than a subarray and a native call for a few dozen bytes. */
function copyBytes(from, s, e, to, at) {
  for (let i = s; i < e; i++) to[at++] = from[i];
}

function grownBytes(bytes, need) {
  const grown = Buffer.allocUnsafe(Math.max(bytes.length * 2, need));
  bytes.copy(grown);
  return grown;
}

function hexDigit(c) {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Processed event ids: a UUID as four 32-bit words in open addressing (all-zero words: an empty
 * slot; the all-zero UUID itself goes to the Set with every id that is not a UUID).
 */
class EventIds {
  count = 0;
  words = new Uint32Array(4 << (PRESIZE ? 21 : 16));
  others = new Set();
  w = new Uint32Array(4);

  /** Touches the slot where the UUID at `buf[s, e)` would go (misses of a group overlap). */
  warm(buf, s, e) {
    if (e - s !== 36 || !this.uuid(buf, s)) return 0;
    const w = this.w;
    const mask = (this.words.length >>> 2) - 1;
    return this.words[((Math.imul(w[0] ^ w[3], 0x9e3779b1) >>> 0) & mask) << 2];
  }

  /** True when the id was new (and is now kept). */
  add(buf, s, e) {
    const w = this.w;
    if (e - s !== 36 || !this.uuid(buf, s) || (w[0] | w[1] | w[2] | w[3]) === 0) {
      const id = buf.toString("utf8", s, e);
      if (this.others.has(id)) return false;
      this.others.add(id);
      return true;
    }
    if ((this.count + 1) * 8 > this.words.length) this.grow();
    const words = this.words;
    const mask = (words.length >>> 2) - 1;
    const a = w[0];
    const b = w[1];
    const c = w[2];
    const d = w[3];
    let q = ((Math.imul(a ^ d, 0x9e3779b1) >>> 0) & mask) << 2;
    while ((words[q] | words[q + 1] | words[q + 2] | words[q + 3]) !== 0) {
      if (words[q] === a && words[q + 1] === b && words[q + 2] === c && words[q + 3] === d) return false;
      q = (q + 4) & (words.length - 1);
    }
    words[q] = a;
    words[q + 1] = b;
    words[q + 2] = c;
    words[q + 3] = d;
    this.count++;
    return true;
  }

  /** Reads a canonical UUID at `s` into `this.w`; false when it is not one. */
  uuid(buf, s) {
    let word = 0;
    let digits = 0;
    for (let i = 0; i < 36; i++) {
      const c = buf[s + i];
      if (i === 8 || i === 13 || i === 18 || i === 23) {
        if (c !== 45) return false;
        continue;
      }
      const d = hexDigit(c);
      if (d < 0) return false;
      word = (word << 4) | d;
      if (++digits % 8 === 0) this.w[digits / 8 - 1] = word >>> 0;
    }
    return true;
  }

  grow() {
    const old = this.words;
    const words = new Uint32Array(old.length * 2);
    const mask = (words.length >>> 2) - 1;
    for (let p = 0; p < old.length; p += 4) {
      if ((old[p] | old[p + 1] | old[p + 2] | old[p + 3]) === 0) continue;
      let q = ((Math.imul(old[p] ^ old[p + 3], 0x9e3779b1) >>> 0) & mask) << 2;
      while ((words[q] | words[q + 1] | words[q + 2] | words[q + 3]) !== 0) q = (q + 4) & (words.length - 1);
      words[q] = old[p];
      words[q + 1] = old[p + 1];
      words[q + 2] = old[p + 2];
      words[q + 3] = old[p + 3];
    }
    this.words = words;
  }
}

function digits(buf, i, n) {
  let v = 0;
  for (let j = 0; j < n; j++) {
    const d = buf[i + j] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Milliseconds of `YYYY-MM-DDTHH:MM:SS.sssZ` at `buf[s, e)`, else Date.parse of the text. */
function timeOf(buf, s, e) {
  if (e - s === 24 && buf[s + 4] === 45 && buf[s + 7] === 45 && buf[s + 10] === 84 && buf[s + 13] === COLON && buf[s + 16] === COLON && buf[s + 19] === 46 && buf[s + 23] === 90) {
    const y = digits(buf, s, 4);
    const mo = digits(buf, s + 5, 2);
    const d = digits(buf, s + 8, 2);
    const h = digits(buf, s + 11, 2);
    const mi = digits(buf, s + 14, 2);
    const sec = digits(buf, s + 17, 2);
    const ms = digits(buf, s + 20, 3);
    if (y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 28 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59 && ms >= 0) {
      // Days from civil (proleptic Gregorian), as in Howard Hinnant's algorithm.
      const yy = mo <= 2 ? y - 1 : y;
      const era = Math.floor(yy / 400);
      const yoe = yy - era * 400;
      const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
      const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
      const days = era * 146097 + doe - 719468;
      return ((days * 24 + h) * 60 + mi) * 60_000 + sec * 1000 + ms;
    }
  }
  return Date.parse(buf.toString("utf8", s, e));
}

const TYPES = ["visit", "trial_started", "purchase", "referral"].map((t) => Buffer.from(t));

function typeOf(buf, s, e) {
  for (let t = 0; t < TYPES.length; t++) {
    const name = TYPES[t];
    if (name.length !== e - s) continue;
    let same = true;
    for (let j = 0; j < name.length; j++) if (name[j] !== buf[s + j]) { same = false; break; }
    if (same) return t + 1;
  }
  return 0;
}

/** The six-stage journey over the customers' typed arrays (six-stage.ts's rules). */
class Journey {
  c = new Customers();
  totals = { customers: 0, moves: 0, sends: 0, goals: 0 };

  enrol(buf, s, e, h, at) {
    this.totals.customers++;
    return this.c.add(buf, s, e, h, at);
  }

  next(x, at, type) {
    const c = this.c;
    const f = x * (ROW_INTS / 2);
    switch (c.ints[x * ROW_INTS + 5] & 0xff) {
      case AWARENESS:
        return type === 1 ? CONSIDERATION : -1;
      case CONSIDERATION:
        return type === 2 ? PURCHASE : -1;
      case PURCHASE:
        return type === 3 ? RETENTION : -1;
      case RETENTION:
        return c.floats[f + E_NPS] >= 9 ? ADVOCACY : -1;
      case ADVOCACY:
        return type === 4 ? LOYALTY : -1;
      case LOYALTY:
        return at - Math.max(c.floats[f + E_ACTIVE], c.floats[f + E_ENROLLED]) >= INACTIVE_MS ? RETENTION : -1;
      default:
        return -1;
    }
  }

  cascade(x, at, type) {
    const c = this.c;
    const o = x * ROW_INTS + 5;
    for (let moves = 0; moves < MAX_MOVES; moves++) {
      const next = this.next(x, at, type);
      if (next < 0) return;
      let goal = c.ints[o] >> 8;
      c.floats[x * (ROW_INTS / 2) + E_ENTERED] = at;
      this.totals.moves++;
      if (next !== AWARENESS) this.totals.sends++;
      if (next === RETENTION && goal === 0) {
        goal = 1;
        this.totals.goals++;
      }
      c.ints[o] = next | (goal << 8);
      type = 0;
    }
  }

  stageCounts() {
    const counts = [0, 0, 0, 0, 0, 0];
    for (let x = 0; x < this.c.count; x++) counts[this.c.ints[x * ROW_INTS + 5] & 0xff]++;
    return Object.fromEntries(STAGES.map((name, i) => [name, counts[i]]));
  }
}

const RECORD_KEYS = [Buffer.from("id"), Buffer.from("nps")];
const EVENT_KEYS = [Buffer.from("id"), Buffer.from("customer"), Buffer.from("type"), Buffer.from("at"), Buffer.from("properties")];

/** Lines taken in groups of this many: their slots and rows are touched first, so their misses overlap. */
const GROUP = 32;

/**
 * The walked fields of a group's lines: for line i of the group, field k's value starts at
 * `at[i * 8 + 2k]` and ends at `at[i * 8 + 2k + 1]` (-1: absent); `ok[i]` 0 when the line went
 * to the slow path.
 */
class Group {
  at = new Int32Array(GROUP * 8);
  num = new Float64Array(GROUP * 4);
  ok = new Uint8Array(GROUP);
  hash = new Uint32Array(GROUP);

  /** Walks line `i` with `keys` (at most four), keeping what `f` found. */
  take(i, buf, s, e, keys, f) {
    this.ok[i] = walk(buf, s, e, keys, f) ? 1 : 0;
    for (let k = 0; k < 4; k++) {
      this.at[i * 8 + 2 * k] = f.start[k];
      this.at[i * 8 + 2 * k + 1] = f.end[k];
      this.num[i * 4 + k] = f.num[k];
    }
  }
}

/** The line as a JSON object, or null when it is not one (counted as malformed: a product would quarantine it). */
function parsed(buf, s, e) {
  try {
    const v = JSON.parse(buf.toString("utf8", s, e));
    return typeof v === "object" && v !== null && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** Records at `start`, then events at their own times. */
export function byteRun(start, records, events) {
  const j = new Journey();
  const c = j.c;
  const ids = new EventIds();
  const f = new Fields();
  const grp = new Group();
  const touched = { sum: 0 };
  let fallbacks = 0;
  let malformed = 0;
  let duplicates = 0;
  forEachLineBytes(records, (buf, starts, ends, n) => {
    for (let g = 0; g < n; g += GROUP) {
      const m = Math.min(GROUP, n - g);
      let sum = 0;
      for (let i = 0; i < m; i++) {
        grp.take(i, buf, starts[g + i], ends[g + i], RECORD_KEYS, f);
        // A record's id must be a string (its number slot NaN).
        if (grp.ok[i] === 1 && (grp.at[i * 8] < 0 || grp.num[i * 4] === grp.num[i * 4])) grp.ok[i] = 0;
        grp.hash[i] = grp.ok[i] === 1 ? fnv(buf, grp.at[i * 8], grp.at[i * 8 + 1]) : 0;
        sum += c.warmSlot(grp.hash[i]);
      }
      touched.sum += sum;
      for (let i = 0; i < m; i++) {
        const s = starts[g + i];
        const e = ends[g + i];
        let src = buf;
        let idS = grp.at[i * 8];
        let idE = grp.at[i * 8 + 1];
        let h = grp.hash[i];
        let nps = grp.at[i * 8 + 2] >= 0 ? grp.num[i * 4 + 1] : undefined;
        if (grp.ok[i] === 0) {
          fallbacks++;
          const r = parsed(buf, s, e);
          if (r === null || typeof r.id !== "string") {
            malformed++;
            continue;
          }
          src = Buffer.from(String(r.id));
          idS = 0;
          idE = src.length;
          h = fnv(src, idS, idE);
          nps = typeof r.nps === "number" ? r.nps : undefined;
        }
        let x = c.find(src, idS, idE, h);
        if (x < 0) x = j.enrol(src, idS, idE, h, start);
        c.keepRecord(x, buf, s, e);
        if (nps !== undefined) c.floats[x * (ROW_INTS / 2) + E_NPS] = nps;
        j.cascade(x, start, 0);
      }
    }
  });
  forEachLineBytes(events, (buf, starts, ends, n) => {
    for (let g = 0; g < n; g += GROUP) {
      const m = Math.min(GROUP, n - g);
      let sum = 0;
      for (let i = 0; i < m; i++) {
        grp.take(i, buf, starts[g + i], ends[g + i], EVENT_KEYS, f);
        const o = i * 8;
        // id, customer, type and at present, and the customer a string.
        if (grp.ok[i] === 1 && (grp.at[o] < 0 || grp.at[o + 2] < 0 || grp.at[o + 4] < 0 || grp.at[o + 6] < 0 || grp.num[i * 4 + 1] === grp.num[i * 4 + 1])) grp.ok[i] = 0;
        if (grp.ok[i] === 0) continue;
        sum += ids.warm(buf, grp.at[o], grp.at[o + 1]);
        grp.hash[i] = fnv(buf, grp.at[o + 2], grp.at[o + 3]);
        sum += c.warmSlot(grp.hash[i]);
      }
      for (let i = 0; i < m; i++) if (grp.ok[i] === 1) sum += c.warmRow(c.warmSlot(grp.hash[i]));
      touched.sum += sum;
      for (let i = 0; i < m; i++) {
        let b = buf;
        let o = i * 8;
        let at8 = grp.at;
        let h = grp.hash[i];
        if (grp.ok[i] === 0) {
          fallbacks++;
          const ev = parsed(buf, starts[g + i], ends[g + i]);
          if (ev === null || typeof ev.id !== "string" || typeof ev.customer !== "string" || typeof ev.type !== "string" || typeof ev.at !== "string") {
            malformed++;
            continue;
          }
          // Re-walk a canonical line built from the parsed values (rare; never in the bench files).
          b = Buffer.from(`{"id":${JSON.stringify(String(ev.id))},"customer":${JSON.stringify(String(ev.customer))},"type":${JSON.stringify(String(ev.type))},"at":${JSON.stringify(String(ev.at))}}`);
          if (!walk(b, 0, b.length, EVENT_KEYS, f)) throw new Error("unreadable event line");
          at8 = Int32Array.from([f.start[0], f.end[0], f.start[1], f.end[1], f.start[2], f.end[2], f.start[3], f.end[3]]);
          o = 0;
          h = fnv(b, at8[2], at8[3]);
        }
        if (!ids.add(b, at8[o], at8[o + 1])) {
          duplicates++;
          continue;
        }
        const at = timeOf(b, at8[o + 6], at8[o + 7]);
        const type = typeOf(b, at8[o + 4], at8[o + 5]);
        let x = c.find(b, at8[o + 2], at8[o + 3], h);
        if (x < 0) x = j.enrol(b, at8[o + 2], at8[o + 3], h, at);
        c.floats[x * (ROW_INTS / 2) + E_ACTIVE] = at;
        j.cascade(x, at, type);
      }
    }
  });
  return { journey: j, fallbacks, malformed, duplicates, eventIds: ids.count + ids.others.size, recordBytes: c.recsUsed, touched: touched.sum };
}

if (import.meta.filename === process.argv[1]) {
  const started = performance.now();
  const [start, records, events] = process.argv.slice(2);
  const r = byteRun(Number(start), records, events);
  reportResult({
    counts: r.journey.stageCounts(),
    sends: r.journey.totals.sends,
    goals: r.journey.totals.goals,
    fallbacks: r.fallbacks,
    malformed: r.malformed,
    duplicates: r.duplicates,
    eventIds: r.eventIds,
    recordBytes: r.recordBytes,
    touched: r.touched,
    ms: performance.now() - started,
  });
}

/**
 * Customer id → small integer, for a million ids: an open-addressing table in one Int32Array
 * (hash, index + 1) and the ids' characters in chunked Uint16Arrays. A lookup touches the table
 * slot and the id's characters, not a Map entry, a key string object and its header; ids are
 * not kept as strings (an id longer than {@link INLINE} characters is, in a side list).
 */

const INLINE = 16;
const STRIDE = INLINE + 1;
const BITS = 12;
const SIZE = 1 << BITS;
const MASK = SIZE - 1;
const LONG = 0xffff;

function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h ^ (h >>> 15);
}

export class IdIndex {
  /** Per bucket: the id's hash, then its index + 1 (0 = empty). */
  private table = new Int32Array(2 * 1024);
  private mask = 1023;
  private readonly chars: Uint16Array[] = [];
  private readonly long = new Map<number, string>();
  private count = 0;
  /**
   * The index after the last one found or added, tried first while `guessing`: a feed sorted
   * like the customers' first appearance (a replay of an ordered export, records before their
   * events) then compares one id's characters, next to the last ones read, instead of hashing
   * and a random table read (a cache miss at a million ids). Guessing stays on only while the
   * guess would have hit, so an interleaved stream pays no extra read.
   */
  private next = 0;
  private guessing = false;

  get size(): number {
    return this.count;
  }

  private equals(k: number, id: string): boolean {
    const c = this.chars[k >>> BITS]!;
    const at = (k & MASK) * STRIDE;
    const len = c[at]!;
    if (len === LONG) return this.long.get(k) === id;
    if (len !== id.length) return false;
    for (let i = 0; i < len; i++) if (c[at + 1 + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  /** The index of `id`, or -1. */
  get(id: string): number {
    const guess = this.next;
    // Ids are unique: the id stored at `guess` being `id` makes `guess` its index.
    if (this.guessing && guess < this.count && this.equals(guess, id)) {
      this.next = guess + 1;
      return guess;
    }
    const h = hashOf(id);
    const t = this.table;
    for (let b = h & this.mask; ; b = (b + 1) & this.mask) {
      const e = t[2 * b + 1]!;
      if (e === 0) return -1;
      if (t[2 * b] === h && this.equals(e - 1, id)) {
        this.guessing = e - 1 === guess;
        this.next = e;
        return e - 1;
      }
    }
  }

  /** `get` without its guess and without changing the guess (for warming, see `CustomerTable.warm`). */
  peek(id: string): number {
    return this.peekHashed(id, hashOf(id));
  }

  /**
   * {@link peek} for `count` ids at once, into `out`, in passes over the block: every id's
   * characters (its hash), then every id's first bucket, then the probes and the stored
   * characters. Each pass's reads are independent of one another, so their cache misses (a
   * random bucket and a random id each, at a million ids) overlap instead of coming one id's
   * chain after another's. `hashes` is scratch space of at least `count`.
   */
  peekBlock(ids: readonly string[], count: number, hashes: Int32Array, out: Int32Array): void {
    for (let j = 0; j < count; j++) hashes[j] = hashOf(ids[j]!);
    const t = this.table;
    const m = this.mask;
    let sum = 0;
    for (let j = 0; j < count; j++) sum = (sum + t[2 * (hashes[j]! & m) + 1]!) | 0;
    for (let j = 0; j < count; j++) out[j] = this.peekHashed(ids[j]!, hashes[j]!);
    this.touched = (this.touched + sum) | 0;
  }

  /** Sum of what {@link peekBlock}'s bucket pass read, kept so that the reads are not optimised away. */
  private touched = 0;

  private peekHashed(id: string, h: number): number {
    const t = this.table;
    for (let b = h & this.mask; ; b = (b + 1) & this.mask) {
      const e = t[2 * b + 1]!;
      if (e === 0) return -1;
      if (t[2 * b] === h && this.equals(e - 1, id)) return e - 1;
    }
  }

  /** Give `id` (not yet present) the next index and return it. */
  add(id: string): number {
    const k = this.count++;
    if ((k & MASK) === 0) this.chars.push(new Uint16Array(SIZE * STRIDE));
    const c = this.chars[k >>> BITS]!;
    const at = (k & MASK) * STRIDE;
    if (id.length > INLINE || id.length === LONG) {
      c[at] = LONG;
      this.long.set(k, id);
    } else {
      c[at] = id.length;
      for (let i = 0; i < id.length; i++) c[at + 1 + i] = id.charCodeAt(i);
    }
    if (2 * this.count > this.mask + 1) this.grow();
    this.place(hashOf(id), k);
    this.next = k + 1;
    return k;
  }

  /** The id of index `k`. */
  idOf(k: number): string {
    const c = this.chars[k >>> BITS]!;
    const at = (k & MASK) * STRIDE;
    const len = c[at]!;
    if (len === LONG) return this.long.get(k)!;
    let s = "";
    for (let i = 0; i < len; i++) s += String.fromCharCode(c[at + 1 + i]!);
    return s;
  }

  private place(h: number, k: number): void {
    const t = this.table;
    let b = h & this.mask;
    while (t[2 * b + 1] !== 0) b = (b + 1) & this.mask;
    t[2 * b] = h;
    t[2 * b + 1] = k + 1;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(2 * old.length);
    this.mask = old.length - 1;
    for (let b = 0; b < old.length; b += 2) if (old[b + 1] !== 0) this.place(old[b]!, old[b + 1]! - 1);
  }
}

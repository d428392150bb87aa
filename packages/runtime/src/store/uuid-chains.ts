/**
 * Processed event ids that are canonical UUIDs (lowercase hex, 8-4-4-4-12: what tracking
 * pipelines put on events), kept off the JS heap: each is 4 words of a chunked Uint32Array plus
 * a link word, chained per customer newest first. Recording one allocates nothing the garbage
 * collector must trace or move (a string per id, replaced on every event, was a third of the
 * collector's work at a million customers), and costs 20 bytes instead of a string's 50 or so.
 *
 * A chain is only walked for its own customer and holds at most {@link MAX_CHAIN} ids; the
 * customer table sends further ids to the general form (event-ids.ts), so a lookup never walks
 * a long chain.
 */

/** Most UUIDs one customer's chain holds. */
export const MAX_CHAIN = 32;

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
/**
 * Words per entry: the UUID's four, then the chain's length - 1 (top 5 bits) and the link (low 27
 * bits: entry + 1 of the next older one, 0 = end).
 */
const W = 5;
const LINK_BITS = 27;
const LINK_MASK = (1 << LINK_BITS) - 1;

/** Hex digit values of ASCII codes (-1 = not a lowercase hex digit). */
const HEX = new Int8Array(128).fill(-1);
for (let d = 0; d < 10; d++) HEX[48 + d] = d;
for (let d = 0; d < 6; d++) HEX[97 + d] = 10 + d;

/** The value of the `n` (4 or 8) hex digits of `id` from `from`, or -1. */
function hexRun(id: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = id.charCodeAt(i);
    const x = c < 128 ? HEX[c]! : -1;
    if (x < 0) return -1;
    v = (v << 4) | x;
  }
  return v >>> 0;
}

/**
 * Chains of UUIDs. Heads are `entry + 1` (0 = empty chain) and live in the caller's tables.
 *
 * @example
 * ```ts
 * const chains = new UuidChains();
 * let head = 0;
 * if (chains.parse("3f2b8c1e-9a4d-4e6f-a1b2-c3d4e5f60718")) head = chains.add(head);
 * chains.parse("3f2b8c1e-9a4d-4e6f-a1b2-c3d4e5f60718") && chains.has(head); // true
 * ```
 */
export class UuidChains {
  private readonly chunks: Uint32Array[] = [];
  private size = 0;
  /** The words of the last id {@link parse} accepted. */
  private readonly w = new Uint32Array(4);
  private lastId = "";
  private lastOk = false;

  /**
   * Reads `id` as a canonical lowercase UUID into the words {@link has} and {@link add} use;
   * false (and nothing to use) for any other id.
   */
  parse(id: string): boolean {
    // A lookup and the addition after it parse the same id.
    if (id === this.lastId) return this.lastOk;
    this.lastId = id;
    this.lastOk = false;
    if (id.length !== 36 || id.charCodeAt(8) !== 45 || id.charCodeAt(13) !== 45 || id.charCodeAt(18) !== 45 || id.charCodeAt(23) !== 45) return false;
    // Groups 8-4-4-4-12 as the words 8 | 4+4 | 4+4 | 8 (the last group's first 4 digits go to word 2).
    const a = hexRun(id, 0, 8);
    const b1 = hexRun(id, 9, 4);
    const b2 = hexRun(id, 14, 4);
    const c1 = hexRun(id, 19, 4);
    const c2 = hexRun(id, 24, 4);
    const d = hexRun(id, 28, 8);
    if (a < 0 || b1 < 0 || b2 < 0 || c1 < 0 || c2 < 0 || d < 0) return false;
    const w = this.w;
    w[0] = a;
    w[1] = ((b1 << 16) | b2) >>> 0;
    w[2] = ((c1 << 16) | c2) >>> 0;
    w[3] = d;
    this.lastOk = true;
    return true;
  }

  /** Two bits (of 32) for the parsed UUID, for a caller's filter of a chain's UUIDs. */
  filterBits(): number {
    // UUID bits are random (version 4) or at least varied in the first and last words.
    return (1 << (this.w[0]! & 31)) | (1 << (this.w[3]! & 31));
  }

  /** Whether the chain at `head` holds the parsed UUID. */
  has(head: number): boolean {
    const w = this.w;
    for (let e = head - 1; e >= 0; ) {
      const chunk = this.chunks[e >>> CHUNK_BITS]!;
      const at = (e & CHUNK_MASK) * W;
      if (chunk[at] === w[0] && chunk[at + 1] === w[1] && chunk[at + 2] === w[2] && chunk[at + 3] === w[3]) return true;
      e = (chunk[at + 4]! & LINK_MASK) - 1;
    }
    return false;
  }

  /** Whether the chain at `head` can take one more UUID (else the caller keeps it elsewhere). */
  canAdd(head: number): boolean {
    if (this.size >= LINK_MASK) return false;
    if (head === 0) return true;
    const e = head - 1;
    return (this.chunks[e >>> CHUNK_BITS]![(e & CHUNK_MASK) * W + 4]! >>> LINK_BITS) + 1 < MAX_CHAIN;
  }

  /** Puts the parsed UUID in front of the chain at `head` ({@link canAdd} first); returns the new head. */
  add(head: number): number {
    let count = 1;
    if (head !== 0) {
      const h = head - 1;
      count += (this.chunks[h >>> CHUNK_BITS]![(h & CHUNK_MASK) * W + 4]! >>> LINK_BITS) + 1;
    }
    const e = this.size++;
    if ((e & CHUNK_MASK) === 0) this.chunks.push(new Uint32Array(CHUNK * W));
    const chunk = this.chunks[e >>> CHUNK_BITS]!;
    const at = (e & CHUNK_MASK) * W;
    chunk.set(this.w, at);
    chunk[at + 4] = (((count - 1) << LINK_BITS) | head) >>> 0;
    return e + 1;
  }
}

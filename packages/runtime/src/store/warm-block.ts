/**
 * The customers the batch lane warmed last (see `CustomerTable.warm`): their ids and the indexes
 * their block lookup found, so that the lookups that follow, in the same order, take those
 * indexes instead of looking the ids up a second time.
 */
import type { IdIndex } from "./id-index.js";

/** Most ids one block holds. */
export const WARM_MAX = 64;

export class WarmBlock {
  private readonly ids: string[] = [];
  /** Per id, its index when looked up (-1: not stored then). */
  readonly ks = new Int32Array(WARM_MAX);
  private readonly hashes = new Int32Array(WARM_MAX);
  private count = 0;
  private pos = 0;

  /** Look up the first `count` (at most {@link WARM_MAX}) of `ids` in `index`; returns how many. */
  fill(index: IdIndex, ids: readonly string[], count: number): number {
    const n = Math.min(count, WARM_MAX);
    index.peekBlock(ids, n, this.hashes, this.ks);
    for (let j = 0; j < n; j++) this.ids[j] = ids[j]!;
    this.count = n;
    this.pos = 0;
    return n;
  }

  /**
   * The index found for `id`, or -1 (not in the block, or not stored then: a customer added
   * since has an index now, so only found indexes are trusted; an index never changes). Ids are
   * asked for in the order given, a few skipped: a short scan from the cursor.
   */
  take(id: string): number {
    const ids = this.ids;
    const end = Math.min(this.count, this.pos + 8);
    for (let p = this.pos; p < end; p++) {
      if (ids[p] !== id) continue;
      this.pos = p + 1;
      return this.ks[p]!;
    }
    return -1;
  }
}

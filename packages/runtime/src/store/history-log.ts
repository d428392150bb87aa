/**
 * Every customer's history in one shared log: a row is (at, shape id, next row) in chunked typed
 * arrays, the shape interned by {@link HistoryCodec}; each customer keeps only the first and
 * last row of its list. 16 bytes a row, no object per row or per customer.
 */
import { HistoryCodec } from "./history-codec.js";
import type { HistoryRow } from "./types.js";

const BITS = 14;
const SIZE = 1 << BITS;
const MASK = SIZE - 1;

export class HistoryLog {
  private readonly codec = new HistoryCodec();
  private readonly at: Float64Array[] = [];
  /** Shape id, then the next row + 1 (0 = end of the list), interleaved. */
  private readonly links: Int32Array[] = [];
  private count = 0;

  /**
   * Append `row` after `tail` (a row + 1, or 0 for an empty list); returns the new row + 1.
   */
  append(row: HistoryRow, tail: number): number {
    const shape = this.codec.shapeOf(row);
    const r = this.count++;
    if ((r & MASK) === 0) {
      this.at.push(new Float64Array(SIZE));
      this.links.push(new Int32Array(2 * SIZE));
    }
    this.at[r >>> BITS]![r & MASK] = row.at;
    const l = this.links[r >>> BITS]!;
    l[2 * (r & MASK)] = shape;
    l[2 * (r & MASK) + 1] = 0;
    if (tail !== 0) this.links[(tail - 1) >>> BITS]![2 * ((tail - 1) & MASK) + 1] = r + 1;
    return r + 1;
  }

  /** The rows of the list starting at `head` (a row + 1, or 0). */
  read(customerId: string, head: number): HistoryRow[] {
    const packed: number[] = [];
    for (let r = head - 1; r >= 0; ) {
      const l = this.links[r >>> BITS]!;
      packed.push(this.at[r >>> BITS]![r & MASK]!, l[2 * (r & MASK)]!);
      r = l[2 * (r & MASK) + 1]! - 1;
    }
    return this.codec.decode(customerId, packed);
  }
}

/**
 * Every customer's history in one shared log: a row is (at, shape id, next row) in chunked typed
 * arrays, the shape interned by {@link HistoryCodec}; each customer keeps only its newest row.
 * 16 bytes a row, no object per row or per customer.
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
   * Add `row` in front of the list whose newest row is `newest` (a row + 1, or 0 for an empty
   * list); returns the new newest row + 1. Lists run newest first so that adding a row writes
   * only the new row (no write to a customer's older row, far away in the log).
   */
  append(row: HistoryRow, newest: number): number {
    const shape = this.codec.shapeOf(row);
    const r = this.count++;
    if ((r & MASK) === 0) {
      this.at.push(new Float64Array(SIZE));
      this.links.push(new Int32Array(2 * SIZE));
    }
    this.at[r >>> BITS]![r & MASK] = row.at;
    const l = this.links[r >>> BITS]!;
    l[2 * (r & MASK)] = shape;
    l[2 * (r & MASK) + 1] = newest;
    return r + 1;
  }

  /** The rows of the list whose newest row is `newest` (a row + 1, or 0), oldest first. */
  read(customerId: string, newest: number): HistoryRow[] {
    const packed: number[] = [];
    for (let r = newest - 1; r >= 0; ) {
      const l = this.links[r >>> BITS]!;
      packed.push(l[2 * (r & MASK)]!, this.at[r >>> BITS]![r & MASK]!);
      r = l[2 * (r & MASK) + 1]! - 1;
    }
    packed.reverse();
    return this.codec.decode(customerId, packed);
  }
}

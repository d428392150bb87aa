/**
 * Compact history for the in-memory store: a row becomes (at, shape id), where the shape is the
 * rest of the row as JSON with the customer id factored out, interned once for all customers.
 * Most rows repeat across customers ("enter awareness: enrolled"), so a million customers'
 * histories cost a few numbers each instead of an object per row.
 */
import type { HistoryRow } from "./types.js";

const PLACEHOLDER = "\u0001"; // never present in JSON.stringify output (it escapes control characters)

function escapedId(customerId: string): string {
  return JSON.stringify(customerId).slice(1, -1);
}

export class HistoryCodec {
  private readonly ids = new Map<string, number>();
  private readonly shapes: string[] = [];

  /** Append `row` to `out` as two numbers. */
  encode(row: HistoryRow, out: number[]): void {
    const { at, customerId, ...rest } = row;
    const json = JSON.stringify(rest).split(escapedId(customerId)).join(PLACEHOLDER);
    let id = this.ids.get(json);
    if (id === undefined) {
      id = this.shapes.length;
      this.shapes.push(json);
      this.ids.set(json, id);
    }
    out.push(at, id);
  }

  /** The rows encoded in `packed` for `customerId`. */
  decode(customerId: string, packed: readonly number[]): HistoryRow[] {
    const rows: HistoryRow[] = [];
    const esc = escapedId(customerId);
    for (let i = 0; i < packed.length; i += 2) {
      const shape = this.shapes[packed[i + 1]!]!;
      const rest = JSON.parse(shape.split(PLACEHOLDER).join(esc)) as Omit<HistoryRow, "at" | "customerId">;
      rows.push({ at: packed[i]!, customerId, ...rest });
    }
    return rows;
  }
}

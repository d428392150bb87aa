/**
 * Compact history for the in-memory store: a row becomes (at, shape id), where the shape is the
 * rest of the row with the customer id factored out, interned once for all customers. Most rows
 * repeat across customers ("enter awareness: enrolled"), so a million customers' histories cost
 * a few numbers each instead of an object per row.
 */
import type { HistoryRow } from "./types.js";

const PLACEHOLDER = "\u0001"; // never present in JSON.stringify output (it escapes control characters)
const SEP = "\u0002";

function escapedId(customerId: string): string {
  return JSON.stringify(customerId).slice(1, -1);
}

export class HistoryCodec {
  private readonly ids = new Map<string, number>();
  private readonly shapes: string[] = [];
  private lastCustomer = "";
  private lastEscaped = "";

  /** Append `row` to `out` as two numbers. */
  encode(row: HistoryRow, out: number[]): void {
    if (row.customerId !== this.lastCustomer) {
      this.lastCustomer = row.customerId;
      this.lastEscaped = escapedId(row.customerId);
    }
    const esc = this.lastEscaped;
    // A cheap key first (the customer id factored out of the reason and the detail).
    let detail = row.detail === undefined ? "" : JSON.stringify(row.detail);
    if (detail.includes(esc)) detail = detail.split(esc).join(PLACEHOLDER);
    const reason = row.reason.includes(row.customerId) ? row.reason.split(row.customerId).join(PLACEHOLDER) : row.reason;
    const key = `${row.journeyId}${SEP}${row.version}${SEP}${row.enrolment}${SEP}${row.type}${SEP}${row.stage ?? SEP}${SEP}${reason}${SEP}${row.actionId ?? SEP}${SEP}${row.status ?? SEP}${SEP}${detail}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      const { at: _at, customerId: _c, ...rest } = row;
      id = this.shapes.length;
      this.shapes.push(JSON.stringify(rest).split(esc).join(PLACEHOLDER));
      this.ids.set(key, id);
    }
    out.push(row.at, id);
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

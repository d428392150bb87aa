/**
 * Compact history for the in-memory store: a row becomes (at, shape id), where the shape is the
 * rest of the row with the customer id factored out, interned once for all customers. Most rows
 * repeat across customers ("enter awareness: enrolled"), so a million customers' histories cost
 * a few numbers each instead of an object per row.
 */
import type { HistoryRow, Json } from "./types.js";

const PLACEHOLDER = "\u0001"; // never present in JSON.stringify output (it escapes control characters)
const NONE = "\u0002";
const RECENT = 8;

interface Shape {
  journeyId: string;
  version: number;
  enrolment: number;
  type: string;
  stage: string;
  reason: string;
  actionId: string;
  status: string;
  /** JSON of the detail with the customer id replaced by the placeholder, or "". */
  detail: string;
}

function escapedId(customerId: string): string {
  return JSON.stringify(customerId).slice(1, -1);
}

function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return Math.imul(h ^ 0x1f, 16777619);
}

export class HistoryCodec {
  /** Hash of a shape → ids of the shapes with that hash (collisions are compared field by field). */
  private readonly byHash = new Map<number, number[]>();
  private readonly shapes: Shape[] = [];
  private lastCustomer = "";
  private lastEscaped = "";

  /** Detail-free shapes used lately whose reason is stored verbatim (no placeholder). */
  private readonly recent: number[] = [];
  private recentNext = 0;

  /** Append `row` to `out` as two numbers. */
  encode(row: HistoryRow, out: number[]): void {
    // Most rows repeat a recent detail-free shape with the very same strings: compare fields
    // before hashing. A shape whose reason is verbatim decodes to exactly this row.
    if (row.detail === undefined) {
      const stage = row.stage ?? NONE;
      const actionId = row.actionId ?? NONE;
      const status = row.status ?? NONE;
      for (let r = 0; r < this.recent.length; r++) {
        const id = this.recent[r]!;
        const s = this.shapes[id]!;
        if (s.reason === row.reason && s.type === row.type && s.stage === stage && s.actionId === actionId && s.status === status && s.journeyId === row.journeyId && s.version === row.version && s.enrolment === row.enrolment && s.detail === "") {
          out.push(row.at, id);
          return;
        }
      }
    }
    this.encodeHashed(row, out);
    const id = out[out.length - 1]!;
    const s = this.shapes[id]!;
    if (s.detail === "" && !s.reason.includes(PLACEHOLDER) && !this.recent.includes(id)) {
      this.recent[this.recentNext] = id;
      this.recentNext = (this.recentNext + 1) % RECENT;
    }
  }

  private encodeHashed(row: HistoryRow, out: number[]): void {
    if (row.customerId !== this.lastCustomer) {
      this.lastCustomer = row.customerId;
      this.lastEscaped = escapedId(row.customerId);
    }
    let detail = row.detail === undefined ? "" : JSON.stringify(row.detail);
    if (detail !== "" && detail.includes(this.lastEscaped)) detail = detail.replaceAll(this.lastEscaped, PLACEHOLDER);
    const reason = row.reason.includes(row.customerId) ? row.reason.replaceAll(row.customerId, PLACEHOLDER) : row.reason;
    const stage = row.stage ?? NONE;
    const actionId = row.actionId ?? NONE;
    const status = row.status ?? NONE;
    let h = fnv(0x811c9dc5, row.journeyId);
    h = Math.imul(h ^ row.version, 16777619);
    h = Math.imul(h ^ row.enrolment, 16777619);
    h = fnv(fnv(fnv(fnv(fnv(fnv(h, row.type), stage), reason), actionId), status), detail);
    const list = this.byHash.get(h);
    if (list !== undefined) {
      for (const id of list) {
        const s = this.shapes[id]!;
        if (s.reason === reason && s.detail === detail && s.type === row.type && s.stage === stage && s.actionId === actionId && s.status === status && s.journeyId === row.journeyId && s.version === row.version && s.enrolment === row.enrolment) {
          out.push(row.at, id);
          return;
        }
      }
    }
    const id = this.shapes.length;
    this.shapes.push({ journeyId: row.journeyId, version: row.version, enrolment: row.enrolment, type: row.type, stage, reason, actionId, status, detail });
    if (list === undefined) this.byHash.set(h, [id]);
    else list.push(id);
    out.push(row.at, id);
  }

  /** The rows encoded in `packed` for `customerId`. */
  decode(customerId: string, packed: readonly number[]): HistoryRow[] {
    const rows: HistoryRow[] = [];
    const esc = escapedId(customerId);
    for (let i = 0; i < packed.length; i += 2) {
      const s = this.shapes[packed[i + 1]!]!;
      const row: HistoryRow = {
        at: packed[i]!,
        customerId,
        journeyId: s.journeyId,
        version: s.version,
        enrolment: s.enrolment,
        type: s.type as HistoryRow["type"],
        stage: s.stage === NONE ? null : s.stage,
        reason: s.reason.replaceAll(PLACEHOLDER, customerId),
      };
      if (s.actionId !== NONE) row.actionId = s.actionId;
      if (s.status !== NONE) row.status = s.status as HistoryRow["status"];
      if (s.detail !== "") row.detail = JSON.parse(s.detail.replaceAll(PLACEHOLDER, esc)) as Record<string, Json>;
      rows.push(row);
    }
    return rows;
  }
}

/**
 * Compact history for the in-memory store: a row becomes (at, shape id), where the shape is the
 * rest of the row with the customer id factored out, interned once for all customers. Most rows
 * repeat across customers ("enter awareness: enrolled"), so a million customers' histories cost
 * a few numbers each instead of an object per row.
 */
import type { HistoryRow, Json } from "./types.js";

const PLACEHOLDER = "\u0001"; // never present in JSON.stringify output (it escapes control characters)
const RECENT = 16;

interface Shape {
  journeyId: string;
  version: number;
  enrolment: number;
  type: string;
  stage: string | null;
  /** The reason with the customer id as the placeholder, or as given when `literal`. */
  reason: string;
  /**
   * The reason held the placeholder character itself: kept as given (such a shape is not shared
   * by customers), since replacing placeholders would turn that character into the customer id.
   */
  literal: boolean;
  /** `reason` split at its placeholders (one piece when `literal`). */
  reasonPieces: Pieces;
  /** null when the row has none (any string, even a sentinel-looking one, is a value). */
  actionId: string | null;
  status: string | null;
  /** JSON of the detail with the customer id replaced by the placeholder, or "". */
  detail: string;
  /** A flat detail, parsed with each placeholder kept as the character; null when not flat. */
  template: Template | null;
}

/** A flat detail (scalar values), keys in order; string values may hold the placeholder. */
interface Template {
  keys: string[];
  values: (string | number | boolean | null)[];
  /** Per value: a string value split at its placeholders, else null. */
  pieces: (Pieces | null)[];
}

const NO_DETAIL: Template = { keys: [], values: [], pieces: [] };

/** A text split at its placeholders, for comparing with native prefix checks instead of per character. */
interface Pieces {
  parts: string[];
  /** Characters in all parts. */
  length: number;
}

function piecesOf(text: string): Pieces {
  const parts = text.split(PLACEHOLDER);
  return { parts, length: text.length - (parts.length - 1) };
}

/** Whether the pieces with every placeholder read as `customerId` are exactly `value`. */
function matchesPieces(p: Pieces, value: string, customerId: string): boolean {
  const parts = p.parts;
  if (parts.length === 1) return value === parts[0];
  if (value.length !== p.length + (parts.length - 1) * customerId.length || !value.startsWith(parts[0]!)) return false;
  let at = parts[0]!.length;
  for (let i = 1; i < parts.length; i++) {
    if (!value.startsWith(customerId, at)) return false;
    at += customerId.length;
    if (!value.startsWith(parts[i]!, at)) return false;
    at += parts[i]!.length;
  }
  return true;
}

/**
 * The template of a shape's detail JSON, or null when the detail is nested, when a placeholder
 * stands outside a string value (then it does not parse), in a key, or when the data itself
 * held the placeholder character (its escape is in the text): then only the hashed path matches it.
 */
function templateOf(detail: string): Template | null {
  if (detail === "") return NO_DETAIL;
  if (detail.includes("\\u0001")) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(detail.replaceAll(PLACEHOLDER, "\\u0001"));
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const keys = Object.keys(parsed);
  const values: Template["values"] = [];
  const pieces: Template["pieces"] = [];
  for (const k of keys) {
    const v = (parsed as Record<string, unknown>)[k];
    if (k.includes(PLACEHOLDER) || (typeof v === "object" && v !== null)) return null;
    values.push(v as Template["values"][number]);
    pieces.push(typeof v === "string" ? piecesOf(v) : null);
  }
  return { keys, values, pieces };
}

/** Whether `detail` serialises to the template's JSON (placeholders read as the customer id). */
function matchesDetail(t: Template, detail: Record<string, Json>, customerId: string): boolean {
  let n = 0;
  for (const k in detail) {
    if (!Object.prototype.hasOwnProperty.call(detail, k)) continue;
    if (n >= t.keys.length || t.keys[n] !== k) return false;
    const tp = t.pieces[n]!;
    const v = detail[k];
    if (tp !== null) {
      if (typeof v !== "string" || !matchesPieces(tp, v, customerId)) return false;
    } else if (t.values[n] !== v) return false;
    n++;
  }
  return n === t.keys.length;
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

  /** Shapes used lately that a row can be matched against field by field (see `template`). */
  private readonly recent: number[] = [];
  private recentNext = 0;
  /** The shape last returned, and per shape the one returned right after it last time (-1: none yet). */
  private lastShape = -1;
  private readonly follows: number[] = [];

  /** Append `row` to `out` as two numbers. */
  encode(row: HistoryRow, out: number[]): void {
    out.push(row.at, this.shapeOf(row));
  }

  /** The id of `row`'s shape (everything but `at` and the customer id), interned. */
  shapeOf(row: HistoryRow): number {
    const id = this.findShape(row);
    // Rows come in recurring sequences (exit, enter, action...): remember what followed.
    if (this.lastShape >= 0) this.follows[this.lastShape] = id;
    this.lastShape = id;
    return id;
  }

  private findShape(row: HistoryRow): number {
    // Most rows repeat a recent shape: compare fields before stringifying and hashing. A match
    // means the shape decodes to exactly this row (see `matchesPieces`).
    const cid = row.customerId;
    if (!cid.includes(PLACEHOLDER)) {
      const stage = row.stage;
      const actionId = row.actionId ?? null;
      const status = row.status ?? null;
      const predicted = this.lastShape >= 0 ? this.follows[this.lastShape]! : -1;
      if (predicted >= 0 && this.matches(this.shapes[predicted]!, row, cid, stage, actionId, status)) return predicted;
      for (let r = 0; r < this.recent.length; r++) {
        const id = this.recent[r]!;
        if (this.matches(this.shapes[id]!, row, cid, stage, actionId, status)) return id;
      }
    }
    const id = this.hashedShapeOf(row);
    if (!this.recent.includes(id) && this.shapes[id]!.template !== null) {
      this.recent[this.recentNext] = id;
      this.recentNext = (this.recentNext + 1) % RECENT;
    }
    return id;
  }

  /** Whether shape `s` decodes to exactly `row` (`stage`, `actionId`, `status` with null for absent). */
  private matches(s: Shape, row: HistoryRow, cid: string, stage: string | null, actionId: string | null, status: string | null): boolean {
    return (
      s.actionId === actionId &&
      s.type === row.type &&
      s.stage === stage &&
      s.status === status &&
      s.journeyId === row.journeyId &&
      s.version === row.version &&
      s.enrolment === row.enrolment &&
      matchesPieces(s.reasonPieces, row.reason, cid) &&
      // (a shape without detail has the empty template too: an empty detail {} is not "none")
      (row.detail === undefined ? s.detail === "" : s.detail !== "" && s.template !== null && matchesDetail(s.template, row.detail, cid))
    );
  }

  private hashedShapeOf(row: HistoryRow): number {
    if (row.customerId !== this.lastCustomer) {
      this.lastCustomer = row.customerId;
      this.lastEscaped = escapedId(row.customerId);
    }
    let detail = row.detail === undefined ? "" : JSON.stringify(row.detail);
    if (detail !== "" && detail.includes(this.lastEscaped)) detail = detail.replaceAll(this.lastEscaped, PLACEHOLDER);
    const literal = row.reason.includes(PLACEHOLDER);
    const reason = !literal && row.reason.includes(row.customerId) ? row.reason.replaceAll(row.customerId, PLACEHOLDER) : row.reason;
    const stage = row.stage;
    const actionId = row.actionId ?? null;
    const status = row.status ?? null;
    // The short fields and the lengths of the long ones: equal shapes hash alike, and the
    // few shapes that collide are told apart by the comparison below.
    // (null hashes as "": the comparison below tells them apart)
    let h = fnv(fnv(fnv(fnv(0x811c9dc5, row.type), stage ?? ""), actionId ?? ""), status ?? "");
    h = Math.imul(h ^ row.version, 16777619);
    h = Math.imul(h ^ row.enrolment, 16777619);
    h = Math.imul(h ^ row.journeyId.length, 16777619);
    h = Math.imul(h ^ reason.length, 16777619);
    h = Math.imul(h ^ detail.length, 16777619);
    const list = this.byHash.get(h);
    if (list !== undefined) {
      for (const id of list) {
        const s = this.shapes[id]!;
        if (s.reason === reason && s.literal === literal && s.detail === detail && s.type === row.type && s.stage === stage && s.actionId === actionId && s.status === status && s.journeyId === row.journeyId && s.version === row.version && s.enrolment === row.enrolment) {
          return id;
        }
      }
    }
    const id = this.shapes.length;
    this.shapes.push({ journeyId: row.journeyId, version: row.version, enrolment: row.enrolment, type: row.type, stage, reason, literal, reasonPieces: literal ? { parts: [reason], length: reason.length } : piecesOf(reason), actionId, status, detail, template: templateOf(detail) });
    this.follows.push(-1);
    if (list === undefined) this.byHash.set(h, [id]);
    else list.push(id);
    return id;
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
        stage: s.stage,
        reason: s.literal ? s.reason : s.reason.replaceAll(PLACEHOLDER, customerId),
      };
      if (s.actionId !== null) row.actionId = s.actionId;
      if (s.status !== null) row.status = s.status as HistoryRow["status"];
      if (s.detail !== "") row.detail = JSON.parse(s.detail.replaceAll(PLACEHOLDER, esc)) as Record<string, Json>;
      rows.push(row);
    }
    return rows;
  }
}

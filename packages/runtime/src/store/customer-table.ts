/**
 * The memory store's customers, compactly: customer id → a small integer index into chunked
 * typed arrays. A doc in the usual shape (one journey, no tags, no splits, no entry event: what
 * nearly every customer looks like) is kept as numbers plus its record object, and rebuilt on
 * load; any other doc is kept as the object committed. Processed event ids, the history list
 * and the rare timers / actions hang off the same index. A million customers cost a few typed
 * array slots each instead of half a dozen objects, which is what the heap size and the garbage
 * collector pay for.
 */
import { EMPTY_LIST, EMPTY_MAP, getOwn, setData } from "../data.js";
import { addEventId, hasEventId, type EventIds } from "./event-ids.js";
import { HistoryLog } from "./history-log.js";
import type { CustomerDoc, CustomerRecord, EnrolmentStatus, HistoryRow, JourneyState } from "./types.js";

const BITS = 12;
const SIZE = 1 << BITS;
const MASK = SIZE - 1;

// Float64 slots per customer: rev, the five times (NaN = null), in one cache line.
const F_REV = 0;
const F_ENTERED = 1;
const F_ENROLLED = 2;
const F_ENDED = 3;
const F_ACTIVITY = 4;
const F_WAKE = 5;
const NF = 6;
// Int32 slots: version, enrolment, stage entry, stage (-1 = null), journey, history head / tail (+1).
const I_VERSION = 0;
const I_ENROLMENT = 1;
const I_STAGE_ENTRY = 2;
const I_STAGE = 3;
const I_JOURNEY = 4;
const I_HEAD = 5;
const I_TAIL = 6;
const NI = 7;
// Flags.
const HAS_DOC = 1;
const COMPACT = 2;
const GOAL = 4;
const HOLDOUT = 8;
const STATUS_SHIFT = 4;
const STATUSES: readonly EnrolmentStatus[] = ["none", "active", "exited", "completed"];
const DOC_KEYS = 5;
const STATE_KEYS = 14;

interface Chunk {
  /** The record (compact doc) or the whole doc (any other shape). */
  refs: (CustomerRecord | CustomerDoc | undefined)[];
  events: EventIds[];
  f64: Float64Array;
  i32: Int32Array;
  flags: Uint8Array;
}

/** Timer ids and undelivered outbox ids of one customer: rare, so kept out of line. */
export interface Aux {
  timers: Set<string>;
  actions: string[];
}

function int32(x: unknown): x is number {
  return typeof x === "number" && (x | 0) === x && !Object.is(x, -0);
}

function time(x: unknown): boolean {
  return typeof x === "number" && !Number.isNaN(x);
}

function nullableTime(x: unknown): boolean {
  return x === null || time(x);
}

function ownKeyCount(o: object): number {
  let n = 0;
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) n++;
  return n;
}

/** The single journey id of `journeys`, or undefined when it has none or several. */
function onlyKey(journeys: Record<string, JourneyState>): string | undefined {
  let key: string | undefined;
  for (const k in journeys) {
    if (!Object.prototype.hasOwnProperty.call(journeys, k)) continue;
    if (key !== undefined) return undefined;
    key = k;
  }
  return key;
}

export class CustomerTable {
  private readonly index = new Map<string, number>();
  private readonly chunks: Chunk[] = [];
  private count = 0;
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  private readonly aux = new Map<number, Aux>();
  readonly history = new HistoryLog();
  private lastId: string | null = null;
  private lastK = -1;

  private intern(name: string): number {
    let i = this.nameIds.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.nameIds.set(name, i);
    }
    return i;
  }

  /** The index of `id`, or -1. The batch lane asks about one customer several times in a row. */
  find(id: string): number {
    if (id === this.lastId) return this.lastK;
    const k = this.index.get(id) ?? -1;
    this.lastId = id;
    this.lastK = k;
    return k;
  }

  /** The index of `id`, created (with no doc) when new. */
  ensure(id: string): number {
    let k = this.find(id);
    if (k >= 0) return k;
    // (find cached the miss for `id`; it is overwritten below.)
    k = this.count++;
    if ((k & MASK) === 0) {
      this.chunks.push({ refs: new Array(SIZE).fill(undefined), events: new Array(SIZE).fill(null), f64: new Float64Array(SIZE * NF), i32: new Int32Array(SIZE * NI), flags: new Uint8Array(SIZE) });
    }
    this.index.set(id, k);
    this.lastId = id;
    this.lastK = k;
    return k;
  }

  hasDoc(k: number): boolean {
    return k >= 0 && (this.chunks[k >>> BITS]!.flags[k & MASK]! & HAS_DOC) !== 0;
  }

  rev(k: number): number {
    if (k < 0) return 0;
    const c = this.chunks[k >>> BITS]!;
    const flags = c.flags[k & MASK]!;
    if ((flags & HAS_DOC) === 0) return 0;
    return (flags & COMPACT) === 0 ? (c.refs[k & MASK] as CustomerDoc).rev : c.f64[(k & MASK) * NF + F_REV]!;
  }

  /** The doc at `k` as committed (a fresh object for compact docs), or undefined. */
  load(k: number, customerId: string): CustomerDoc | undefined {
    if (k < 0) return undefined;
    const c = this.chunks[k >>> BITS]!;
    const j = k & MASK;
    const flags = c.flags[j]!;
    if ((flags & HAS_DOC) === 0) return undefined;
    if ((flags & COMPACT) === 0) return c.refs[j] as CustomerDoc;
    const f = j * NF;
    const i = j * NI;
    const f64 = c.f64;
    const i32 = c.i32;
    const stage = i32[i + I_STAGE]!;
    const ended = f64[f + F_ENDED]!;
    const activity = f64[f + F_ACTIVITY]!;
    const wake = f64[f + F_WAKE]!;
    const state: JourneyState = {
      version: i32[i + I_VERSION]!,
      status: STATUSES[(flags >>> STATUS_SHIFT) & 3]!,
      stage: stage < 0 ? null : this.names[stage]!,
      enteredAt: f64[f + F_ENTERED]!,
      enrolledAt: f64[f + F_ENROLLED]!,
      endedAt: ended !== ended ? null : ended,
      lastActivityAt: activity !== activity ? null : activity,
      enrolment: i32[i + I_ENROLMENT]!,
      stageEntry: i32[i + I_STAGE_ENTRY]!,
      goalReached: (flags & GOAL) !== 0,
      entryEvent: null,
      splits: EMPTY_MAP as Record<string, string>,
      holdout: (flags & HOLDOUT) !== 0,
      wakeAt: wake !== wake ? null : wake,
    };
    const journeys: Record<string, JourneyState> = {};
    setData(journeys, this.names[i32[i + I_JOURNEY]!]!, state);
    return { customerId, rev: f64[f + F_REV]!, record: c.refs[j] as CustomerRecord, tags: EMPTY_LIST as unknown as string[], journeys };
  }

  /** Store `doc` at `k`: as numbers when it has the usual shape, else as the object itself. */
  put(k: number, customerId: string, doc: CustomerDoc): void {
    const c = this.chunks[k >>> BITS]!;
    const j = k & MASK;
    const keep = c.flags[j]! & ~(HAS_DOC | COMPACT | GOAL | HOLDOUT | (3 << STATUS_SHIFT));
    const key = doc.customerId === customerId && doc.tags.length === 0 && ownKeyCount(doc) === DOC_KEYS && int32(doc.rev) ? onlyKey(doc.journeys) : undefined;
    const s = key === undefined ? undefined : doc.journeys[key]!;
    const status = s === undefined ? -1 : STATUSES.indexOf(s.status);
    if (
      s === undefined ||
      status < 0 ||
      s.entryEvent !== null ||
      typeof s.splits !== "object" ||
      s.splits === null ||
      ownKeyCount(s.splits) !== 0 ||
      Object.getOwnPropertyNames(s.splits).length !== 0 ||
      !(s.stage === null || typeof s.stage === "string") ||
      !int32(s.version) ||
      !int32(s.enrolment) ||
      !int32(s.stageEntry) ||
      !time(s.enteredAt) ||
      !time(s.enrolledAt) ||
      !nullableTime(s.endedAt) ||
      !nullableTime(s.lastActivityAt) ||
      !nullableTime(s.wakeAt) ||
      typeof s.goalReached !== "boolean" ||
      typeof s.holdout !== "boolean" ||
      ownKeyCount(s) !== STATE_KEYS
    ) {
      c.refs[j] = doc;
      c.flags[j] = keep | HAS_DOC;
      return;
    }
    const f = j * NF;
    const i = j * NI;
    c.f64[f + F_REV] = doc.rev;
    c.f64[f + F_ENTERED] = s.enteredAt;
    c.f64[f + F_ENROLLED] = s.enrolledAt;
    c.f64[f + F_ENDED] = s.endedAt ?? NaN;
    c.f64[f + F_ACTIVITY] = s.lastActivityAt ?? NaN;
    c.f64[f + F_WAKE] = s.wakeAt ?? NaN;
    c.i32[i + I_VERSION] = s.version;
    c.i32[i + I_ENROLMENT] = s.enrolment;
    c.i32[i + I_STAGE_ENTRY] = s.stageEntry;
    c.i32[i + I_STAGE] = s.stage === null ? -1 : this.intern(s.stage);
    c.i32[i + I_JOURNEY] = this.intern(key!);
    c.refs[j] = doc.record;
    c.flags[j] = keep | HAS_DOC | COMPACT | (s.goalReached ? GOAL : 0) | (s.holdout ? HOLDOUT : 0) | (status << STATUS_SHIFT);
  }

  /**
   * Store back a doc loaded from `k` that the batch lane changed in place (the journey's
   * version and last activity, the record) and bump its revision. Writes those slots only when
   * the doc is compact; any other doc goes through {@link put}.
   */
  touch(k: number, customerId: string, doc: CustomerDoc): void {
    doc.rev++;
    const c = this.chunks[k >>> BITS]!;
    const j = k & MASK;
    if ((c.flags[j]! & COMPACT) === 0) return this.put(k, customerId, doc);
    const i = j * NI;
    const s = getOwn(doc.journeys, this.names[c.i32[i + I_JOURNEY]!]!);
    const last = s?.lastActivityAt;
    if (s === undefined || !int32(s.version) || !nullableTime(last)) return this.put(k, customerId, doc);
    c.f64[j * NF + F_REV] = doc.rev;
    c.f64[j * NF + F_ACTIVITY] = last ?? NaN;
    c.i32[i + I_VERSION] = s.version;
    c.refs[j] = doc.record;
  }

  hasEvent(k: number, customerId: string, eventId: string): boolean {
    return k >= 0 && hasEventId(this.chunks[k >>> BITS]!.events[k & MASK]!, eventId, customerId);
  }

  addEvent(k: number, customerId: string, eventId: string): void {
    const ev = this.chunks[k >>> BITS]!.events;
    ev[k & MASK] = addEventId(ev[k & MASK]!, eventId, customerId);
  }

  /** Append rows of the customer at `k` (all rows share its id). */
  appendHistory(k: number, row: HistoryRow): void {
    const i32 = this.chunks[k >>> BITS]!.i32;
    const i = (k & MASK) * NI;
    const r = this.history.append(row, i32[i + I_TAIL]!);
    if (i32[i + I_HEAD] === 0) i32[i + I_HEAD] = r;
    i32[i + I_TAIL] = r;
  }

  listHistory(k: number, customerId: string): HistoryRow[] {
    if (k < 0) return [];
    return this.history.read(customerId, this.chunks[k >>> BITS]!.i32[(k & MASK) * NI + I_HEAD]!);
  }

  auxOf(k: number): Aux {
    let a = this.aux.get(k);
    if (a === undefined) this.aux.set(k, (a = { timers: new Set(), actions: [] }));
    return a;
  }

  peekAux(k: number): Aux | undefined {
    return k < 0 ? undefined : this.aux.get(k);
  }

  /** Drop the aux record of `k` once it holds nothing. */
  compactAux(k: number): void {
    const a = this.aux.get(k);
    if (a !== undefined && a.timers.size === 0 && a.actions.length === 0) this.aux.delete(k);
  }

  /** Ids of customers that have a doc. */
  customerIds(): string[] {
    const out: string[] = [];
    for (const [id, k] of this.index) if (this.hasDoc(k)) out.push(id);
    return out;
  }
}

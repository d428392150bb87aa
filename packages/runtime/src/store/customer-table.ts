/**
 * The memory store's customers, compactly: customer id → a small integer index into chunked
 * typed arrays. A doc in the usual shape (one journey, no tags, no splits, no entry event: what
 * nearly every customer looks like) is kept as numbers plus its record object, and rebuilt on
 * load; any other doc is kept as the object committed. Processed event ids (UUIDs off the heap,
 * uuid-chains.ts; any other id in event-ids.ts's compact form), the history list
 * and the rare timers / actions hang off the same index. A million customers cost a few typed
 * array slots each instead of half a dozen objects, which is what the heap size and the garbage
 * collector pay for.
 */
import { initialJourneyState } from "./journey-state.js";
import { EMPTY_LIST, EMPTY_MAP, getOwn, setData } from "../data.js";
import { addEventId, hasEventId, type EventIds } from "./event-ids.js";
import { UuidChains } from "./uuid-chains.js";
import { AuxRecords } from "./aux-records.js";
import { HistoryLog } from "./history-log.js";
import { IdIndex } from "./id-index.js";
import { WarmBlock } from "./warm-block.js";
import { int32, nullableTime, onlyKey, ownKeyCount, time } from "./doc-shape.js";
import type { CustomerDoc, CustomerRecord, EnrolmentStatus, HistoryRow, JourneyState } from "./types.js";

const BITS = 12;
const SIZE = 1 << BITS;
const MASK = SIZE - 1;

// One customer is 88 bytes of one buffer (the fewer cache lines an input touches, the faster):
// Float64 slots rev and the five times (NaN = null), then Int32 slots, then the flags.
const F_REV = 0;
const F_ENTERED = 1;
const F_ENROLLED = 2;
const F_ENDED = 3;
const F_ACTIVITY = 4;
const F_WAKE = 5;
const NF = 11;
// Int32 slots: version, enrolment, stage entry, stage (-1 = null), journey, newest history row (+1).
/** Int32 index of the first Int32 slot of a customer, past its six Float64 slots. */
const I0 = 12;
const I_VERSION = I0;
const I_ENROLMENT = I0 + 1;
const I_STAGE_ENTRY = I0 + 2;
const I_STAGE = I0 + 3;
const I_JOURNEY = I0 + 4;
/** The customer's newest history row + 1 (0 = none). */
const I_NEWEST = I0 + 5;
/** Head of the customer's chain of processed UUID event ids (see uuid-chains.ts; 0 = none). */
const I_UUIDS = I0 + 6;
const I_FLAGS = I0 + 7;
/**
 * A 32-bit filter of the UUIDs in the chain (two bits each, uuid-chains.ts `filterBits`): an id
 * whose bits are not all set is not in the chain, and nearly every event's id is new, so most
 * lookups read no chain entry (each a cache miss of its own at a million customers).
 */
const I_UUID_FILTER = I0 + 8;
const NI = 22;
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
  /** Per customer two slots: the record (compact doc) or the whole doc (any other shape), then the event ids. */
  refs: (CustomerRecord | CustomerDoc | EventIds | undefined)[];
  f64: Float64Array;
  /** The same buffer as `f64`. */
  i32: Int32Array;
}

const SCRATCH_STATE: JourneyState = initialJourneyState(0);

export class CustomerTable {
  private readonly index = new IdIndex();
  private readonly chunks: Chunk[] = [];
  private count = 0;
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  /** Timer and outbox ids of the few customers that have any, by customer index. */
  readonly aux = new AuxRecords();
  readonly history = new HistoryLog();
  private readonly uuids = new UuidChains();
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
    let k = this.warmBlock.take(id);
    if (k < 0) k = this.index.get(id);
    this.lastId = id;
    this.lastK = k;
    return k;
  }

  /** Sum of what `warm` read, kept so that its reads are not optimised away. */
  private warmth = 0;
  private readonly warmBlock = new WarmBlock();

  /**
   * Look up the first `count` (at most 64: `WARM_MAX`) of `ids` and read their slots,
   * changing nothing stored: the batch lane warms the customers of the next few inputs at once,
   * so that their cache misses (id characters, table bucket, stored id, slot: a random customer
   * each at a million customers) overlap instead of coming one after another. The indexes found
   * serve {@link find} for those ids afterwards, without a second lookup.
   */
  warm(ids: readonly string[], count: number): void {
    const n = this.warmBlock.fill(this.index, ids, count);
    this.warmSlots(this.warmBlock.ks, n);
  }

  /**
   * Read the slots of the first `count` customers of `ks` (indexes; -1 skipped) and their
   * records' headers, in one pass so that the misses overlap: for {@link warm}, and for delivery,
   * which knows the indexes of the customers of the actions it claimed.
   */
  warmSlots(ks: Int32Array, count: number): void {
    let sum = 0;
    // The flags and the first slot (the two cache lines of the slot), and the record's header.
    for (let j = 0; j < count; j++) {
      const k = ks[j]!;
      if (k < 0) continue;
      const c = this.chunks[k >>> BITS]!;
      const ref = c.refs[2 * (k & MASK)];
      sum = (sum + c.i32[(k & MASK) * NI + I_FLAGS]! + c.i32[(k & MASK) * NI]! + (typeof ref === "object" ? 1 : 0)) | 0;
    }
    this.warmth = (this.warmth + sum) | 0;
  }

  /** The index of `id`, created (with no doc) when new. */
  ensure(id: string): number {
    let k = this.find(id);
    if (k >= 0) return k;
    // (find cached the miss for `id`; it is overwritten below.)
    k = this.index.add(id);
    this.count++;
    if ((k & MASK) === 0) {
      const buffer = new ArrayBuffer(SIZE * NF * 8);
      const refs = new Array<CustomerRecord | CustomerDoc | EventIds | undefined>(2 * SIZE);
      for (let r = 0; r < 2 * SIZE; r += 2) {
        refs[r] = undefined;
        refs[r + 1] = null;
      }
      this.chunks.push({ refs, f64: new Float64Array(buffer), i32: new Int32Array(buffer) });
    }
    this.lastId = id;
    this.lastK = k;
    return k;
  }

  hasDoc(k: number): boolean {
    return k >= 0 && (this.chunks[k >>> BITS]!.i32[(k & MASK) * NI + I_FLAGS]! & HAS_DOC) !== 0;
  }

  rev(k: number): number {
    if (k < 0) return 0;
    const c = this.chunks[k >>> BITS]!;
    const flags = c.i32[(k & MASK) * NI + I_FLAGS]!;
    if ((flags & HAS_DOC) === 0) return 0;
    return (flags & COMPACT) === 0 ? (c.refs[2 * (k & MASK)] as CustomerDoc).rev : c.f64[(k & MASK) * NF + F_REV]!;
  }

  /** The doc at `k` as committed (a fresh object for compact docs), or undefined. */
  load(k: number, customerId: string): CustomerDoc | undefined {
    return this.read(k, customerId, false);
  }

  /**
   * Like {@link load}, but a compact doc is written into scratch objects that the next `peek`
   * overwrites: for the batch lane's in-place decision, which reads the doc and then either
   * stores it back with {@link touch} or drops it.
   */
  peek(k: number, customerId: string): CustomerDoc | undefined {
    return this.read(k, customerId, true);
  }

  private readonly scratch = new Map<number, CustomerDoc>();
  private scratchJourney = -1;
  private scratchDoc: CustomerDoc | undefined;
  private scratchState: JourneyState | undefined;
  /** Every scratch state handed out by `peek` (one per journey seen). */
  private readonly scratchStates: JourneyState[] = [];

  private read(k: number, customerId: string, reuse: boolean): CustomerDoc | undefined {
    if (k < 0) return undefined;
    const c = this.chunks[k >>> BITS]!;
    const j = k & MASK;
    const flags = c.i32[j * NI + I_FLAGS]!;
    if ((flags & HAS_DOC) === 0) return undefined;
    if ((flags & COMPACT) === 0) return c.refs[2 * j] as CustomerDoc;
    const f = j * NF;
    const i = j * NI;
    const f64 = c.f64;
    const i32 = c.i32;
    const stage = i32[i + I_STAGE]!;
    const ended = f64[f + F_ENDED]!;
    const activity = f64[f + F_ACTIVITY]!;
    const wake = f64[f + F_WAKE]!;
    const journey = i32[i + I_JOURNEY]!;
    if (reuse) {
      if (journey !== this.scratchJourney) {
        let doc = this.scratch.get(journey);
        if (doc === undefined) {
          const journeys: Record<string, JourneyState> = {};
          const state = { ...SCRATCH_STATE };
          this.scratchStates.push(state);
          setData(journeys, this.names[journey]!, state);
          this.scratch.set(journey, (doc = { customerId, rev: 0, record: {}, tags: EMPTY_LIST as unknown as string[], journeys }));
        }
        this.scratchJourney = journey;
        this.scratchDoc = doc;
        this.scratchState = getOwn(doc.journeys, this.names[journey]!)!;
      }
      const doc = this.scratchDoc!;
      const st = this.scratchState!;
      st.version = i32[i + I_VERSION]!;
      st.status = STATUSES[(flags >>> STATUS_SHIFT) & 3]!;
      st.stage = stage < 0 ? null : this.names[stage]!;
      st.enteredAt = f64[f + F_ENTERED]!;
      st.enrolledAt = f64[f + F_ENROLLED]!;
      st.endedAt = ended !== ended ? null : ended;
      st.lastActivityAt = activity !== activity ? null : activity;
      st.enrolment = i32[i + I_ENROLMENT]!;
      st.stageEntry = i32[i + I_STAGE_ENTRY]!;
      st.goalReached = (flags & GOAL) !== 0;
      st.holdout = (flags & HOLDOUT) !== 0;
      st.wakeAt = wake !== wake ? null : wake;
      doc.customerId = customerId;
      doc.rev = f64[f + F_REV]!;
      doc.record = c.refs[2 * j] as CustomerRecord;
      return doc;
    }
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
    setData(journeys, this.names[journey]!, state);
    return { customerId, rev: f64[f + F_REV]!, record: c.refs[2 * j] as CustomerRecord, tags: EMPTY_LIST as unknown as string[], journeys };
  }

  /** Store `doc` at `k`: as numbers when it has the usual shape, else as the object itself. */
  put(k: number, customerId: string, doc: CustomerDoc): void {
    const c = this.chunks[k >>> BITS]!;
    const j = k & MASK;
    const keep = c.i32[j * NI + I_FLAGS]! & ~(HAS_DOC | COMPACT | GOAL | HOLDOUT | (3 << STATUS_SHIFT));
    const key = doc.customerId === customerId && doc.tags.length === 0 && ownKeyCount(doc) === DOC_KEYS && int32(doc.rev) ? onlyKey(doc.journeys) : undefined;
    const s = key === undefined ? undefined : doc.journeys[key]!;
    const status = s === undefined ? -1 : s.status === "active" ? 1 : STATUSES.indexOf(s.status);
    if (
      s === undefined ||
      status < 0 ||
      s.entryEvent !== null ||
      (s.splits !== EMPTY_MAP && (typeof s.splits !== "object" || s.splits === null || Object.getOwnPropertyNames(s.splits).length !== 0)) ||
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
      // A step on a peeked doc may hand back a scratch state (a journey it left alone): kept as
      // an object, it must be a copy, since the next peek overwrites the scratch one.
      for (const name in doc.journeys) {
        const st = getOwn(doc.journeys, name);
        if (st !== undefined && this.scratchStates.includes(st)) setData(doc.journeys, name, { ...st });
      }
      c.refs[2 * j] = doc;
      c.i32[j * NI + I_FLAGS] = keep | HAS_DOC;
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
    c.refs[2 * j] = doc.record;
    c.i32[j * NI + I_FLAGS] = keep | HAS_DOC | COMPACT | (s.goalReached ? GOAL : 0) | (s.holdout ? HOLDOUT : 0) | (status << STATUS_SHIFT);
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
    if ((c.i32[j * NI + I_FLAGS]! & COMPACT) === 0) return this.put(k, customerId, doc);
    const i = j * NI;
    const s = getOwn(doc.journeys, this.names[c.i32[i + I_JOURNEY]!]!);
    const last = s?.lastActivityAt;
    if (s === undefined || !int32(s.version) || !nullableTime(last)) return this.put(k, customerId, doc);
    c.f64[j * NF + F_REV] = doc.rev;
    c.f64[j * NF + F_ACTIVITY] = last ?? NaN;
    c.i32[i + I_VERSION] = s.version;
    c.refs[2 * j] = doc.record;
  }

  hasEvent(k: number, customerId: string, eventId: string): boolean {
    if (k < 0) return false;
    const c = this.chunks[k >>> BITS]!;
    const j = k & MASK;
    // A UUID is in the customer's chain, or in the general form once the chain was full.
    if (this.uuids.parse(eventId)) {
      const i = j * NI;
      const bits = this.uuids.filterBits();
      if ((c.i32[i + I_UUID_FILTER]! & bits) === bits && this.uuids.has(c.i32[i + I_UUIDS]!)) return true;
    }
    return hasEventId(c.refs[2 * j + 1] as EventIds, eventId, customerId);
  }

  addEvent(k: number, customerId: string, eventId: string): void {
    const c = this.chunks[k >>> BITS]!;
    const j = k & MASK;
    if (this.uuids.parse(eventId)) {
      const i = j * NI;
      const head = c.i32[i + I_UUIDS]!;
      if (this.uuids.canAdd(head)) {
        c.i32[i + I_UUIDS] = this.uuids.add(head);
        c.i32[i + I_UUID_FILTER] = c.i32[i + I_UUID_FILTER]! | this.uuids.filterBits();
        return;
      }
    }
    const r = 2 * j + 1;
    c.refs[r] = addEventId(c.refs[r] as EventIds, eventId, customerId);
  }

  /** Append rows of the customer at `k` (all rows share its id). */
  appendHistory(k: number, row: HistoryRow): void {
    const i32 = this.chunks[k >>> BITS]!.i32;
    const i = (k & MASK) * NI;
    i32[i + I_NEWEST] = this.history.append(row, i32[i + I_NEWEST]!);
  }

  listHistory(k: number, customerId: string): HistoryRow[] {
    if (k < 0) return [];
    return this.history.read(customerId, this.chunks[k >>> BITS]!.i32[(k & MASK) * NI + I_NEWEST]!);
  }

  /** Ids of customers that have a doc. */
  customerIds(): string[] {
    const out: string[] = [];
    for (let k = 0; k < this.count; k++) if (this.hasDoc(k)) out.push(this.index.idOf(k));
    return out;
  }
}

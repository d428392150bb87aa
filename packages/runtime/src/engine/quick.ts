/**
 * The quick path of the compiled engine: most inputs move nobody. For an existing customer, this
 * evaluates the same compiled closures the full step would (enrolment, exit rules, goal, the
 * current stage's event blocks and transitions, the wake time) and, when none of them would do
 * anything, returns the commit the full step would have produced — the new last-activity time
 * or merged record, the event id, nothing else — without building a frame, effects or history.
 * It returns null (use the full step) as soon as anything could happen or validation is not
 * trivially passed. The differential and semantics tests run through it.
 */
import { EMPTY_MAP, getOwn, setData } from "../data.js";
import type { JourneySchemas } from "../inputs/schemas.js";
import type { CommitRequest, CustomerDoc, CustomerRecord, JourneyState } from "../store/types.js";
import type { ApplyOutcome, CoreInput, PreparedJourneys } from "./apply.js";
import { nextTimeChange, type EvalCtx } from "./conditions.js";
import { cloneState } from "./frame.js";
import type { CompiledJourney } from "./compiled-journey.js";

const NONE = Object.freeze([]) as unknown as never[];

function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function quickValid(sch: JourneySchemas, input: CoreInput, merged: CustomerRecord): boolean | "undeclared" {
  if (input.kind === "timer") return true;
  return quickValidData(sch, input.kind, input.kind === "event" ? input.type : "", input.kind === "event" ? input.props : input.record, merged);
}

function quickValidData(sch: JourneySchemas, kind: "record" | "event", type: string, data: CustomerRecord, merged: CustomerRecord): boolean | "undeclared" {
  if (kind === "record") {
    // Indexed, not destructured: a tuple pattern in a loop can cost an iterator per field.
    const fields = sch.customer.quick;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const name = f[0];
      const check = f[1];
      const required = f[2];
      if (hasOwn(data, name)) {
        const v = data[name];
        if (v !== null && !check(v)) return false;
      }
      if (required) {
        const m = hasOwn(merged, name) ? merged[name] : undefined;
        if (m === undefined || m === null) return false;
      }
    }
    return true;
  }
  const ev = sch.events.get(type);
  if (ev === undefined) return "undeclared";
  const fields = ev.quick;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const name = f[0];
    const check = f[1];
    const required = f[2];
    const given = hasOwn(data, name);
    if (given && data[name] !== null && !check(data[name])) return false;
    if (required && (!given || data[name] === null || data[name] === undefined)) return false;
  }
  return true;
}

function reentryAllows(cj: CompiledJourney, s: JourneyState, now: number): boolean {
  if (s.status === "none") return true;
  const r = cj.ir.reentry;
  if (r.kind === "never") return false;
  if (r.kind === "always") return true;
  return s.endedAt !== null && now >= s.endedAt + r.ms;
}

/** Whether nothing would happen to `s` in `cj` for this input (see the module comment). */
function quiet(cj: CompiledJourney, s: JourneyState, ctx: EvalCtx, now: number): boolean {
  if (s.status !== "active") {
    if ((cj.enroll === null || cj.enroll(ctx)) && reentryAllows(cj, s, now)) return false;
    return s.wakeAt === null;
  }
  for (const exit of cj.exit) if (exit(ctx)) return false;
  if (cj.goalWhen !== null && !s.goalReached && cj.goalWhen(ctx)) return false;
  const i = s.stage === null ? undefined : cj.stageIndex.get(s.stage);
  const st = i === undefined ? undefined : cj.stages[i];
  if (st === undefined) return false;
  const ev = ctx.event;
  if (ev !== null) for (const b of st.onEvent) if (b.event === ev.type) return false;
  for (const t of st.transitions) {
    if (t.eventDriven && (ev === null || !t.events.has(ev.type))) continue;
    if (t.when(ctx)) return false;
  }
  let next = nextTimeChange(st.timeAtoms, ctx);
  if (!s.goalReached && st.goalTimeAtoms.length > 0) {
    const g = nextTimeChange(st.goalTimeAtoms, ctx);
    if (g !== null && (next === null || g < next)) next = g;
  }
  return next === s.wakeAt;
}

/** The quick commit for `input`, or null when the full step must run. */
export function tryQuick(p: PreparedJourneys, customerId: string, doc: CustomerDoc | undefined, input: CoreInput, now: number): ApplyOutcome | null {
  if (doc === undefined || input.kind === "timer") return null;
  let record = doc.record;
  if (input.kind === "record") {
    record = { ...doc.record, ...input.record };
  }
  const event = input.kind === "event" ? { type: input.type, props: input.props } : null;
  const journeys: Record<string, JourneyState> = { ...doc.journeys };
  let declared = false;
  // Indexed over the list: a Map iteration allocates an entry and a result object per journey.
  for (let j = 0; j < p.list.length; j++) {
    const { id, versions: v } = p.list[j]!;
    const prev = getOwn(doc.journeys, id);
    if (prev === undefined) return null;
    const active = prev.status === "active";
    const cj = active ? v.byVersion.get(prev.version) : v.latest;
    if (cj === undefined) return null;
    const valid = quickValid(p.schemas.get(cj)!, input, record);
    if (valid === false) return null;
    if (valid === true) declared = true;
    const s = cloneState(prev);
    if (!active) s.version = cj.version;
    if (event !== null) s.lastActivityAt = s.lastActivityAt === null ? now : Math.max(s.lastActivityAt, now);
    const ctx: EvalCtx = {
      record,
      event,
      eventProps: event === null ? null : event.props,
      now,
      enteredAt: s.enteredAt,
      activitySince: Math.max(s.lastActivityAt ?? Number.NEGATIVE_INFINITY, s.enrolledAt),
    };
    if (!quiet(cj, s, ctx, now)) return null;
    setData(journeys, id, s);
  }
  if (input.kind === "event" && !declared) return null;
  if (input.kind === "record") for (const k of Object.keys(record)) if (record[k] === null) delete record[k];
  const next: CustomerDoc = { customerId, rev: doc.rev + 1, record, tags: doc.tags, journeys };
  const request: CommitRequest = { customerId, expectedRev: doc.rev, doc: next, cancelTimers: NONE, armTimers: NONE, actions: NONE, history: NONE, metrics: NONE };
  if (input.kind === "event") request.eventId = input.id;
  return { kind: "commit", request, doc: next };
}

const scratchEvent = { type: "", props: {} as CustomerRecord };
const scratchCtx: EvalCtx = { record: {}, event: null, eventProps: null, now: 0, enteredAt: 0, activitySince: 0 };

/**
 * The in-place variant for a store that owns its docs (the memory store's `update`): decides
 * like {@link tryQuick} and, when nothing would happen, applies the input to `doc` directly —
 * last activity (events) or the merged record (records) — and returns true. It changes nothing
 * and returns false when the full step must run. `data` is the event's properties (read, not
 * kept) or the record upsert (already a safe copy: it is merged into the doc).
 */
export function applyQuietInPlace(p: PreparedJourneys, doc: CustomerDoc, kind: "record" | "event", type: string, data: CustomerRecord, now: number): boolean {
  const record = kind === "record" ? { ...doc.record, ...data } : doc.record;
  const ctx = scratchCtx;
  ctx.record = record;
  ctx.now = now;
  if (kind === "event") {
    scratchEvent.type = type;
    scratchEvent.props = data;
    ctx.event = scratchEvent;
    ctx.eventProps = data;
  } else {
    ctx.event = null;
    ctx.eventProps = null;
  }
  let declared = false;
  try {
    for (let j = 0; j < p.list.length; j++) {
      const { id, versions: v } = p.list[j]!;
      const s = getOwn(doc.journeys, id);
      if (s === undefined) return false;
      const active = s.status === "active";
      const cj = active ? v.byVersion.get(s.version) : v.latest;
      if (cj === undefined) return false;
      const valid = quickValidData(p.schemas.get(cj)!, kind, type, data, record);
      if (valid === false) return false;
      if (valid === true) declared = true;
      const last = kind === "event" ? (s.lastActivityAt === null ? now : Math.max(s.lastActivityAt, now)) : s.lastActivityAt;
      ctx.enteredAt = s.enteredAt;
      ctx.activitySince = Math.max(last ?? Number.NEGATIVE_INFINITY, s.enrolledAt);
      if (!quiet(cj, s, ctx, now)) return false;
    }
    if (kind === "event" && !declared) return false;
    // Decided: apply. Nothing below can fail.
    for (let j = 0; j < p.list.length; j++) {
      const { id, versions: v } = p.list[j]!;
      const s = getOwn(doc.journeys, id)!;
      if (s.status !== "active") s.version = v.latest.version;
      if (kind === "event") s.lastActivityAt = s.lastActivityAt === null ? now : Math.max(s.lastActivityAt, now);
    }
    if (kind === "record") {
      for (const k of Object.keys(record)) if (record[k] === null) delete record[k];
      doc.record = record;
    }
    return true;
  } finally {
    // Drop the references (the scratch objects outlive the call); no new objects per input.
    ctx.record = EMPTY_MAP;
    ctx.event = null;
    ctx.eventProps = null;
    scratchEvent.props = EMPTY_MAP;
  }
}

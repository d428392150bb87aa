/**
 * One input for one customer across every journey of the runtime → one store commit (or a
 * quarantine). Pure and synchronous: the async runtime and the batch lane both call it.
 */
import { EMPTY_LIST, getOwn, setData } from "../data.js";
import { JourneyRuntimeError, type FieldIssue } from "../errors.js";
import { buildSchemas, type JourneySchemas } from "../inputs/schemas.js";
import { checkGiven, checkRequired } from "../inputs/validate.js";
import type { CommitRequest, CustomerDoc, CustomerRecord, JourneyState, TimerRow } from "../store/types.js";
import { compileJourney, type CAction, type CompiledJourney } from "./compiled-journey.js";
import { tryQuick } from "./quick.js";
import { Effects, stepJourney, type JourneyVersions, type MoveEngine, type StepInput, type StepOptions } from "./step.js";

const RECORD_STEP: StepInput = { kind: "record" };

/**
 * An input after its envelope was checked. Records and properties are copies made for this one
 * call (`dataCopy`): `applyInput` may keep them in the doc it returns and change them.
 */
export type CoreInput =
  | { kind: "record"; record: CustomerRecord }
  | { kind: "event"; id: string; type: string; props: CustomerRecord }
  | { kind: "timer"; timer: TimerRow; attempt: number };

export type ApplyOutcome =
  | { kind: "commit"; request: CommitRequest; doc: CustomerDoc }
  | { kind: "duplicate" }
  | { kind: "quarantine"; issues: FieldIssue[]; message: string };

/** Journeys ready to run: every version compiled once, with its input schemas. */
export interface PreparedJourneys {
  journeys: Map<string, JourneyVersions>;
  /** The same, as an array (iterating it allocates nothing). */
  list: { id: string; versions: JourneyVersions }[];
  schemas: Map<CompiledJourney, JourneySchemas>;
  engine: MoveEngine;
  hostKinds: ReadonlySet<string>;
  /** Use the quick path for inputs that move nobody (compiled engine only). */
  quick: boolean;
  /** The step options of every input (one object, not one per input). */
  stepOptions: StepOptions;
  /** Whether any loaded journey has a `set` / `add` action (else a step never writes the record). */
  writesRecord: boolean;
  /** Whether any loaded journey has a `tag` / `untag` action (else a step never writes the tags). */
  writesTags: boolean;
}

/** Whether `actions` (splits included) hold an action of one of `kinds`. */
function hasAction(actions: readonly CAction[], kinds: readonly CAction["kind"][]): boolean {
  for (const a of actions) {
    if (kinds.includes(a.kind)) return true;
    if (a.kind === "split" && a.variants.some((v) => hasAction(v.actions, kinds))) return true;
  }
  return false;
}

function journeyHas(cj: CompiledJourney, kinds: readonly CAction["kind"][]): boolean {
  return cj.stages.some(
    (st) =>
      hasAction(st.onEnter, kinds) ||
      hasAction(st.onExit, kinds) ||
      st.after.some((b) => hasAction(b.actions, kinds)) ||
      st.every.some((b) => hasAction(b.actions, kinds)) ||
      st.onEvent.some((b) => hasAction(b.actions, kinds)),
  );
}

/** Whether `record` holds a null (which a step's copy of it drops). */
function hasNull(record: CustomerRecord): boolean {
  for (const k in record) if (record[k] === null) return true;
  return false;
}

/**
 * Compile and index journey IRs (several versions of one journey id are allowed; the highest
 * takes new enrolments).
 */
export function prepareJourneys(irs: readonly unknown[], engine: MoveEngine, hostKinds: ReadonlySet<string>): PreparedJourneys {
  const journeys = new Map<string, JourneyVersions>();
  const schemas = new Map<CompiledJourney, JourneySchemas>();
  for (const ir of irs) {
    const cj = compileJourney(ir);
    schemas.set(cj, buildSchemas(cj.ir));
    const set = journeys.get(cj.id);
    if (set === undefined) journeys.set(cj.id, { latest: cj, byVersion: new Map([[cj.version, cj]]) });
    else {
      if (set.byVersion.has(cj.version)) throw new JourneyRuntimeError("INVALID_JOURNEY", `Journey "${cj.id}" version ${cj.version} is given twice.`);
      set.byVersion.set(cj.version, cj);
      if (cj.version > set.latest.version) set.latest = cj;
    }
  }
  if (journeys.size === 0) throw new JourneyRuntimeError("INVALID_JOURNEY", "No journeys given.");
  const list = [...journeys].map(([id, versions]) => ({ id, versions }));
  const all = [...schemas.keys()];
  return {
    journeys,
    list,
    schemas,
    engine,
    hostKinds,
    quick: engine.name === "compiled",
    stepOptions: { engine, hostKinds },
    writesRecord: all.some((cj) => journeyHas(cj, ["set", "add"])),
    writesTags: all.some((cj) => journeyHas(cj, ["tag", "untag"])),
  };
}

function versionFor(v: JourneyVersions, s: JourneyState | undefined): CompiledJourney {
  return (s?.status === "active" ? v.byVersion.get(s.version) : undefined) ?? v.latest;
}

function validate(p: PreparedJourneys, doc: CustomerDoc | undefined, input: CoreInput, merged: CustomerRecord): FieldIssue[] | null {
  // Allocated on the first issue: nearly every input has none.
  let issues: FieldIssue[] | null = null;
  let declared = false;
  // Indexed over the list: a Map iteration allocates an entry and a result object per journey.
  for (let j = 0; j < p.list.length; j++) {
    const { id, versions: v } = p.list[j]!;
    const sch = p.schemas.get(versionFor(v, getOwn(doc?.journeys, id)))!;
    if (input.kind === "record") {
      const given = checkGiven(sch.customer, input.record, "");
      const required = checkRequired(sch.customer, merged, "");
      if (given.length > 0) (issues ??= []).push(...given);
      if (required.length > 0) (issues ??= []).push(...required);
    } else if (input.kind === "event") {
      const ev = sch.events.get(input.type);
      if (ev === undefined) continue;
      declared = true;
      const given = checkGiven(ev, input.props, "properties.");
      const required = checkRequired(ev, input.props, "properties.");
      if (given.length > 0) (issues ??= []).push(...given);
      if (required.length > 0) (issues ??= []).push(...required);
    }
  }
  if (input.kind === "event" && !declared) (issues ??= []).push({ path: "type", message: `Unknown event type "${input.type}"` });
  if (issues === null || issues.length < 2) return issues;
  // One issue per field is enough, even when several journeys declare it.
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(i.path) && seen.add(i.path));
}

/**
 * Apply one input to a customer's stored doc at `now`.
 *
 * @example
 * ```ts
 * const out = applyInput(prepared, "cus_1", await store.loadCustomer("cus_1"), { kind: "record", record }, now);
 * if (out.kind === "commit") await store.commit(out.request);
 * ```
 */
export function applyInput(p: PreparedJourneys, customerId: string, doc: CustomerDoc | undefined, input: CoreInput, now: number, quietTried = false, reuse?: Effects): ApplyOutcome {
  // `quietTried`: the caller's in-place check (`applyQuietInPlace`, which decides as `tryQuick`
  // does) already found that this input moves someone. `reuse`: an `Effects` to empty and fill
  // (the caller is done with the previous commit's arrays), instead of a new one.
  if (p.quick && !quietTried) {
    const q = tryQuick(p, customerId, doc, input, now);
    if (q !== null) return q;
  }
  // Without set / add actions an event or timer leaves the record as it is: the stored one serves
  // (as on the quick path) instead of a copy, unless it holds nulls, which the copy drops.
  const record: CustomerRecord =
    input.kind === "record"
      ? // A new customer's record is the input's (a copy made for this call: see CoreInput).
        doc === undefined
        ? input.record
        : { ...doc.record, ...input.record }
      : doc !== undefined && !p.writesRecord && !hasNull(doc.record)
        ? doc.record
        : { ...doc?.record };
  if (input.kind !== "timer") {
    const issues = validate(p, doc, input, record);
    if (issues !== null) {
      const first = issues[0]!;
      return { kind: "quarantine", issues, message: `Invalid ${input.kind === "record" ? "customer record" : `event "${input.type}"`}: "${first.path}": ${first.message}.` };
    }
  }
  // A null in an upsert clears the field.
  // (for-in, not Object.keys: no key array per input; `record` is a fresh plain object, or the
  // stored one without nulls.)
  for (const k in record) if (record[k] === null) delete record[k];
  // Without tag actions nobody adds to an empty tag list: the shared empty one serves.
  const tags = doc === undefined || doc.tags.length === 0 ? (p.writesTags ? [] : (EMPTY_LIST as never[])) : [...doc.tags];
  const journeys: Record<string, JourneyState> = { ...doc?.journeys };
  let fx: Effects;
  if (reuse === undefined) fx = new Effects();
  else {
    fx = reuse;
    fx.reset();
  }
  const opts = p.stepOptions;
  // The core input is a step input already (same fields); a record upsert's step has none.
  const step: StepInput = input.kind === "record" ? RECORD_STEP : input;
  // Indexed over the list: a Map iteration allocates an entry and a result object per journey.
  for (let j = 0; j < p.list.length; j++) {
    const { id, versions: v } = p.list[j]!;
    if (input.kind === "timer" && input.timer.journeyId !== id) continue;
    if (input.kind === "timer" && doc === undefined) break;
    setData(journeys, id, stepJourney(v, customerId, getOwn(journeys, id), record, tags, step, now, fx, opts));
  }
  const expectedRev = doc?.rev ?? 0;
  const next: CustomerDoc = { customerId, rev: expectedRev + 1, record, tags: tags.length === 0 ? (EMPTY_LIST as never[]) : tags, journeys };
  const request: CommitRequest = {
    customerId,
    expectedRev,
    doc: input.kind === "timer" && doc === undefined ? undefined : next,
    cancelTimers: fx.cancelTimers,
    armTimers: fx.armTimers,
    actions: fx.actions,
    history: fx.history,
    metrics: fx.metrics,
  };
  if (input.kind === "timer") request.firedTimer = { id: input.timer.id, attempt: input.attempt };
  if (input.kind === "event") request.eventId = input.id;
  return { kind: "commit", request, doc: next };
}

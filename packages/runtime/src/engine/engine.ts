/**
 * `createEngine`: the synchronous, store-less core for simulations, benchmarks and custom stores.
 * It turns (stored customer doc, input, now) into the commit a store would apply.
 */
import { applyInput, prepareJourneys, type ApplyOutcome, type CoreInput } from "./apply.js";
import { dataCopy } from "../inputs/validate.js";
import type { CustomerDoc, CustomerRecord, TimerRow } from "../store/types.js";
import { compiledEngine } from "./step.js";
import { xstateEngine } from "./xstate-engine.js";

/** A synchronous journey engine. */
export interface Engine {
  /** `"compiled"` or `"xstate"`. */
  readonly kind: "compiled" | "xstate";
  /** Apply a record upsert. */
  record(customerId: string, doc: CustomerDoc | undefined, record: CustomerRecord, now: number): ApplyOutcome;
  /** Apply an event (deduplication is the caller's: check the store first). */
  event(customerId: string, doc: CustomerDoc | undefined, event: { id: string; type: string; properties?: CustomerRecord }, now: number): ApplyOutcome;
  /** Fire a due timer (`attempt` from the claim). */
  timer(doc: CustomerDoc | undefined, timer: TimerRow, attempt: number, now: number): ApplyOutcome;
}

/**
 * Create a synchronous engine over compiled journey IRs.
 *
 * @example
 * ```ts
 * const engine = createEngine({ journeys: [ir] });
 * const out = engine.record("cus_1", store.sync.loadCustomer("cus_1"), { email: "a@b.c" }, Date.now());
 * if (out.kind === "commit") store.sync.commit(out.request);
 * ```
 */
export function createEngine(options: { journeys: readonly unknown[]; engine?: "compiled" | "xstate"; hostKinds?: readonly ("tag" | "untag" | "set" | "add")[] }): Engine {
  const kind = options.engine ?? "compiled";
  const prepared = prepareJourneys(options.journeys, kind === "xstate" ? xstateEngine : compiledEngine, new Set(options.hostKinds ?? []));
  const apply = (id: string, doc: CustomerDoc | undefined, input: CoreInput, now: number) => applyInput(prepared, id, doc, input, now);
  return {
    kind,
    record: (id, doc, record, now) => apply(id, doc, { kind: "record", record: dataCopy(record) }, now),
    event: (id, doc, e, now) => apply(id, doc, { kind: "event", id: e.id, type: e.type, props: dataCopy(e.properties ?? {}) }, now),
    timer: (doc, timer, attempt, now) => apply(timer.customerId, doc, { kind: "timer", timer, attempt }, now),
  };
}

/**
 * Read-side questions a host asks: which stage, how did they get there, what is due, what are
 * the journey's numbers, what is quarantined or dead-lettered.
 */
import { getOwn } from "./data.js";
import type { PreparedJourneys } from "./engine/apply.js";
import { JourneyRuntimeError } from "./errors.js";
import { summariseMetrics, type JourneyMetrics } from "./metrics.js";
import type { CustomerRecord, HistoryRow, JourneyState, JourneyStore, OutboxRow, QuarantineRow, TimerRow } from "./store/types.js";

/** A customer as the runtime sees them. */
export interface CustomerView {
  customerId: string;
  record: CustomerRecord;
  tags: string[];
  journeys: Record<string, JourneyState>;
}

/**
 * Read-only queries of a runtime.
 *
 * @example
 * ```ts
 * const stage = await runtime.stageOf("cus_1");
 * const why = (await runtime.history("cus_1")).filter((h) => h.type === "action");
 * const { timers, actions } = await runtime.due("cus_1");
 * const { all, variants } = await runtime.metrics("shop");
 * ```
 */
export interface RuntimeQueries {
  /** The customer's record, tags and per-journey state, or undefined. */
  getCustomer(customerId: string): Promise<CustomerView | undefined>;
  /** The current stage in a journey (default: the only journey), or null when not in one. */
  stageOf(customerId: string, journeyId?: string): Promise<string | null>;
  /** Every enter, exit, action (queued, sent, failed, skipped), goal and split, oldest first. */
  history(customerId: string, options?: { journeyId?: string }): Promise<HistoryRow[]>;
  /** What is due for the customer: armed timers and undelivered actions. */
  due(customerId: string): Promise<{ timers: TimerRow[]; actions: OutboxRow[] }>;
  /** Metrics of a journey version (default: the latest loaded version). */
  metrics(journeyId?: string, version?: number): Promise<JourneyMetrics>;
  /** Inputs that failed validation. */
  listQuarantine(): Promise<QuarantineRow[]>;
  /** Actions whose delivery failed for good. */
  listDeadLetters(): Promise<OutboxRow[]>;
}

export function createQueries(store: JourneyStore, prepared: PreparedJourneys): RuntimeQueries {
  const journeyId = (id: string | undefined): string => {
    if (id !== undefined) {
      if (!prepared.journeys.has(id)) throw new JourneyRuntimeError("INVALID_JOURNEY", `Unknown journey "${id}".`);
      return id;
    }
    if (prepared.journeys.size !== 1) throw new JourneyRuntimeError("INVALID_JOURNEY", "Several journeys are loaded: name one.");
    return prepared.journeys.keys().next().value!;
  };
  return {
    async getCustomer(customerId) {
      const doc = await store.loadCustomer(customerId);
      if (doc === undefined) return undefined;
      return structuredClone({ customerId, record: doc.record, tags: doc.tags, journeys: doc.journeys });
    },
    async stageOf(customerId, id) {
      const s = getOwn((await store.loadCustomer(customerId))?.journeys, journeyId(id));
      return s?.status === "active" || s?.status === "completed" ? s.stage : null;
    },
    history: (customerId, options) => store.listHistory(customerId, options),
    async due(customerId) {
      const [timers, actions] = await Promise.all([store.listTimers(customerId), store.listActions(customerId)]);
      return { timers, actions: actions.filter((a) => a.status === "pending") };
    },
    async metrics(id, version) {
      const v = prepared.journeys.get(journeyId(id))!;
      const cj = version === undefined ? v.latest : v.byVersion.get(version);
      if (cj === undefined) throw new JourneyRuntimeError("INVALID_JOURNEY", `Journey "${v.latest.id}" has no loaded version ${version}.`);
      const data = await store.readMetrics(cj.id, cj.version);
      return summariseMetrics(cj.id, cj.version, cj.stages.map((s) => s.name), data);
    },
    listQuarantine: () => store.listQuarantine(),
    listDeadLetters: () => store.listDeadLetters(),
  };
}

/**
 * What a simulation observes besides the runtime's own metrics: every history row as it is
 * committed (for the trace, split assignments and skipped sends), and every delivered action
 * (the "recording handlers" that stand in for real email / SMS providers).
 */
import type { ActionDelivery, ActionHandler, HistoryRow, JourneyStore, MemoryStore } from "@journeys/runtime";

/** Message counts by channel and template, and by split variant. */
export interface MessageTally {
  total: number;
  byChannel: Map<string, number>;
  /** `channel\ttemplate` → count. */
  byTemplate: Map<string, number>;
  /** `"split=variant"` → messages delivered to customers in that arm. */
  byVariant: Map<string, number>;
  /** Sends not made, by why: holdout, split control, condition not met. */
  skipped: { holdout: number; control: number; condition: number };
}

/**
 * Collects the simulation's observations. Memory use grows with customers (split assignments),
 * never with the input files.
 */
export class RunRecorder {
  readonly messages: MessageTally = {
    total: 0,
    byChannel: new Map(),
    byTemplate: new Map(),
    byVariant: new Map(),
    skipped: { holdout: 0, control: 0, condition: 0 },
  };
  /** customer id → `"split=variant"` groups the customer is in. */
  private readonly groups = new Map<string, string[]>();

  /** @param onHistory Receives each committed batch of history rows (the trace writer). */
  constructor(private readonly onHistory?: (rows: readonly HistoryRow[]) => void) {}

  /** Records committed history rows. */
  history(rows: readonly HistoryRow[]): void {
    for (const row of rows) {
      if (row.type === "enrol") {
        // A new enrolment starts with fresh split and holdout assignments.
        const holdout = row.detail?.holdout === true;
        this.groups.set(row.customerId, holdout ? ["holdout=control"] : []);
      } else if (row.type === "split") {
        const split = row.detail?.split;
        const variant = row.detail?.variant;
        if (typeof split === "string" && typeof variant === "string") {
          const list = this.groups.get(row.customerId) ?? [];
          list.push(`${split}=${variant}`);
          this.groups.set(row.customerId, list);
        }
      } else if (row.type === "action" && row.status === "skipped") {
        if (row.reason.endsWith("holdout (control group)")) this.messages.skipped.holdout++;
        else if (row.reason.endsWith("(control group)")) this.messages.skipped.control++;
        else this.messages.skipped.condition++;
      }
    }
    this.onHistory?.(rows);
  }

  /** A handler that records a delivered `send` (used for every channel). */
  readonly handler: ActionHandler = (delivery: ActionDelivery) => {
    if (delivery.kind !== "send") return;
    const m = this.messages;
    const channel = delivery.channel ?? "?";
    m.total++;
    m.byChannel.set(channel, (m.byChannel.get(channel) ?? 0) + 1);
    const key = `${channel}\t${delivery.template ?? ""}`;
    m.byTemplate.set(key, (m.byTemplate.get(key) ?? 0) + 1);
    for (const group of this.groups.get(delivery.customer.id) ?? []) {
      m.byVariant.set(group, (m.byVariant.get(group) ?? 0) + 1);
    }
  };
}

/**
 * Wraps a store so that every successful commit's history rows (and each settled delivery's)
 * reach `recorder`. The in-memory store's synchronous batch face is wrapped the same way.
 *
 * @example
 * ```ts
 * const store = observeStore(createMemoryStore(), recorder);
 * const runtime = createRuntime({ journeys: [ir], store, handlers, clock });
 * ```
 */
export function observeStore(store: MemoryStore, recorder: RunRecorder): JourneyStore {
  const observed: JourneyStore & { sync?: MemoryStore["sync"] } = Object.create(store) as JourneyStore;
  observed.commit = async (request) => {
    const result = await store.commit(request);
    if (result.ok) recorder.history(request.history);
    return result;
  };
  observed.settleAction = async (id, attempt, outcome, history) => {
    const settled = await store.settleAction(id, attempt, outcome, history);
    if (settled) recorder.history(history);
    return settled;
  };
  const sync = store.sync;
  observed.sync = {
    loadCustomer: (id) => sync.loadCustomer(id),
    hasProcessedEvent: (id, eventId) => sync.hasProcessedEvent(id, eventId),
    commit: (request) => {
      const result = sync.commit(request);
      if (result.ok) recorder.history(request.history);
      return result;
    },
  };
  return observed;
}

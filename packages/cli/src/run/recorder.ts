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
  /** Sends not made, by why: holdout, split control, condition not met. */
  skipped: { holdout: number; control: number; condition: number };
}

/** The results of one split arm or holdout group. */
export interface VariantTally {
  customers: number;
  goals: number;
  messages: number;
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
    skipped: { holdout: 0, control: 0, condition: 0 },
  };
  /**
   * Per group (`"split=variant"`, `"holdout=control"`, `"holdout=treatment"`): customers assigned
   * (per enrolment), goals reached and messages delivered while in the group.
   */
  readonly variants = new Map<string, VariantTally>();
  /** customer id → groups of the customer's current enrolment. */
  private readonly groups = new Map<string, string[]>();

  private readonly holdout: boolean;
  /** Without splits or a holdout there are no groups: nothing is tracked per customer. */
  private readonly tracksGroups: boolean;

  /**
   * @param journey Whether the journey has a global holdout (customers then join one of its two
   *   groups) and any split.
   * @param onHistory Receives each committed batch of history rows (the trace writer).
   */
  constructor(
    journey: { readonly holdout: boolean; readonly splits: boolean },
    private readonly onHistory?: (rows: readonly HistoryRow[]) => void,
  ) {
    this.holdout = journey.holdout;
    this.tracksGroups = journey.holdout || journey.splits;
  }

  private tally(group: string): VariantTally {
    let t = this.variants.get(group);
    if (t === undefined) {
      t = { customers: 0, goals: 0, messages: 0 };
      this.variants.set(group, t);
    }
    return t;
  }

  private join(customerId: string, group: string): void {
    const list = this.groups.get(customerId) ?? [];
    // A split re-run in the same enrolment (the stage entered again) keeps its assignment.
    if (list.includes(group)) return;
    list.push(group);
    this.groups.set(customerId, list);
    this.tally(group).customers++;
  }

  /** Records committed history rows. */
  history(rows: readonly HistoryRow[]): void {
    for (const row of rows) {
      const type = row.type;
      if (type === "action") {
        if (row.status !== "skipped") continue;
        if (row.reason.endsWith("holdout (control group)")) this.messages.skipped.holdout++;
        else if (row.reason.endsWith("(control group)")) this.messages.skipped.control++;
        else this.messages.skipped.condition++;
      } else if (!this.tracksGroups) {
        continue;
      } else if (type === "enrol") {
        // A new enrolment starts with fresh split and holdout assignments.
        this.groups.set(row.customerId, []);
        if (this.holdout) this.join(row.customerId, row.detail?.holdout === true ? "holdout=control" : "holdout=treatment");
      } else if (type === "split") {
        const split = row.detail?.split;
        const variant = row.detail?.variant;
        if (typeof split === "string" && typeof variant === "string") this.join(row.customerId, `${split}=${variant}`);
      } else if (type === "goal") {
        for (const group of this.groups.get(row.customerId) ?? []) this.tally(group).goals++;
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
    if (!this.tracksGroups) return;
    for (const group of this.groups.get(delivery.customer.id) ?? []) this.tally(group).messages++;
  };
}

/**
 * Wraps a store so that every successful commit's history rows (and each settled delivery's)
 * reach `recorder` instead of the store: the simulation never reads history back, and keeping it
 * in memory would make memory grow with the input files. The in-memory store's synchronous batch
 * face is wrapped the same way.
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
    const result = await store.commit({ ...request, history: [] });
    if (result.ok) recorder.history(request.history);
    return result;
  };
  observed.settleAction = async (id, attempt, outcome, history) => {
    const settled = await store.settleAction(id, attempt, outcome, []);
    if (settled) recorder.history(history);
    return settled;
  };
  const sync = store.sync;
  // Every other member of the synchronous face is the store's own; commits and settlements are
  // observed. The face names the wrapper as its owner, so the runtime delivers through it
  // synchronously (no promise per action) and still reaches the recorder.
  const observedSync = Object.create(sync) as MemoryStore["sync"];
  Object.defineProperty(observedSync, "owner", { value: observed, enumerable: true });
  observedSync.commit = (request) => {
    const result = sync.commit({ ...request, history: [] });
    if (result.ok) recorder.history(request.history);
    return result;
  };
  observedSync.settleAction = (id, attempt, outcome, history) => {
    const settled = sync.settleAction(id, attempt, outcome, []);
    if (settled) recorder.history(history);
    return settled;
  };
  observed.sync = observedSync;
  return observed;
}

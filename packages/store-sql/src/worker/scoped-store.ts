import { AsyncLocalStorage } from "node:async_hooks";
import type { ClaimedAction, ClaimedTimer, JourneyStore } from "@journeys/runtime";
import type { SqlJourneyStore } from "../store/sql-store.js";

/**
 * The one piece of work a pg-boss job woke this worker for. An input job carries a marker that
 * its commit records like an event id, so that a redelivered record upsert is applied once.
 */
export type JobScope = { kind: "timer"; id: string } | { kind: "action"; id: string } | { kind: "input"; marker: string };

/**
 * A `JourneyStore` whose claims are narrowed to the job being handled. A worker hands the runtime
 * this view and calls `runtime.runDue(now)` inside `scope.run(job, ...)`: the runtime's own
 * claim → evaluate → commit (or claim → deliver → settle) path then handles exactly the timer or
 * action pg-boss woke it for, and nothing another worker's job is about to take.
 * Outside a scope (host code, tests) every call goes straight through.
 */
export function scopedStore(inner: SqlJourneyStore): { store: JourneyStore; scope: AsyncLocalStorage<JobScope> } {
  const scope = new AsyncLocalStorage<JobScope>();
  const store: JourneyStore = {
    loadCustomer: (id) => inner.loadCustomer(id),
    hasProcessedEvent: (id, eventId) => inner.hasProcessedEvent(id, eventId),
    commit(request) {
      const job = scope.getStore();
      // Events are deduplicated by their own id; a record upsert has none, so it gets its job's.
      if (job?.kind === "input" && request.eventId === undefined && request.doc !== undefined) {
        return inner.commit({ ...request, eventId: job.marker });
      }
      return inner.commit(request);
    },
    async claimDueTimers(options): Promise<ClaimedTimer[]> {
      const job = scope.getStore();
      if (job === undefined) return inner.claimDueTimers(options);
      if (job.kind !== "timer") return [];
      const claimed = await inner.claimTimer(job.id, options);
      return claimed ? [claimed] : [];
    },
    nextTimerDue: () => inner.nextTimerDue(),
    listTimers: (id) => inner.listTimers(id),
    async claimActions(options): Promise<ClaimedAction[]> {
      const job = scope.getStore();
      if (job === undefined) return inner.claimActions(options);
      if (job.kind !== "action") return [];
      const ids = options.ids === undefined ? [job.id] : options.ids.filter((id) => id === job.id);
      return inner.claimActions({ ...options, ids });
    },
    settleAction: (id, attempt, outcome, history) => inner.settleAction(id, attempt, outcome, history),
    nextActionDue: () => inner.nextActionDue(),
    listDeadLetters: () => inner.listDeadLetters(),
    retryDeadLetter: (id, now) => inner.retryDeadLetter(id, now),
    listActions: (id) => inner.listActions(id),
    listHistory: (id, options) => inner.listHistory(id, options),
    readMetrics: (journeyId, version) => inner.readMetrics(journeyId, version),
    addQuarantine: (row) => inner.addQuarantine(row),
    listQuarantine: () => inner.listQuarantine(),
    removeQuarantine: (id) => inner.removeQuarantine(id),
    listCustomerIds: () => inner.listCustomerIds(),
    close: () => inner.close(),
  };
  return { store, scope };
}

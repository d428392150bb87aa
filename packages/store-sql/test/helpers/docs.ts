import type { CommitRequest, CustomerDoc, HistoryRow, OutboxRow, TimerRow } from "@journeys/runtime";

export function doc(customerId: string, rev: number, record: Record<string, unknown> = {}): CustomerDoc {
  return { customerId, rev, record, tags: [], journeys: {} };
}

export function timer(id: string, customerId: string, dueAt: number, extra: Partial<TimerRow> = {}): TimerRow {
  return {
    id,
    customerId,
    journeyId: "j",
    version: 1,
    kind: "after",
    blockId: "b",
    dueAt,
    enrolment: 1,
    stageEntry: 1,
    seq: 0,
    ...extra,
  };
}

export function action(id: string, customerId: string, createdAt: number, extra: Partial<OutboxRow> = {}): OutboxRow {
  return {
    id,
    customerId,
    journeyId: "j",
    version: 1,
    kind: "send",
    actionId: "a",
    channel: "email",
    template: "welcome",
    data: {},
    stage: "s",
    enrolment: 1,
    stageEntry: 1,
    createdAt,
    nextAttemptAt: createdAt,
    attempts: 0,
    status: "pending",
    lastError: null,
    ...extra,
  };
}

export function history(customerId: string, at: number, reason: string): HistoryRow {
  return { at, customerId, journeyId: "j", version: 1, enrolment: 1, type: "enter", stage: "s", reason };
}

export function request(customerId: string, expectedRev: number, extra: Partial<CommitRequest> = {}): CommitRequest {
  return {
    customerId,
    expectedRev,
    doc: doc(customerId, expectedRev + 1),
    cancelTimers: [],
    armTimers: [],
    actions: [],
    history: [],
    metrics: [],
    ...extra,
  };
}

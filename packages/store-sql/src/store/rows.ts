/**
 * The boundary between database rows and the runtime's store types. Everything read back from
 * SQL is checked with zod here: a row written by another version, or edited by hand, fails with
 * a typed error naming the table instead of flowing on as a malformed object.
 */
import { z } from "zod";
import type { CustomerDoc, HistoryRow, OutboxRow, QuarantineRow, TimerRow } from "@journeys/runtime";

/** A stored row that does not have the shape this version of the store writes. */
export class CorruptRowError extends Error {
  readonly code = "JOURNEYS_CORRUPT_ROW" as const;
  readonly table: string;
  constructor(table: string, detail: string) {
    super(`A row of journeys.${table} does not have the expected shape: ${detail}.`);
    this.name = "CorruptRowError";
    this.table = table;
  }
}

const json = z.json();
const time = z.number().finite();

const journeyState = z.looseObject({
  version: z.number(),
  status: z.enum(["none", "active", "exited", "completed"]),
  stage: z.string().nullable(),
});

const customerDoc = z.looseObject({
  customerId: z.string(),
  rev: z.number().int().positive(),
  record: z.record(z.string(), z.unknown()),
  tags: z.array(z.string()),
  journeys: z.record(z.string(), journeyState),
});

const timerRow = z.looseObject({
  id: z.string(),
  customerId: z.string(),
  journeyId: z.string(),
  version: z.number(),
  kind: z.enum(["after", "every", "wake"]),
  blockId: z.string().nullable(),
  dueAt: time,
  enrolment: z.number(),
  stageEntry: z.number(),
  seq: z.number(),
});

const outboxRow = z.looseObject({
  id: z.string(),
  customerId: z.string(),
  journeyId: z.string(),
  version: z.number(),
  kind: z.enum(["send", "tag", "untag", "set", "add"]),
  actionId: z.string(),
  channel: z.string().nullable(),
  template: z.string().nullable(),
  data: z.record(z.string(), json),
  stage: z.string(),
  enrolment: z.number(),
  stageEntry: z.number(),
  createdAt: time,
});

const historyRow = z.looseObject({
  at: time,
  customerId: z.string(),
  journeyId: z.string(),
  type: z.string(),
  reason: z.string(),
});

const quarantineError = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
});

function check<T>(table: string, schema: z.ZodType, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CorruptRowError(table, `${issue?.path.join(".") || "(row)"}: ${issue?.message ?? "invalid"}`);
  }
  // The checked value itself, not zod's copy: records may hold keys such as "__proto__" as plain
  // data, which a rebuilt object could turn into a prototype change.
  return value as T;
}

export function toCustomerDoc(row: { rev: number; doc: unknown }): CustomerDoc {
  const doc = check<CustomerDoc>("customers", customerDoc, row.doc);
  // The rev column is the truth the rev check runs against; the copy inside the document follows it.
  return { ...doc, rev: Number(row.rev) };
}

export function toTimerRow(value: unknown): TimerRow {
  return check<TimerRow>("timers", timerRow, value);
}

export interface OutboxSqlRow {
  action: unknown;
  status: string;
  next_attempt_at: number;
  attempts: number;
  last_error: string | null;
}

/** The immutable part lives in `action`; delivery state lives in columns and wins over the copy. */
export function toOutboxRow(row: OutboxSqlRow): OutboxRow {
  const action = check<OutboxRow>("outbox", outboxRow, row.action);
  const status = z.enum(["pending", "done", "dead"]).safeParse(row.status);
  if (!status.success) throw new CorruptRowError("outbox", `status: ${String(row.status)}`);
  return {
    ...action,
    status: status.data,
    nextAttemptAt: Number(row.next_attempt_at),
    attempts: Number(row.attempts),
    lastError: row.last_error,
  };
}

export function toHistoryRow(value: unknown): HistoryRow {
  return check<HistoryRow>("history", historyRow, value);
}

export function toQuarantineRow(row: { id: string; received_at: number; input: unknown; error: unknown }): QuarantineRow {
  return {
    id: row.id,
    receivedAt: Number(row.received_at),
    input: check<QuarantineRow["input"]>("quarantine", json, row.input),
    error: check<QuarantineRow["error"]>("quarantine", quarantineError, row.error),
  };
}

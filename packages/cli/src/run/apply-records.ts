/**
 * Feeding the record file to the runtime: every record is applied at the simulation's start,
 * in batches through `runtime.ingestMany()`. Bad lines wait in the batch with the valid records,
 * so that problems are reported in line order.
 */
import type { JourneyIR } from "@journeys/dsl";
import type { JourneyRuntime } from "@journeys/runtime";
import { readCsv, type CsvRow } from "../io/csv.js";
import { readNdjsonBatches, type NdjsonLine } from "../io/ndjson.js";
import { splitRecord } from "./inputs.js";
import type { QuarantinedInput } from "./simulate.js";

/** Records are ingested in batches of this many lines. */
const RECORD_BATCH = 1000;

/** Counts of the record file. */
export interface RecordCounts {
  read: number;
  applied: number;
  quarantined: number;
}

/** What {@link applyRecords} works with. */
export interface RecordFeed {
  readonly runtime: JourneyRuntime;
  readonly ir: JourneyIR;
  readonly path: string;
  readonly file: string;
  readonly format: "ndjson" | "csv";
  readonly quarantine: (q: QuarantinedInput) => void;
  readonly onBytes: (bytes: number) => void;
  readonly drain?: () => Promise<void>;
}

type Pending = { readonly line: number; readonly customer: string; readonly input: unknown } | { readonly line: number; readonly problem: string };

/**
 * Applies every record of the file (NDJSON or CSV, coerced by the journey's field types).
 *
 * @example
 * ```ts
 * const counts = await applyRecords({ runtime, ir, path, file: "customers.csv", format: "csv", quarantine, onBytes });
 * ```
 */
export async function applyRecords(feed: RecordFeed): Promise<RecordCounts> {
  const { runtime } = feed;
  const counts: RecordCounts = { read: 0, applied: 0, quarantined: 0 };
  let batch: Pending[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const valid = batch.filter((p): p is Extract<Pending, { input: unknown }> => "input" in p);
    const results = valid.length === 0 ? [] : await runtime.ingestMany(valid.map((p) => p.input));
    let i = 0;
    for (const item of batch) {
      if ("problem" in item) {
        counts.quarantined++;
        feed.quarantine({ file: feed.file, line: item.line, customer: null, reason: item.problem });
        continue;
      }
      const result = results[i++]!;
      if (result.status === "quarantined") {
        counts.quarantined++;
        feed.quarantine({ file: feed.file, line: item.line, customer: item.customer, reason: `customer "${item.customer}": ${result.error.message.replace(/\.$/, "")}` });
      } else counts.applied++;
    }
    batch = [];
    await runtime.runDue();
    await feed.drain?.();
  };
  const groups: AsyncIterable<readonly (NdjsonLine | CsvRow)[]> =
    feed.format === "csv"
      ? inGroups(readCsv(feed.path, { fields: feed.ir.customer, onBytes: feed.onBytes }), RECORD_BATCH)
      : readNdjsonBatches(feed.path, { onBytes: feed.onBytes });
  for await (const group of groups) {
    for (const row of group) {
      counts.read++;
      const record = row.ok ? splitRecord(row.value) : ({ ok: false, error: row.error } as const);
      if (record.ok) batch.push({ line: row.line, customer: record.id, input: { kind: "record", customerId: record.id, record: record.fields } });
      else batch.push({ line: row.line, problem: record.error });
      if (batch.length >= RECORD_BATCH) await flush();
    }
  }
  await flush();
  return counts;
}

/** Groups the items of an async iterable into arrays of up to `size`. */
async function* inGroups<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let group: T[] = [];
  for await (const item of items) {
    group.push(item);
    if (group.length >= size) {
      yield group;
      group = [];
    }
  }
  if (group.length > 0) yield group;
}

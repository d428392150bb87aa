/**
 * Feeding the record file to the runtime: every record is applied at the simulation's start,
 * in batches through `runtime.ingestMany()`. Bad lines wait in the batch with the valid records,
 * so that problems are reported in line order.
 */
import type { JourneyIR } from "@journeys/dsl";
import type { JourneyRuntime } from "@journeys/runtime";
import { readCsv, type CsvRow } from "../io/csv.js";
import { JsonScanner } from "../io/json-scan.js";
import { chunkIsUtf8, invalidUtf8Line, lineEnd, parseLine, readLineChunks, type NdjsonLine } from "../io/ndjson.js";
import { InputBatch } from "./input-batch.js";
import { splitRecord } from "./inputs.js";
import { scannedRecord, scanRecordLine } from "./record-scan.js";
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
  const tally = { applied: 0, duplicates: 0, quarantined: 0 };
  let read = 0;
  const batch = new InputBatch(runtime, feed.file, feed.quarantine, RECORD_BATCH);
  const flush = async () => {
    if (batch.empty) return;
    await batch.flush(tally);
    await runtime.runDue();
    await feed.drain?.();
  };
  // A line of each kind (problem or record) counts towards the batch, as the report's order needs
  // no more than that and a file of bad lines still flushes as it goes.
  let pending = 0;
  const take = (row: NdjsonLine | CsvRow) => {
    read++;
    pending++;
    const record = row.ok ? splitRecord(row.value) : ({ ok: false, error: row.error } as const);
    if (record.ok) batch.add({ kind: "record", customerId: record.id, record: record.fields }, row.line);
    else batch.problem(row.line, null, record.error);
  };

  if (feed.format === "csv") {
    for await (const row of readCsv(feed.path, { fields: feed.ir.customer, onBytes: feed.onBytes })) {
      take(row);
      if (pending >= RECORD_BATCH) {
        await flush();
        pending = 0;
      }
    }
  } else {
    const scan = new JsonScanner();
    const fast = scannedRecord();
    let line = 0;
    for await (const buf of readLineChunks(feed.path, { onBytes: feed.onBytes })) {
      const valid = chunkIsUtf8(buf);
      for (let start = 0, end = 0; start < buf.length; start = end + 1) {
        line++;
        const bad = valid ? null : invalidUtf8Line(buf, start);
        if (bad !== null) {
          end = bad.end;
          take({ ok: false, line, error: bad.error });
        } else if ((end = scanRecordLine(scan, buf, start, fast)) >= 0) {
          read++;
          pending++;
          batch.add({ kind: "record", customerId: fast.id, record: fast.fields }, line);
        } else {
          // The slow path, which also explains every rejection.
          end = lineEnd(buf, start);
          const parsed = parseLine(buf.toString("utf8", start, end), line);
          if (parsed === undefined) continue; // a blank line
          take(parsed);
        }
        if (pending >= RECORD_BATCH) {
          await flush();
          pending = 0;
        }
      }
    }
  }
  await flush();
  return { read, applied: tally.applied + tally.duplicates, quarantined: tally.quarantined };
}

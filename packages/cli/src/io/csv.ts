/**
 * Streaming CSV record reader. The first row names the columns; each later row becomes a record
 * whose cells are coerced by the journey's declared field types (CSV has no types of its own):
 * numbers and yes/no fields become numbers and booleans, `list of text` cells split on `|`,
 * empty cells are left out. Every line of the file is accounted for: each row is yielded, as a
 * record or as a bad row, at the line where it starts, and reading goes on after a bad row.
 *
 * This module is the public API. The reading is done by `csv-row-reader.ts` (which explains
 * how bad rows are found), on bytes kept by `csv-bytes.ts`; cells are coerced by `csv-coerce.ts`.
 */
import { createReadStream } from "node:fs";
import { MIB } from "./csv-bytes.js";
import type { DeclaredField } from "./csv-coerce.js";
import { CsvRowReader, type CsvRow } from "./csv-row-reader.js";
import { CHUNK_BYTES } from "./ndjson.js";

export { coerceRecord, type DeclaredField } from "./csv-coerce.js";
export { CsvHeaderError } from "./csv-header-error.js";
export type { CsvRow } from "./csv-row-reader.js";

/** Options for {@link readCsv}. */
export interface ReadCsvOptions {
  /** Declared customer fields; cells of other columns are kept as text. */
  readonly fields: Readonly<Record<string, DeclaredField>>;
  /** Called with the number of bytes read so far (drives the progress bar). */
  readonly onBytes?: (bytesRead: number) => void;
  /** Chunk size in bytes (default {@link CHUNK_BYTES}); tests use a tiny one to split rows across chunks. */
  readonly chunkBytes?: number;
  /**
   * The longest row read, in bytes (default 16 MiB), checked after each chunk. A row still not
   * ended past it is taken for a quote never closed: it and the rest of the file are reported as
   * not read, instead of held in memory (a header row that long is refused).
   */
  readonly maxRowBytes?: number;
}

/**
 * Reads a CSV record file row by row.
 *
 * @example
 * ```ts
 * for await (const row of readCsv("customers.csv", { fields: ir.customer })) {
 *   if (row.ok) await runtime.upsertCustomer(row.value);
 * }
 * ```
 */
export async function* readCsv(path: string, options: ReadCsvOptions): AsyncGenerator<CsvRow> {
  const reader = new CsvRowReader(options.fields, options.maxRowBytes ?? 16 * MIB);
  const input = createReadStream(path, { highWaterMark: options.chunkBytes ?? CHUNK_BYTES });
  let bytes = 0;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    options.onBytes?.(bytes);
    yield* await reader.push(chunk);
  }
  yield* await reader.end();
}

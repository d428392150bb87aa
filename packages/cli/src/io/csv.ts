/**
 * Streaming CSV record reader. The first row names the columns; each later row becomes a record
 * whose cells are coerced by the journey's declared field types (CSV has no types of its own):
 * numbers and yes/no fields become numbers and booleans, `list of text` cells split on `|`,
 * empty cells are left out. A malformed row is yielded as a bad line and reading continues.
 */
import { createReadStream } from "node:fs";
import { parse, type CsvError } from "csv-parse";
import { CHUNK_BYTES } from "./ndjson.js";

/** The declared type of a customer field, as the IR names it (`text`, `number`, `boolean`, ...). */
export interface DeclaredField {
  readonly type: string;
}

/** One data row of a CSV file: a coerced record, or why the row was rejected. */
export type CsvRow =
  | { readonly ok: true; readonly line: number; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly line: number; readonly error: string };

/** Options for {@link readCsv}. */
export interface ReadCsvOptions {
  /** Declared customer fields; cells of other columns are kept as text. */
  readonly fields: Readonly<Record<string, DeclaredField>>;
  /** Called with the number of bytes read so far (drives the progress bar). */
  readonly onBytes?: (bytesRead: number) => void;
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
  const skipped: CsvRow[] = [];
  let lastSkippedLine = -1;
  let firstByte: number | undefined;
  const parser = parse({
    // Every row would be refused without an id, and a repeated name would hide a column.
    columns: (header: string[]) => {
      const repeated = header.find((name, i) => header.indexOf(name) !== i);
      if (repeated !== undefined) throw new CsvHeaderError(`its header row names the column "${repeated}" twice`);
      if (!header.includes("id")) throw new CsvHeaderError(`its header row has no "id" column for the customer id (it names ${header.map((name) => `"${name}"`).join(", ")})`);
      return header;
    },
    bom: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (error: CsvError | undefined) => {
      if (!error) return undefined;
      // A broken header names no columns: csv-parse would go on with a mangled header and drop
      // the first data row unreported, so the file is refused instead (thrown out of the parser).
      if (isHeaderError(error)) throw CsvHeaderError.invalid(describeCsvError(error), firstByte);
      // csv-parse reports every bad quote of a row; the row is one rejected record.
      const line = errorLine(error);
      if (line === lastSkippedLine) return undefined;
      lastSkippedLine = line;
      skipped.push({ ok: false, line, error: describeCsvError(error) });
      return undefined;
    },
  });
  const input = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let bytes = 0;
  input.on("data", (chunk) => {
    if (firstByte === undefined) firstByte = firstVisibleByte(chunk as Buffer);
    bytes += chunk.length;
    options.onBytes?.(bytes);
  });
  // Opening errors (missing file, permission) surface through the parser as a thrown error.
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ info: { lines: number }; record: Record<string, string> }>) {
      // Skipped rows are reported synchronously while records are buffered: merge by line.
      while (skipped.length > 0 && skipped[0]!.line < item.info.lines) yield skipped.shift()!;
      yield { ok: true, line: item.info.lines, value: coerceRecord(item.record, options.fields) };
    }
  } catch (error) {
    if (!isCsvError(error)) throw error;
    if (isHeaderError(error)) throw CsvHeaderError.invalid(describeCsvError(error), firstByte);
    // Unrecoverable syntax (e.g. an unclosed quote): report it and stop reading this file.
    while (skipped.length > 0) yield skipped.shift()!;
    yield { ok: false, line: errorLine(error), error: `${describeCsvError(error)}; the rest of the file was not read` };
    return;
  }
  while (skipped.length > 0) yield skipped.shift()!;
}

/**
 * Coerces the text cells of one CSV row by the declared field types. Cells that do not look like
 * their declared type are kept as text so the runtime's schema check reports them by field name.
 *
 * @example
 * ```ts
 * coerceRecord({ orders: "3", opted_in: "yes", interests: "shoes|hats", nps: "" },
 *   { orders: { type: "number" }, opted_in: { type: "boolean" }, interests: { type: "list" }, nps: { type: "number" } });
 * // → { orders: 3, opted_in: true, interests: ["shoes", "hats"] }
 * ```
 */
export function coerceRecord(
  cells: Readonly<Record<string, string>>,
  fields: Readonly<Record<string, DeclaredField>>,
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(cells)) {
    if (cell === "") continue;
    const declared = Object.hasOwn(fields, column) ? fields[column] : undefined;
    record[column] = coerceCell(cell, declared?.type);
  }
  return record;
}

function coerceCell(cell: string, type: string | undefined): unknown {
  const text = cell.trim();
  switch (type) {
    case "number": {
      const n = Number(text);
      return text !== "" && Number.isFinite(n) ? n : cell;
    }
    case "boolean": {
      const lower = text.toLowerCase();
      if (lower === "yes" || lower === "true" || lower === "1") return true;
      if (lower === "no" || lower === "false" || lower === "0") return false;
      return cell;
    }
    case "list":
      return cell
        .split("|")
        .map((item) => item.trim())
        .filter((item) => item !== "");
    default:
      return cell;
  }
}

/**
 * The first row of a CSV record file does not name usable columns (it is not valid CSV, has no
 * `id` column or repeats a name), so none of its rows can be read. `message` says why, and
 * suggests NDJSON when the file starts with `{` or `[`.
 *
 * @example
 * ```ts
 * try { for await (const row of readCsv(path, { fields })) use(row); }
 * catch (error) { if (error instanceof CsvHeaderError) console.error(`${file}: ${error.message}`); }
 * ```
 */
export class CsvHeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CsvHeaderError";
  }

  /** A header row that csv-parse rejected; `firstByte` is the file's first visible byte. */
  static invalid(reason: string, firstByte: number | undefined): CsvHeaderError {
    const json = firstByte === 0x7b || firstByte === 0x5b;
    return new CsvHeaderError(
      `its header row is not valid CSV (${reason})` +
        (json ? "; it looks like NDJSON (one JSON object per line): name the file .ndjson or .jsonl" : ""),
    );
  }
}

/** The first byte that is not a byte-order mark or white space, if the chunk has one. */
function firstVisibleByte(chunk: Buffer): number | undefined {
  let i = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
  while (i < chunk.length && (chunk[i] === 0x20 || chunk[i] === 0x09 || chunk[i] === 0x0a || chunk[i] === 0x0d)) i++;
  return i < chunk.length ? chunk[i] : undefined;
}

function isHeaderError(error: CsvError): boolean {
  return (error as { header?: unknown }).header === true;
}

function isCsvError(error: unknown): error is CsvError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === "string" && /^(CSV_|INVALID_)/.test((error as unknown as { code: string }).code);
}

function errorLine(error: CsvError): number {
  const lines = (error as { lines?: unknown }).lines;
  return typeof lines === "number" ? lines : 0;
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
    case "CSV_RECORD_INCONSISTENT_COLUMNS":
      return "wrong number of columns";
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted field is not closed";
    case "CSV_INVALID_CLOSING_QUOTE":
    case "INVALID_OPENING_QUOTE":
      return "a quote appears inside an unquoted field";
    default:
      return error.message.replace(/^Invalid [A-Za-z ]+: /, "").replace(/\.$/, "");
  }
}

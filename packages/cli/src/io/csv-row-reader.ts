/**
 * The CSV row reader: turns the bytes of a CSV file, given chunk by chunk, into rows, each at the
 * line where it starts, with csv-parse doing the parsing and the reader keeping count of lines.
 *
 * Why a bad quote restarts the parser. csv-parse (with `skip_records_with_error`) reports a quote
 * that ends a quoted field too early (`"a"x`) and then stays inside the quote: the rows after it
 * are swallowed into the broken one and reported, if at all, as one unclosed quote at the end of
 * the file. Its `relax_quotes` option would not report them at all: it reads the quotes as text
 * (`"a"x` becomes the value `"a"x`) and the row is applied with data its author did not write.
 * So on a bad quote the reader stops the parser and the bad row ends with the line that holds
 * the quote; a new parser, given the header's columns, reads on from the next line. (Which
 * quote was the mistake cannot be known: if it was one inside a cell meant to span lines, the
 * cell's later lines are read as rows of their own, bad ones unless they look like rows.) A quote
 * inside an unquoted cell (`b"ad`) leaves csv-parse out of quotes, so when no other quote
 * follows on its line the same parser goes on: a new one costs about 0.1 ms. A quote
 * still open at the end of the file, or a row longer than {@link ReadCsvOptions.maxRowBytes},
 * leaves no place to restart: one bad row says the rest of the file was not read, and how many
 * lines that is.
 *
 * The reader counts lines itself, on the bytes (an LF, a CR LF or a lone CR ends a line):
 * csv-parse numbers a row by the line where it ends and counts a CR LF in a quoted cell as two.
 * It keeps the bytes of the row being read until the row ends, to count its lines, find a bad
 * quote again and check that the row is UTF-8 (a row that is not is a bad row: decoding it would
 * put U+FFFD in place of its bad bytes, silently changing an id or a value).
 */
import { finished } from "node:stream/promises";
import { parse, type CsvError, type InfoRecord, type Parser } from "csv-parse";
import type { ReadCsvOptions } from "./csv.js";
import {
  ByteWindow,
  CR,
  describeBadByte,
  findBadQuote,
  firstVisibleByte,
  isLineBreak,
  LF,
  lineBreakEnd,
  LineCursor,
  MIB,
  QUOTE,
  Utf8Check,
} from "./csv-bytes.js";
import { coerceRecord, type DeclaredField } from "./csv-coerce.js";
import { CsvHeaderError } from "./csv-header-error.js";
import { describeCsvError, errorPlace, isHeaderError, type ErrorPlace } from "./csv-parse-errors.js";

/** One data row of a CSV file: a coerced record, or why the row was rejected. */
export type CsvRow =
  | { readonly ok: true; readonly line: number; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly line: number; readonly error: string };

/** A row before its line is known: a coerced record or why it is rejected. */
type RowResult = { readonly ok: true; readonly value: Record<string, unknown> } | { readonly ok: false; readonly error: string };

/** Parsing rows with `parser`, which has been given the file's bytes from `base` to `fed`. */
interface ParseMode {
  readonly kind: "parse";
  readonly parser: Parser;
  readonly base: number;
  fed: number;
}

/** Looking for the end of the line holding the bad quote at offset `quote`: the bad row ends there. */
interface SkipMode {
  readonly kind: "skip";
  readonly quote: number;
  readonly line: number;
  readonly error: string;
}

/** Counting the lines left after the row at `line`, which has no end the reader can find. */
interface RestMode {
  readonly kind: "rest";
  readonly line: number;
  readonly reason: string;
}

/** Thrown out of csv-parse's `on_skip` to stop a parser at a bad quote (see the module comment). */
class BadQuote extends Error {}

/**
 * Turns the bytes of a CSV file, given chunk by chunk, into rows (see the module comment).
 * `push` and `end` return the rows that the bytes given so far complete, in file order.
 */
export class CsvRowReader {
  private readonly window = new ByteWindow();
  private readonly lines = new LineCursor(this.window);
  private readonly utf8 = new Utf8Check();
  private rows: CsvRow[] = [];
  private columns: string[] | undefined;
  /** The line break that ends rows, as csv-parse found it on the header row (LF, CR LF or CR). */
  private recordDelimiter: Buffer[] | undefined;
  /** Where the next row starts: just past the previous row (or the header). */
  private rowStart = 0;
  /** The current parser's count of skipped empty lines at `rowStart`. */
  private emptyLines = 0;
  private mode: ParseMode | SkipMode | RestMode;

  constructor(
    private readonly fields: Readonly<Record<string, DeclaredField>>,
    private readonly maxRowBytes: number,
  ) {
    this.mode = this.parseFrom(0);
  }

  /** Takes the file's next bytes; resolves with the rows they ended, in line order. */
  async push(chunk: Buffer): Promise<CsvRow[]> {
    this.utf8.push(chunk, this.window.end);
    this.window.push(chunk);
    await this.advance(false);
    return this.take();
  }

  /** The file has ended: resolves with the rows still open (the last row, or what is left unread). */
  async end(): Promise<CsvRow[]> {
    this.utf8.end(this.window.end);
    await this.advance(true);
    return this.take();
  }

  private take(): CsvRow[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }

  /** Reads as far as the bytes given allow; `final` once the file has no more. */
  private async advance(final: boolean): Promise<void> {
    for (;;) {
      const mode = this.mode;
      if (mode.kind === "parse") await this.feed(mode, final);
      else if (mode.kind === "skip") this.skipLine(mode, final);
      else this.countRest(mode, final);
      if (this.mode === mode) break;
    }
    if (!final && this.mode.kind !== "rest" && this.window.end - this.rowStart > this.maxRowBytes) this.giveUp();
  }

  /** Gives the parser the bytes it has not had yet, and the end of the file when `final`. */
  private async feed(mode: ParseMode, final: boolean): Promise<void> {
    try {
      if (mode.fed < this.window.end) {
        const bytes = this.window.bytesFrom(mode.fed);
        mode.fed = this.window.end;
        await writeTo(mode.parser, bytes);
      }
      if (final) await endOf(mode.parser);
    } catch (error) {
      // A bad quote has already switched the reader to skipping its line.
      if (!(error instanceof BadQuote)) throw error;
    }
  }

  /** Ends a bad row with the line that holds its bad quote, and parses on from the next line. */
  private skipLine(mode: SkipMode, final: boolean): void {
    const end = lineBreakEnd(this.window, mode.quote, final);
    if (end === undefined) return;
    this.finishRow(mode.line, end, { ok: false, error: mode.error });
    this.mode = this.parseFrom(end);
  }

  /** Counts the lines the row at `mode.line` leaves unread, and reports them at the end of the file. */
  private countRest(mode: RestMode, final: boolean): void {
    if (!final) {
      // A CR ending the bytes read may be the first half of a CR LF: it is counted with the next chunk.
      const to = this.window.last === CR ? this.window.end - 1 : this.window.end;
      this.lines.lineOf(to);
      this.window.dropBefore(to);
      return;
    }
    const last = this.lines.lineOf(this.window.end) - (isLineBreak(this.window.last) ? 1 : 0);
    const count = last - mode.line + 1;
    const error = `${mode.reason}; the rest of the file from line ${mode.line} was not read (${count} ${count === 1 ? "line" : "lines"})`;
    this.rows.push({ ok: false, line: mode.line, error });
  }

  /** Stops at a row longer than the limit: a quote never closed would have the whole file held. */
  private giveUp(): void {
    const mode = this.mode as ParseMode | SkipMode;
    const size = describeSize(this.maxRowBytes);
    if (this.columns === undefined) throw new CsvHeaderError(`its header row is longer than ${size} (a quoted field may not be closed)`);
    const longer = `the row is longer than ${size}`;
    if (mode.kind === "skip") {
      this.mode = { kind: "rest", line: mode.line, reason: `${mode.error}, and ${longer}` };
      return;
    }
    const line = this.startLine(mode.parser.info.empty_lines);
    mode.parser.destroy();
    this.mode = { kind: "rest", line, reason: `${longer} (a quoted field may not be closed)` };
  }

  /** A parser for the bytes from `base` on: the header row first, then rows of its columns. */
  private parseFrom(base: number): ParseMode {
    this.emptyLines = 0;
    const parser: Parser = parse({
      columns: this.columns ?? ((names: string[]) => this.readHeader(names, parser, base)),
      bom: this.columns === undefined,
      // A parser started after a bad row ends rows as the first did: found anew, a lone CR in a
      // cell of an LF file could be taken for the line break.
      record_delimiter: this.recordDelimiter,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_record: (record: Record<string, string>, context: InfoRecord) => {
        this.onRecord(mode, record, context);
        return null;
      },
      on_skip: (error: CsvError | undefined) => {
        if (error) this.onSkip(mode, error);
        return undefined;
      },
    });
    // Errors reach the reader through the write and end callbacks; without a listener, the
    // stream's "error" event would also be thrown.
    parser.on("error", () => {});
    const mode: ParseMode = { kind: "parse", parser, base, fed: base };
    return mode;
  }

  /** Checks the header row's column names (see {@link CsvHeaderError}); the rows start after it. */
  private readHeader(names: string[], parser: Parser, base: number): string[] {
    const end = base + parser.info.bytes;
    const bad = this.utf8.firstIn(0, end);
    if (bad !== undefined) throw CsvHeaderError.notUtf8(describeBadByte(bad), this.window.byteAt(0), this.window.byteAt(1));
    // Every row would be refused without an id, and a repeated name would hide a column.
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated !== undefined) throw new CsvHeaderError(`its header row names the column "${repeated}" twice`);
    if (!names.includes("id")) throw new CsvHeaderError(`its header row has no "id" column for the customer id (it names ${names.map((name) => `"${name}"`).join(", ")})`);
    this.columns = names;
    if (parser.options.record_delimiter.length > 0) this.recordDelimiter = parser.options.record_delimiter;
    this.lines.lineOf(end);
    this.window.dropBefore(end);
    this.rowStart = end;
    this.emptyLines = parser.info.empty_lines;
    return names;
  }

  private onRecord(mode: ParseMode, record: Record<string, string>, context: InfoRecord): void {
    const line = this.startLine(context.empty_lines);
    this.finishRow(line, mode.base + context.bytes, { ok: true, value: coerceRecord(record, this.fields) });
  }

  private onSkip(mode: ParseMode, error: CsvError): void {
    // A broken header names no columns: csv-parse would go on with a mangled header and drop
    // the first data row unreported, so the file is refused instead (thrown out of the parser).
    if (isHeaderError(error)) throw CsvHeaderError.invalid(describeCsvError(error), firstVisibleByte(this.window.bytesFrom(0)));
    const place = errorPlace(error);
    // A row already reported for a stray quote is also counted for its columns at its end.
    if (mode.base + place.bytes <= this.rowStart && error.code === "CSV_RECORD_INCONSISTENT_COLUMNS") return;
    const empty = place.emptyLines - this.emptyLines;
    const line = this.startLine(place.emptyLines);
    switch (error.code) {
      case "CSV_RECORD_INCONSISTENT_COLUMNS":
      case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
        // Reported at the row's end: `bytes` is where the next row starts.
        this.finishRow(line, mode.base + place.bytes, { ok: false, error: describeCsvError(error) });
        return;
      case "INVALID_OPENING_QUOTE": {
        // csv-parse stays out of quotes after this one: when no other quote follows on its line,
        // the row ends with the line and the parser can go on.
        const end = this.plainRowEnd(findBadQuote(this.window, this.fieldStart(mode, place, empty)));
        if (end !== undefined) return this.finishRow(line, end, { ok: false, error: describeCsvError(error) });
        break; // another quote on the line: restarted as for any bad quote
      }
      case "CSV_QUOTE_NOT_CLOSED": {
        const opened = this.lines.lineOf(this.fieldStart(mode, place, empty));
        const reason = opened === line ? "a quoted field is not closed" : `a quoted field opened on line ${opened} is not closed`;
        this.mode = { kind: "rest", line, reason };
        return;
      }
    }
    const quote = findBadQuote(this.window, this.fieldStart(mode, place, empty));
    this.mode = { kind: "skip", line, quote, error: describeCsvError(error) };
    throw new BadQuote();
  }

  /**
   * Where a row that csv-parse reads out of quotes from `from` on ends: past the line break after
   * `from`, if no quote comes before it and it is the break that ends rows; `undefined` otherwise.
   */
  private plainRowEnd(from: number): number | undefined {
    const end = lineBreakEnd(this.window, from, false);
    if (end === undefined || this.window.indexOf(QUOTE, from + 1, end) !== -1) return undefined;
    const lf = this.window.byteAt(end - 1) === LF;
    const crlf = lf && this.window.byteAt(end - 2) === CR;
    const delimiter = this.recordDelimiter?.length === 1 ? this.recordDelimiter[0]!.toString("latin1") : undefined;
    // An LF ends the row in a file of LF or CR LF rows; a lone CR only in a file of CR rows.
    return (lf && (delimiter === "\n" || (crlf && delimiter === "\r\n"))) || (!lf && delimiter === "\r") ? end : undefined;
  }

  /** The line where the row being reported starts: past the empty lines csv-parse skipped before it. */
  private startLine(emptyLines: number): number {
    const line = this.lines.lineOf(this.rowStart) + emptyLines - this.emptyLines;
    this.emptyLines = emptyLines;
    return line;
  }

  /**
   * Where the field csv-parse failed in starts: after the row's last comma, or where the row
   * does, past the `empty` lines skipped before it (each one row delimiter).
   */
  private fieldStart(mode: ParseMode, place: ErrorPlace, empty: number): number {
    return place.index > 0 ? mode.base + place.bytes + 1 : this.rowStart + empty * (this.recordDelimiter?.[0]?.length ?? 1);
  }

  /**
   * Reports the row from `rowStart` to `end` (just past its line break), which starts at `line`:
   * as `result` says, or as a bad row when its bytes are not UTF-8. A bad row of several lines
   * says which, so that every line is accounted for.
   */
  private finishRow(line: number, end: number, result: RowResult): void {
    let row = result;
    const bad = this.utf8.firstIn(this.rowStart, end);
    if (bad !== undefined) {
      const badLine = this.lines.lineOf(Math.max(bad.lineStart, this.rowStart));
      row = { ok: false, error: `line ${badLine} is not valid UTF-8 (${describeBadByte(bad)})` };
    }
    const last = this.lines.lineOf(end) - (isLineBreak(this.window.byteAt(end - 1)) ? 1 : 0);
    if (!row.ok && last > line) row = { ok: false, error: `${row.error}; the row spans lines ${line} to ${last}` };
    this.rows.push(row.ok ? { ok: true, line, value: row.value } : { ok: false, line, error: row.error });
    this.rowStart = end;
    this.window.dropBefore(end);
  }
}

function writeTo(parser: Parser, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    parser.write(bytes, (error) => (error ? reject(error) : resolve()));
  });
}

async function endOf(parser: Parser): Promise<void> {
  parser.end();
  await finished(parser, { readable: false });
}

function describeSize(bytes: number): string {
  return bytes % MIB === 0 ? `${bytes / MIB} MiB` : `${bytes} bytes`;
}

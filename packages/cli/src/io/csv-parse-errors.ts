/**
 * Reading csv-parse's errors: where the parser was when it refused a row, whether the row was
 * the header, and why it was refused, in words for the user.
 */
import type { CsvError } from "csv-parse";

/** Where csv-parse was when it refused a row (the properties it copies onto its errors). */
export interface ErrorPlace {
  /** The parser's offset of the row's last comma, or of the end of the previous row. */
  readonly bytes: number;
  /** How many fields of the row were read before the failing one. */
  readonly index: number;
  /** How many empty lines the parser has skipped so far. */
  readonly emptyLines: number;
}

export function errorPlace(error: CsvError): ErrorPlace {
  const number = (value: unknown) => (typeof value === "number" ? value : 0);
  return { bytes: number(error.bytes), index: number(error.index), emptyLines: number(error.empty_lines) };
}

export function isHeaderError(error: CsvError): boolean {
  return (error as { header?: unknown }).header === true;
}

export function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
    case "CSV_RECORD_INCONSISTENT_COLUMNS":
      return "wrong number of columns";
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted field is not closed";
    case "CSV_INVALID_CLOSING_QUOTE":
      return 'a closing quote is followed by text; a quote inside a quoted field is written ""';
    case "INVALID_OPENING_QUOTE":
      return "a quote appears inside an unquoted field";
    default:
      return error.message.replace(/^Invalid [A-Za-z ]+: /, "").replace(/\.$/, "");
  }
}

/** The error thrown when a CSV record file's header row does not name usable columns. */

/**
 * The first row of a CSV record file does not name usable columns (it is not valid CSV or not
 * UTF-8, has no `id` column or repeats a name), so none of its rows can be read. `message` says
 * why, and suggests NDJSON when the file starts with `{` or `[`.
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

  /** A header row that is not UTF-8 (`detail` names the byte); the file's first two bytes tell UTF-16. */
  static notUtf8(detail: string, first: number, second: number): CsvHeaderError {
    const utf16 = (first === 0xff && second === 0xfe) || (first === 0xfe && second === 0xff);
    return new CsvHeaderError(`its header row is not valid UTF-8 (${detail})` + (utf16 ? "; it looks like UTF-16: save the file as UTF-8" : ""));
  }
}

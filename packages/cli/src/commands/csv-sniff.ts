/**
 * Tells a CSV file given where NDJSON is expected (`customers.csv` saved as `customers.ndjson`):
 * every line of it would be quarantined as "not valid JSON" and the run would end with exit 0 and
 * nobody enrolled, so `run` and `worker` refuse such a file up front with one line.
 */
import { open } from "node:fs/promises";
import { CliError, EXIT_USAGE } from "../context.js";

/** Enough of the file to hold any plausible header row. */
const SNIFF_BYTES = 64 * 1024;

/** A header cell: a column name such as `id`, `email`, `last seen`, `가입일`. */
const CELL = /^[\p{L}\p{N}_ .-]+$/u;

/**
 * The first line of the file when it reads as a CSV header row (two or more bare column names
 * separated by commas, semicolons or tabs, and no JSON punctuation); `undefined` otherwise, and
 * when the file cannot be read (the caller's reading reports that).
 *
 * @example
 * ```ts
 * await csvHeaderOf("customers.ndjson"); // "id,email,orders" when the file is CSV
 * ```
 */
export async function csvHeaderOf(path: string): Promise<string | undefined> {
  let text: string;
  try {
    const handle = await open(path, "r");
    try {
      const buffer = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
      text = buffer.toString("utf8", 0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  const first = text
    .replace(/^\uFEFF/, "")
    .split("\n")
    .map((line) => line.replace(/\r$/, ""))
    .find((line) => line.trim() !== "");
  if (first === undefined) return undefined;
  const separator = [",", ";", "\t"].find((s) => first.includes(s));
  if (separator === undefined) return undefined;
  const cells = first.split(separator).map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"));
  return cells.length >= 2 && cells.every((cell) => CELL.test(cell)) ? first : undefined;
}

/**
 * Throws a one-line `CliError` (exit 2) when a file read as NDJSON looks like CSV.
 *
 * @example
 * ```ts
 * await refuseCsvAsNdjson(path, "customers.ndjson", "record");
 * ```
 */
export async function refuseCsvAsNdjson(path: string, file: string, kind: "record" | "event"): Promise<void> {
  const header = await csvHeaderOf(path);
  if (header === undefined) return;
  const shown = header.length > 60 ? `${header.slice(0, 57)}...` : header;
  const fix = kind === "record" ? "name it .csv, or write one JSON object per line" : "events must be one JSON object per line";
  throw new CliError(`The ${kind} file "${file}" looks like CSV, not NDJSON (its first line is "${shown}"): ${fix}.`, EXIT_USAGE);
}

/**
 * `journey run <file> --records <file> [--events <file>]`: simulate a journey on recorded data
 * with a virtual clock, through the real runtime, and print a funnel report.
 */
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { Option, type Command } from "commander";
import { CliError, EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE, useColor, type CliContext, type ExitCode } from "../context.js";
import { CsvHeaderError } from "../io/csv.js";
import { describeIoError, describeWriteError, displayPath } from "../io/paths.js";
import { createProgress } from "../io/progress.js";
import { buildRunReport, renderJsonReport } from "../report/funnel-json.js";
import { renderPrettyReport } from "../report/funnel-pretty.js";
import { TraceWriter } from "../report/trace.js";
import { simulate, type QuarantinedInput } from "../run/simulate.js";
import { isoTime, parseDate, parseUntil } from "../run/time.js";
import { refuseCsvAsNdjson } from "./csv-sniff.js";
import { compileOrReport, readSource, refuseToOverwrite } from "./shared.js";

export const REPORT_FORMATS = ["pretty", "json"] as const;

/** At most this many quarantined inputs are printed as they happen; the report counts them all. */
const MAX_PRINTED_PROBLEMS = 20;

/** Options of `journey run`. */
export interface RunOptions {
  readonly records: string;
  readonly events?: string;
  readonly until?: string;
  readonly start?: string;
  readonly report: (typeof REPORT_FORMATS)[number];
  readonly trace?: string;
}

interface InputFile {
  readonly path: string;
  readonly file: string;
  readonly size: number;
}

/**
 * Simulates a journey and prints the report. Exit 1 when the journey has errors, 2 for a usage
 * or I/O problem; bad input lines are quarantined, reported and do not change the exit code.
 *
 * @example
 * ```ts
 * await runRun("shop.journey", { records: "customers.csv", events: "events.ndjson", report: "pretty" }, ctx);
 * ```
 */
export async function runRun(fileArg: string, options: RunOptions, ctx: CliContext): Promise<ExitCode> {
  const until = options.until === undefined ? undefined : parseUntil(options.until);
  if (options.until !== undefined && until === undefined) {
    throw new CliError(`Invalid --until "${options.until}": use a duration such as 90d, 12h, 2w (at most 100 years), or an ISO date such as 2026-04-01 or 2026-04-01T12:00:00Z${offsetHint(options.until)}.`);
  }
  const start = options.start === undefined ? undefined : parseDate(options.start.trim());
  if (options.start !== undefined && start === undefined) {
    throw new CliError(`Invalid --start "${options.start}": use an ISO date such as 2026-01-05 or 2026-01-05T09:00:00Z${offsetHint(options.start)}.`);
  }
  if (start !== undefined && until?.kind === "at" && until.at <= start) {
    throw new CliError(`--until ${options.until} is not after --start ${options.start}: the simulation would not run at all.`);
  }
  const source = await readSource(fileArg, ctx);
  const records = await inputFile(options.records, "record", ctx);
  const recordFormat = recordFormatOf(records.file);
  const events = options.events === undefined ? undefined : await inputFile(options.events, "event", ctx);
  if (events && extname(events.file).toLowerCase() === ".csv") {
    throw new CliError(`The event file "${events.file}" must be NDJSON (one JSON event per line), not CSV.`);
  }

  if (recordFormat === "ndjson") await refuseCsvAsNdjson(records.path, records.file, "record");
  if (events) await refuseCsvAsNdjson(events.path, events.file, "event");

  const compiled = compileOrReport(source, ctx, "run");
  if (!compiled?.ir) return EXIT_DIAGNOSTICS;
  const ir = compiled.ir;

  const tracePath = options.trace === undefined ? undefined : resolve(ctx.cwd, options.trace);
  const traceFile = tracePath === undefined ? "" : displayPath(tracePath, ctx.cwd);
  if (tracePath !== undefined) {
    const inputs = [
      { path: source.path, what: "the journey file" },
      { path: records.path, what: "the record file" },
      ...(events ? [{ path: events.path, what: "the event file" }] : []),
    ];
    await refuseToOverwrite(tracePath, traceFile, inputs, "--trace");
  }
  const trace = tracePath === undefined ? undefined : new TraceWriter(tracePath);
  await trace?.ready().catch((error: unknown) => {
    throw asIoError(error, ctx, traceFile);
  });
  const progress = createProgress(ctx, records.size + (events?.size ?? 0));
  let printed = 0;
  const onQuarantine = (q: QuarantinedInput) => {
    if (printed < MAX_PRINTED_PROBLEMS) progress.log(`warning: ${q.file}:${q.line}: ${q.reason} (quarantined)\n`);
    else if (printed === MAX_PRINTED_PROBLEMS) progress.log("warning: more inputs were quarantined; the report counts them all\n");
    printed++;
  };

  let result;
  try {
    result = await simulate({
      ir,
      records: { path: records.path, file: records.file, format: recordFormat },
      ...(events ? { events: { path: events.path, file: events.file } } : {}),
      ...(until ? { until } : {}),
      ...(start !== undefined ? { start } : {}),
      onQuarantine,
      onBytes: (bytes) => progress.update(bytes),
      ...(trace ? { onHistory: (rows) => trace.write(rows), drain: () => trace.drain() } : {}),
    });
    await trace?.close();
  } catch (error) {
    // What the trace holds so far is written out (the rows since the last batch included).
    await trace?.close().catch(() => undefined);
    if (error instanceof CsvHeaderError) throw new CliError(`Cannot read the record file "${records.file}": ${error.message}.`, EXIT_USAGE);
    throw asIoError(error, ctx, traceFile);
  } finally {
    progress.stop();
  }

  if (until?.kind === "at" && until.at < result.start) {
    // With --start this is refused up front; the first event's time is known only now.
    ctx.stderr.write(`warning: --until ${options.until} is before the start of the simulation (${isoTime(result.start)}, the first event's time): nothing was simulated.\n`);
  }
  const report = buildRunReport(ir, result, {
    journey: source.file,
    records: records.file,
    ...(events ? { events: events.file } : {}),
  });
  ctx.stdout.write(options.report === "json" ? renderJsonReport(report) : renderPrettyReport(report, { color: useColor(ctx.env, ctx.stdout) }));
  if (trace) ctx.stderr.write(`Wrote ${trace.lines} trace lines to ${traceFile}.\n`);
  return EXIT_OK;
}

/** Why a date-time that looks right is refused: without `Z` or an offset it has no time zone. */
function offsetHint(text: string): string {
  return /^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*$/.test(text) ? " (a date-time needs Z or an offset such as +09:00)" : "";
}

async function inputFile(arg: string, kind: "record" | "event", ctx: CliContext): Promise<InputFile> {
  const path = resolve(ctx.cwd, arg);
  const file = displayPath(path, ctx.cwd);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new CliError(`Cannot read the ${kind} file: ${describeIoError(error as NodeJS.ErrnoException, file)}`, EXIT_USAGE);
  }
  if (info.isDirectory()) throw new CliError(`The ${kind} file "${file}" is a folder.`, EXIT_USAGE);
  await access(path, constants.R_OK).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`Cannot read the ${kind} file: ${describeIoError(error, file)}`, EXIT_USAGE);
  });
  return { path, file, size: info.size };
}

function recordFormatOf(file: string): "ndjson" | "csv" {
  const ext = extname(file).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".ndjson" || ext === ".jsonl") return "ndjson";
  throw new CliError(`Cannot tell the format of the record file "${file}": name it .ndjson, .jsonl or .csv.`, EXIT_USAGE);
}

/** File-system errors met while streaming become one-line `CliError`s; anything else is rethrown. */
function asIoError(error: unknown, ctx: CliContext, traceFile: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (error instanceof Error && typeof e.code === "string" && e.code.startsWith("E")) {
    const file = typeof e.path === "string" ? displayPath(resolve(ctx.cwd, e.path), ctx.cwd) : traceFile;
    return new CliError(file === traceFile ? describeWriteError(e, file) : describeIoError(e, file), EXIT_USAGE);
  }
  return error;
}

/** Adds `run` to the program. */
export function registerRun(program: Command, ctx: CliContext, done: (code: ExitCode) => void): void {
  program
    .command("run")
    .description("Simulate a journey on a record file and an event file with a virtual clock; print a funnel report.")
    .argument("<file>", "the .journey file")
    .requiredOption("--records <file>", "customer records: .ndjson / .jsonl (one JSON object per line) or .csv (header row)")
    .option("--events <file>", "events, NDJSON in time order: {id, customer, type, at, properties}")
    .option("--until <when>", "stop time: a duration after the start (90d, 12h, 2w) or an ISO date (default: last event + the journey's longest timer)")
    .option("--start <date>", "clock start, when records are applied (default: the first event's time, or now without events)")
    .addOption(new Option("--report <format>", "report format").choices(REPORT_FORMATS).default("pretty"))
    .option("--trace <file>", "write one JSON line per enter / exit / action (with time, customer, stage, reason)")
    .addHelpText(
      "after",
      `
Examples:
  $ journey run shop.journey --records customers.ndjson --events events.ndjson
  $ journey run shop.journey --records customers.csv --events events.ndjson --until 90d --report json
  $ journey run shop.journey --records customers.csv --until 2026-06-30 --trace trace.ndjson

Event lines look like:
  {"id":"e1","customer":"c001","type":"cart_abandoned","at":"2026-01-06T12:00:00Z","properties":{"value":80}}
Bad lines, invalid records and events, and events out of time order are quarantined: each is
reported with its line number, the run goes on, and the report counts them.`,
    )
    .action(async (file: string, options: RunOptions) => done(await runRun(file, options, ctx)));
}

/**
 * `journey worker <files…> --database-url <url>`: run a durable worker on PostgreSQL
 * (`startWorker()` of `@journeys/store-sql`): it applies queued inputs, fires due timers and
 * delivers actions, sharing the work with every other worker on the same database.
 */
import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Command } from "commander";
import type { JourneyIR } from "@journeys/dsl";
import type { ActionDelivery, ActionHandler, Json, QuarantineRow } from "@journeys/runtime";
import { CliError, EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE, type CliContext, type ExitCode } from "../context.js";
import { CsvHeaderError, readCsv, type CsvRow } from "../io/csv.js";
import { readNdjson, type NdjsonLine } from "../io/ndjson.js";
import { describeIoError, displayPath, resolveJourneyPaths } from "../io/paths.js";
import { describeIssues, parseEventLine, splitRecord } from "../run/inputs.js";
import { parseDate } from "../run/time.js";
import { refuseCsvAsNdjson } from "./csv-sniff.js";
import { compileOrReport, readSource } from "./shared.js";

/** Inputs are queued in batches of this many. */
const ENQUEUE_BATCH = 500;

/** Options of `journey worker`. */
export interface WorkerCommandOptions {
  readonly databaseUrl?: string;
  readonly handlers?: string;
  readonly concurrency?: string;
  readonly records?: string;
  readonly events?: string;
}

/**
 * Starts a worker for the given journeys and resolves when it has stopped (SIGTERM / SIGINT, or
 * stdout closed under the printer). Without `--handlers`, every delivery is printed to stdout as
 * one JSON line; with it, the module must handle every channel the journeys use.
 *
 * @example
 * ```ts
 * await runWorker(["shop.journey"], { databaseUrl: "postgres://localhost/journeys" }, ctx);
 * ```
 */
export async function runWorker(paths: readonly string[], options: WorkerCommandOptions, ctx: CliContext): Promise<ExitCode> {
  const databaseUrl = options.databaseUrl ?? ctx.env.DATABASE_URL;
  if (databaseUrl === undefined || databaseUrl === "") {
    throw new CliError("No database: pass --database-url postgres://… or set DATABASE_URL.");
  }
  const concurrency = options.concurrency === undefined ? undefined : Number(options.concurrency);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
    throw new CliError(`Invalid --concurrency "${options.concurrency}": use a positive whole number.`);
  }
  const { files, problems } = await resolveJourneyPaths(paths, ctx.cwd);
  if (problems.length > 0) throw new CliError(problems[0]!);
  const journeys: JourneyIR[] = [];
  for (const path of files) {
    const compiled = compileOrReport(await readSource(path, ctx), ctx, "run");
    if (!compiled?.ir) return EXIT_DIAGNOSTICS;
    journeys.push(compiled.ir);
  }

  const channels = channelsOf(journeys);
  let handlers: Record<string, ActionHandler>;
  // Set when stdout is closed under the printer: the worker then stops instead of dying mid-job.
  let outputClosed: (() => void) | undefined;
  const printer = options.handlers === undefined ? createPrinter(ctx, () => outputClosed?.()) : undefined;
  if (printer === undefined) {
    // Only the module's handlers: a channel it lacks must stop the worker, never be printed and
    // marked as sent.
    handlers = await loadHandlers(options.handlers!, ctx);
    const missing = [...channels].filter((c) => !Object.hasOwn(handlers, c));
    if (missing.length > 0) {
      throw new CliError(
        `The handlers module "${displayPath(resolve(ctx.cwd, options.handlers!), ctx.cwd)}" has no handler for ${missing.map((c) => `"${c}"`).join(", ")}, used by the journeys: add ${missing.length === 1 ? "it" : "them"}, or drop --handlers to print deliveries.`,
      );
    }
  } else {
    handlers = {};
    for (const channel of channels) handlers[channel] = printer.handler;
  }

  // An input file that cannot be queued is known before connecting: say so before any work.
  if (options.records !== undefined) await checkInputFile(options.records, "record", ctx);
  if (options.events !== undefined) await checkInputFile(options.events, "event", ctx);

  const storeSql = await import("@journeys/store-sql");
  let worker: Awaited<ReturnType<typeof storeSql.startWorker>>;
  try {
    worker = await storeSql.startWorker({
      databaseUrl,
      journeys,
      handlers,
      ...(concurrency !== undefined ? { concurrency } : {}),
      onError: (error) => ctx.stderr.write(`warning: ${error instanceof Error ? error.message : String(error)}\n`),
    });
  } catch (error) {
    printer?.release();
    const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
    if (name === "DatabaseUnavailableError" || name === "InvalidWorkerOptionsError" || code === "MISSING_HANDLER") throw new CliError((error as Error).message);
    throw error;
  }
  outputClosed = () => {
    ctx.stderr.write("journey worker: stdout was closed; stopping (undelivered actions will be retried).\n");
    void worker.stop().catch(() => {});
  };
  // The pipe may have closed under a delivery made before this line was reached.
  if (printer?.closed) outputClosed();
  const names = journeys.map((j) => `"${j.journey.name}" v${j.journey.version}`).join(", ");
  ctx.stderr.write(`journey worker: running ${names} on ${storeSql.redact(databaseUrl)} (Ctrl-C to stop).\n`);
  const totals: QueueCounts[] = [];
  const quarantine = (row: QuarantineRow) => worker.store.addQuarantine(row);
  try {
    if (options.records !== undefined) totals.push(await enqueueFile(options.records, "record", journeys, { enqueue: (inputs) => worker.enqueue(inputs), quarantine }, ctx));
    if (options.events !== undefined) totals.push(await enqueueFile(options.events, "event", journeys, { enqueue: (inputs) => worker.enqueue(inputs), quarantine }, ctx));
  } catch (error) {
    await worker.stop();
    printer?.release();
    throw error;
  }
  await worker.stopped;
  printer?.release();
  ctx.stderr.write(`journey worker: stopped.${totals.map(summary).join("")}\n`);
  return EXIT_OK;
}

interface Printer {
  /** The default handler: one JSON line per delivery on stdout. */
  readonly handler: ActionHandler;
  /** Gives stdout's error handling back to the binary. */
  release(): void;
  /** True once stdout reported EPIPE. */
  readonly closed: boolean;
}

/** What Node's stdout offers beyond {@link CliContext}'s `Output`: a write callback and events. */
interface WritableOutput {
  write(text: string, callback: (error?: Error | null) => void): boolean;
  listeners(event: "error"): ((error: Error) => void)[];
  removeListener(event: "error", listener: (error: Error) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
}

function isWritable(output: CliContext["stdout"]): output is CliContext["stdout"] & WritableOutput {
  const o = output as unknown as Partial<WritableOutput>;
  return typeof o.listeners === "function" && typeof o.removeListener === "function" && typeof o.on === "function";
}

/**
 * The default handler, for a log or a pipe. A delivery resolves only once its line is written,
 * so an action is settled as sent only after its output left the process; a failed write rejects
 * (the action is retried). A closed pipe (EPIPE) would make the binary exit on the spot, in the
 * middle of jobs: while the worker runs, stdout's errors come here and EPIPE stops it gracefully.
 */
function createPrinter(ctx: CliContext, onClosed: () => void): Printer {
  const out = ctx.stdout;
  if (!isWritable(out)) {
    return { handler: (d) => out.write(`${JSON.stringify(deliveryLine(d))}\n`), release: () => {}, closed: false };
  }
  const previous = out.listeners("error");
  let closed = false;
  const onError = (error: Error) => {
    if ((error as NodeJS.ErrnoException).code === "EPIPE") {
      if (!closed) onClosed();
      closed = true;
      return;
    }
    for (const listener of previous) listener(error);
  };
  for (const listener of previous) out.removeListener("error", listener);
  out.on("error", onError);
  let released = false;
  return {
    handler: (d: ActionDelivery) =>
      new Promise<void>((resolvePromise, reject) => {
        if (closed) {
          reject(new Error("stdout is closed"));
          return;
        }
        out.write(`${JSON.stringify(deliveryLine(d))}\n`, (error) => (error ? reject(error) : resolvePromise()));
      }),
    get closed() {
      return closed;
    },
    release() {
      if (released) return;
      released = true;
      out.removeListener("error", onError);
      for (const listener of previous) out.on("error", listener);
    },
  };
}

function deliveryLine(d: ActionDelivery): Record<string, unknown> {
  return {
    kind: d.kind,
    channel: d.channel,
    template: d.template,
    customer: d.customer.id,
    journey: d.journey.id,
    stage: d.stage,
    data: d.data,
    idempotencyKey: d.idempotencyKey,
    attempt: d.attempt,
  };
}

function channelsOf(journeys: readonly JourneyIR[]): Set<string> {
  const channels = new Set<string>();
  for (const ir of journeys) for (const channel of ir.channels) channels.add(channel);
  return channels;
}

/** Imports a handler module: its default export (or `handlers`) maps channels to functions. */
async function loadHandlers(arg: string, ctx: CliContext): Promise<Record<string, ActionHandler>> {
  const path = resolve(ctx.cwd, arg);
  const file = displayPath(path, ctx.cwd);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "ENOENT") throw new CliError(`File not found: "${file}".`, EXIT_USAGE);
    throw new CliError(`Cannot load the handlers module "${file}": ${error instanceof Error ? error.message : String(error)}`, EXIT_USAGE);
  }
  const exported = (mod.default ?? mod.handlers) as unknown;
  if (exported === null || typeof exported !== "object") {
    throw new CliError(`The handlers module "${file}" must export an object of functions (default export or "handlers").`);
  }
  const handlers: Record<string, ActionHandler> = {};
  for (const [channel, fn] of Object.entries(exported)) {
    if (typeof fn !== "function") throw new CliError(`The handler for "${channel}" in "${file}" is not a function.`);
    handlers[channel] = fn as ActionHandler;
  }
  return handlers;
}

/** What became of one input file's lines. */
interface QueueCounts {
  readonly kind: "record" | "event";
  readonly file: string;
  queued: number;
  /** Lines that are JSON but not a record or event: kept in the store's quarantine. */
  quarantined: number;
  /** Lines that are not JSON (or not a CSV row): reported with file:line only. */
  unreadable: number;
}

interface InputSink {
  enqueue(inputs: unknown[]): Promise<void>;
  quarantine(row: QuarantineRow): Promise<void>;
}

function summary(c: QueueCounts): string {
  return ` ${c.file}: ${c.queued} ${c.kind}${c.queued === 1 ? "" : "s"} queued, ${c.quarantined} quarantined, ${c.unreadable} unreadable.`;
}

/**
 * Streams a record or event file (the formats of `journey run`) into the worker's input queue.
 * A line that parses but is not a valid record or event goes to the store's quarantine with its
 * file:line, as `runtime.ingest` does with an invalid input; a line that does not parse is
 * counted and reported.
 */
async function enqueueFile(arg: string, kind: "record" | "event", journeys: readonly JourneyIR[], sink: InputSink, ctx: CliContext): Promise<QueueCounts> {
  const path = resolve(ctx.cwd, arg);
  const file = displayPath(path, ctx.cwd);
  const fields = Object.assign({}, ...journeys.map((j) => j.customer)) as JourneyIR["customer"];
  const csv = kind === "record" && file.toLowerCase().endsWith(".csv");
  const lines: AsyncIterable<NdjsonLine | CsvRow> = csv ? readCsv(path, { fields }) : readNdjson(path);
  const counts: QueueCounts = { kind, file, queued: 0, quarantined: 0, unreadable: 0 };
  let batch: unknown[] = [];
  try {
    for await (const line of lines) {
      if (!line.ok) {
        counts.unreadable++;
        ctx.stderr.write(`warning: ${file}:${line.line}: ${line.error} (unreadable, not queued)\n`);
        continue;
      }
      const input = toInput(kind, line.value, file, line.line);
      if (!input.ok) {
        counts.quarantined++;
        const message = `${file}:${line.line}: ${input.error}`;
        await sink.quarantine({
          id: randomUUID(),
          receivedAt: Date.now(),
          input: toJson(line.value),
          error: { code: "INVALID_INPUT", message, issues: [{ path: "", message: input.error }] },
        });
        ctx.stderr.write(`warning: ${message} (quarantined)\n`);
        continue;
      }
      batch.push(input.input);
      if (batch.length >= ENQUEUE_BATCH) {
        await sink.enqueue(batch);
        counts.queued += batch.length;
        batch = [];
      }
    }
  } catch (error) {
    if (error instanceof CsvHeaderError) throw new CliError(`Cannot read the record file "${file}": ${error.message}.`);
    const e = error as NodeJS.ErrnoException;
    if (typeof e.code === "string" && e.code.startsWith("E")) throw new CliError(describeIoError(e, file));
    throw error;
  }
  if (batch.length > 0) await sink.enqueue(batch);
  counts.queued += batch.length;
  const skipped = counts.quarantined + counts.unreadable > 0 ? ` (${counts.quarantined} quarantined, ${counts.unreadable} unreadable)` : "";
  ctx.stderr.write(`journey worker: queued ${counts.queued} ${kind}${counts.queued === 1 ? "" : "s"} from ${file}${skipped}.\n`);
  return counts;
}

/** The checks `journey run` makes of an input file: it exists, is a file, and is in a known format. */
async function checkInputFile(arg: string, kind: "record" | "event", ctx: CliContext): Promise<void> {
  const path = resolve(ctx.cwd, arg);
  const file = displayPath(path, ctx.cwd);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`Cannot read the ${kind} file: ${describeIoError(error, file)}`);
  });
  if (info.isDirectory()) throw new CliError(`The ${kind} file "${file}" is a folder.`);
  await access(path, constants.R_OK).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`Cannot read the ${kind} file: ${describeIoError(error, file)}`);
  });
  const ext = extname(file).toLowerCase();
  if (kind === "event" && ext === ".csv") throw new CliError(`The event file "${file}" must be NDJSON (one JSON event per line), not CSV.`);
  if (kind === "record" && ext !== ".csv" && ext !== ".ndjson" && ext !== ".jsonl") {
    throw new CliError(`Cannot tell the format of the record file "${file}": name it .ndjson, .jsonl or .csv.`);
  }
  if (ext !== ".csv") await refuseCsvAsNdjson(path, file, kind);
}

/** A parsed line as JSON for the quarantine (CSV rows may hold values JSON cannot, e.g. NaN). */
function toJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value ?? null)) as Json;
}

function toInput(kind: "record" | "event", value: unknown, file: string, line: number): { ok: true; input: Record<string, unknown> } | { ok: false; error: string } {
  if (kind === "record") {
    const record = splitRecord(value);
    return record.ok ? { ok: true, input: { kind: "record", customerId: record.id, record: record.fields } } : record;
  }
  const parsed = parseEventLine(value);
  if (!parsed.success) return { ok: false, error: `event ${describeIssues(parsed.error, value)}` };
  const e = parsed.data;
  // The queue needs an id to apply each event once. Without one, the rule of `journey run`: the
  // event's place in its file, so queuing the file again is idempotent and no two lines collide.
  return { ok: true, input: { kind: "event", id: e.id ?? `${file}:${line}`, customerId: e.customer, type: e.type, at: parseDate(e.at), properties: e.properties ?? {} } };
}

/** Adds `worker` to the program. */
export function registerWorker(program: Command, ctx: CliContext, done: (code: ExitCode) => void): void {
  program
    .command("worker")
    .description("Run a durable worker on PostgreSQL: apply queued inputs, fire timers, deliver actions.")
    .argument("<files...>", "the journeys to run (files, folders or globs)")
    .option("--database-url <url>", "PostgreSQL URL shared by every worker (default: $DATABASE_URL)")
    .option("--handlers <module>", "ES module whose default export maps channels to handler functions (default: print deliveries as JSON lines)")
    .option("--concurrency <n>", "jobs handled at once per queue in this process (default 4)")
    .option("--records <file>", "queue the customer records of this file (.ndjson / .jsonl / .csv) on start")
    .option("--events <file>", "queue the events of this NDJSON file on start")
    .addHelpText(
      "after",
      `
Examples:
  $ journey worker shop.journey --database-url postgres://journeys@db:5432/journeys
  $ DATABASE_URL=postgres://… journey worker journeys/ --handlers ./handlers.mjs --concurrency 8
  $ journey worker shop.journey --events backfill.ndjson   # queue a file, then keep working

Run as many workers as you like on one database; SIGTERM or Ctrl-C stops one gracefully.`,
    )
    .action(async (files: string[], options: WorkerCommandOptions) => done(await runWorker(files, options, ctx)));
}

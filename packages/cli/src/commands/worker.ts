/**
 * `journey worker <files…> --database-url <url>`: run a durable worker on PostgreSQL
 * (`startWorker()` of `@journeys/store-sql`): it applies queued inputs, fires due timers and
 * delivers actions, sharing the work with every other worker on the same database.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Command } from "commander";
import type { JourneyIR } from "@journeys/dsl";
import type { ActionDelivery, ActionHandler } from "@journeys/runtime";
import { CliError, EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE, type CliContext, type ExitCode } from "../context.js";
import { readCsv, type CsvRow } from "../io/csv.js";
import { readNdjson, type NdjsonLine } from "../io/ndjson.js";
import { describeIoError, displayPath, resolveJourneyPaths } from "../io/paths.js";
import { describeIssues, parseEventLine, splitRecord } from "../run/inputs.js";
import { parseDate } from "../run/time.js";
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
 * Starts a worker for the given journeys and resolves when it has stopped (SIGTERM / SIGINT).
 * Without `--handlers`, every delivery is printed to stdout as one JSON line.
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

  const handlers: Record<string, ActionHandler> = {};
  for (const channel of channelsOf(journeys)) handlers[channel] = printDelivery(ctx);
  if (options.handlers !== undefined) Object.assign(handlers, await loadHandlers(options.handlers, ctx));

  const storeSql = await import("@journeys/store-sql");
  let worker;
  try {
    worker = await storeSql.startWorker({
      databaseUrl,
      journeys,
      handlers,
      ...(concurrency !== undefined ? { concurrency } : {}),
      onError: (error) => ctx.stderr.write(`warning: ${error instanceof Error ? error.message : String(error)}\n`),
    });
  } catch (error) {
    const name = (error as { name?: unknown })?.name;
    if (name === "DatabaseUnavailableError" || name === "InvalidWorkerOptionsError") throw new CliError((error as Error).message);
    throw error;
  }
  const names = journeys.map((j) => `"${j.journey.name}" v${j.journey.version}`).join(", ");
  ctx.stderr.write(`journey worker: running ${names} on ${storeSql.redact(databaseUrl)} (Ctrl-C to stop).\n`);
  try {
    if (options.records !== undefined) await enqueueFile(options.records, "record", journeys, (inputs) => worker.enqueue(inputs), ctx);
    if (options.events !== undefined) await enqueueFile(options.events, "event", journeys, (inputs) => worker.enqueue(inputs), ctx);
  } catch (error) {
    await worker.stop();
    throw error;
  }
  await worker.stopped;
  ctx.stderr.write("journey worker: stopped.\n");
  return EXIT_OK;
}

/** The default handler: one JSON line per delivery on stdout, for a log or a pipe. */
function printDelivery(ctx: CliContext): ActionHandler {
  return (d: ActionDelivery) => {
    const line = {
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
    ctx.stdout.write(`${JSON.stringify(line)}\n`);
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

/** Streams a record or event file (the formats of `journey run`) into the worker's input queue. */
async function enqueueFile(
  arg: string,
  kind: "record" | "event",
  journeys: readonly JourneyIR[],
  enqueue: (inputs: unknown[]) => Promise<void>,
  ctx: CliContext,
): Promise<void> {
  const path = resolve(ctx.cwd, arg);
  const file = displayPath(path, ctx.cwd);
  const fields = Object.assign({}, ...journeys.map((j) => j.customer)) as JourneyIR["customer"];
  const lines: AsyncIterable<NdjsonLine | CsvRow> = kind === "record" && file.toLowerCase().endsWith(".csv") ? readCsv(path, { fields }) : readNdjson(path);
  let batch: unknown[] = [];
  let queued = 0;
  try {
    for await (const line of lines) {
      const input = line.ok ? toInput(kind, line.value) : { error: line.error };
      if ("error" in input) {
        ctx.stderr.write(`warning: ${file}:${line.line}: ${input.error} (not queued)\n`);
        continue;
      }
      batch.push(input);
      if (batch.length >= ENQUEUE_BATCH) {
        await enqueue(batch);
        queued += batch.length;
        batch = [];
      }
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (typeof e.code === "string" && e.code.startsWith("E")) throw new CliError(describeIoError(e, file));
    throw error;
  }
  if (batch.length > 0) await enqueue(batch);
  queued += batch.length;
  ctx.stderr.write(`journey worker: queued ${queued} ${kind}${queued === 1 ? "" : "s"} from ${file}.\n`);
}

function toInput(kind: "record" | "event", value: unknown): Record<string, unknown> | { error: string } {
  if (kind === "record") {
    const record = splitRecord(value);
    return record.ok ? { kind: "record", customerId: record.id, record: record.fields } : { error: record.error };
  }
  const parsed = parseEventLine(value);
  if (!parsed.success) return { error: `event ${describeIssues(parsed.error, value)}` };
  const e = parsed.data;
  const input: Record<string, unknown> = { kind: "event", customerId: e.customer, type: e.type, at: parseDate(e.at), properties: e.properties ?? {} };
  // The queue needs an id to apply each event once; without one, the line's content stands in.
  input.id = e.id ?? `${e.customer}|${e.type}|${e.at}`;
  return input;
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

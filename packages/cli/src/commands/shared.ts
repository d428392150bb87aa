/**
 * Helpers the commands share: reading a journey file the user named, compiling it, and printing
 * diagnostics in the user's chosen format.
 */
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { compile, renderPretty, type Diagnostic } from "@journeys/dsl";
import { CliError, EXIT_USAGE, useColor, type CliContext } from "../context.js";
import { describeIoError, describeWriteError, displayPath } from "../io/paths.js";

/** A journey source read from disk; `file` is the path as shown to the user. */
export interface LoadedSource {
  readonly path: string;
  readonly file: string;
  readonly text: string;
}

/**
 * Reads a file the user named. A missing or unreadable file is a `CliError` (exit 2).
 *
 * @example
 * ```ts
 * const { file, text } = await readSource("shop.journey", ctx);
 * ```
 */
export async function readSource(arg: string, ctx: CliContext): Promise<LoadedSource> {
  const path = resolve(ctx.cwd, arg);
  const file = displayPath(path, ctx.cwd);
  try {
    return { path, file, text: await readFile(path, "utf8") };
  } catch (error) {
    throw new CliError(describeIoError(error as NodeJS.ErrnoException, file), EXIT_USAGE);
  }
}

/**
 * Writes an output file the user named (`-o`). Failure is a `CliError` (exit 2).
 */
export async function writeOutput(arg: string, content: string, ctx: CliContext): Promise<string> {
  const path = resolve(ctx.cwd, arg);
  const file = displayPath(path, ctx.cwd);
  try {
    await writeFile(path, content, "utf8");
  } catch (error) {
    throw new CliError(describeWriteError(error as NodeJS.ErrnoException, file), EXIT_USAGE);
  }
  return file;
}

/** Counts of diagnostics by severity. */
export function countSeverities(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const d of diagnostics) if (d.severity === "error") errors++;
  return { errors, warnings: diagnostics.length - errors };
}

/**
 * Prints diagnostics for a human on stderr (the commands whose stdout is data: compile, graph,
 * run), coloured when stderr is a colour terminal.
 */
export function printDiagnosticsToStderr(diagnostics: readonly Diagnostic[], source: LoadedSource, ctx: CliContext): void {
  if (diagnostics.length === 0) return;
  const text = renderPretty(diagnostics, { [source.file]: source.text }, { color: useColor(ctx.env, ctx.stderr) });
  ctx.stderr.write(text.endsWith("\n") ? `${text}\n` : `${text}\n\n`);
}

/**
 * Compiles a journey for a command that needs its IR. With errors, prints them on stderr and
 * returns `undefined` (the command then exits 1); warnings are printed and compilation goes on.
 *
 * @example
 * ```ts
 * const compiled = compileOrReport(source, ctx);
 * if (!compiled) return EXIT_DIAGNOSTICS;
 * ```
 */
export function compileOrReport(source: LoadedSource, ctx: CliContext, verb: string): ReturnType<typeof compile> | undefined {
  const result = compile(source.text, { file: source.file });
  printDiagnosticsToStderr(result.diagnostics, source, ctx);
  const { errors } = countSeverities(result.diagnostics);
  if (errors > 0 || !result.ok || !result.ir) {
    ctx.stderr.write(`Cannot ${verb} ${source.file}: ${plural(Math.max(errors, 1), "error")}.\n`);
    return undefined;
  }
  return result;
}

/**
 * `1 error`, `2 errors`.
 *
 * @example
 * ```ts
 * plural(2, "warning"); // "2 warnings"
 * ```
 */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

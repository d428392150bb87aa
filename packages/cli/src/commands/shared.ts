/**
 * Helpers the commands share: reading a journey file the user named, compiling it, and printing
 * diagnostics in the user's chosen format.
 */
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { compile, renderPretty, type Diagnostic } from "@journeys/dsl";
import { CliError, EXIT_USAGE, useColor, type CliContext } from "../context.js";
import { describeIoError, describeWriteError, displayPath, isSameFile, resolveJourneyPaths } from "../io/paths.js";

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
export async function writeOutput(arg: string, content: string, ctx: CliContext, inputs: readonly InputPath[] = []): Promise<string> {
  const path = resolve(ctx.cwd, arg);
  const file = displayPath(path, ctx.cwd);
  await refuseToOverwrite(path, file, inputs, "-o");
  try {
    await writeFile(path, content, "utf8");
  } catch (error) {
    throw new CliError(describeWriteError(error as NodeJS.ErrnoException, file), EXIT_USAGE);
  }
  return file;
}

/** A file the command reads, which no output of it may overwrite. */
export interface InputPath {
  readonly path: string;
  /** As the refusal names it: "the journey file", "the record file", ... */
  readonly what: string;
}

/**
 * Throws a usage error when the output `path` (given with `option`) is one of the command's
 * `inputs`: writing it would destroy what the command is reading.
 */
export async function refuseToOverwrite(path: string, file: string, inputs: readonly InputPath[], option: string): Promise<void> {
  for (const input of inputs) {
    if (await isSameFile(input.path, path)) {
      throw new CliError(`${option} "${file}" is ${input.what}: writing it would overwrite it. Choose another path.`, EXIT_USAGE);
    }
  }
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

/** The journey files that `validate` and `fmt` were given, read, with the paths that failed. */
export interface JourneyFiles {
  /** Each readable file: its absolute path, its display path (relative to the working folder), its text. */
  readonly files: readonly { readonly path: string; readonly file: string; readonly text: string }[];
  /** One line per path that could not be resolved or read. */
  readonly ioProblems: readonly string[];
}

/**
 * Resolves files, folders and globs to `.journey` files and reads them; unreadable ones become
 * one-line problems instead of errors, so one bad path never hides the others' diagnostics.
 *
 * @example
 * ```ts
 * const { files, ioProblems } = await readJourneyFiles(["examples"], ctx);
 * for (const { file, text } of files) check(text, { file });
 * ```
 */
export async function readJourneyFiles(paths: readonly string[], ctx: CliContext): Promise<JourneyFiles> {
  const { files: found, problems } = await resolveJourneyPaths(paths, ctx.cwd);
  const ioProblems = [...problems];
  const files: { path: string; file: string; text: string }[] = [];
  for (const path of found) {
    const file = displayPath(path, ctx.cwd);
    try {
      files.push({ path, file, text: await readFile(path, "utf8") });
    } catch (error) {
      ioProblems.push(describeIoError(error as NodeJS.ErrnoException, file));
    }
  }
  return { files, ioProblems };
}

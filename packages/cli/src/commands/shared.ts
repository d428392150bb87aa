/**
 * Helpers the commands share: reading a journey file the user named, compiling it, and printing
 * diagnostics in the user's chosen format.
 */
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { isUtf8 } from "node:buffer";
import { compile, renderPretty, type Diagnostic, type ParseOptions } from "@journeys/dsl";
import { CliError, EXIT_USAGE, useColor, type CliContext } from "../context.js";
import { describeIoError, describeWriteError, displayPath, isSameFile, resolveJourneyPaths } from "../io/paths.js";
import { firstInvalidUtf8 } from "../io/utf8.js";

/** A journey source read from disk; `file` is the path as shown to the user. */
export interface LoadedSource {
  readonly path: string;
  readonly file: string;
  readonly text: string;
  /** When the file is not valid UTF-8: where its first bad byte is in `text` (see {@link parseOptions}). */
  readonly notUtf8?: { readonly offset: number; readonly byte: number };
}

/**
 * A journey file's bytes as text: decoded as UTF-8, and, when they are not valid UTF-8, where the
 * first bad byte landed in the text (the DSL then reports it as JRN001 and parses nothing).
 */
export function decodeJourney(bytes: Buffer): { text: string; notUtf8?: { offset: number; byte: number } } {
  const text = bytes.toString("utf8");
  if (isUtf8(bytes)) return { text };
  const at = firstInvalidUtf8(bytes, 0, bytes.length);
  return { text, notUtf8: { offset: bytes.toString("utf8", 0, at).length, byte: bytes[at]! } };
}

/**
 * The DSL's options for a loaded file: its display name, and where it stops being UTF-8.
 *
 * @example
 * ```ts
 * check(source.text, parseOptions(source));
 * ```
 */
export function parseOptions(source: { readonly file: string; readonly notUtf8?: { readonly offset: number; readonly byte: number } }): ParseOptions {
  return source.notUtf8 === undefined ? { file: source.file } : { file: source.file, notUtf8: source.notUtf8 };
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
    return { path, file, ...decodeJourney(await readFile(path)) };
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
  const result = compile(source.text, parseOptions(source));
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
  readonly files: readonly LoadedSource[];
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
 * for (const source of files) check(source.text, parseOptions(source));
 * ```
 */
export async function readJourneyFiles(paths: readonly string[], ctx: CliContext): Promise<JourneyFiles> {
  const { files: found, problems } = await resolveJourneyPaths(paths, ctx.cwd);
  const ioProblems = [...problems];
  const files: LoadedSource[] = [];
  for (const path of found) {
    const file = displayPath(path, ctx.cwd);
    try {
      files.push({ path, file, ...decodeJourney(await readFile(path)) });
    } catch (error) {
      ioProblems.push(describeIoError(error as NodeJS.ErrnoException, file));
    }
  }
  return { files, ioProblems };
}

/**
 * `journey fmt [paths…]`: rewrite journeys in canonical form, or with `--check` list the files
 * that are not (for CI).
 */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { formatText, renderPretty } from "@journeys/dsl";
import { EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE, useColor, type CliContext, type ExitCode } from "../context.js";
import { describeWriteError } from "../io/paths.js";
import { parseOptions, plural, readJourneyFiles } from "./shared.js";

/** Options of `journey fmt`. */
export interface FmtOptions {
  readonly check: boolean;
}

/**
 * Formats the journeys named by `paths`. A file with syntax errors is left untouched and its
 * errors are printed (exit 1). With `check`, nothing is written: the files that would change are
 * listed on stdout and the exit code is 1 if there are any.
 *
 * @example
 * ```ts
 * const code = await runFmt(["examples"], { check: true }, ctx);
 * ```
 */
export async function runFmt(paths: readonly string[], options: FmtOptions, ctx: CliContext): Promise<ExitCode> {
  const { files, ioProblems: readProblems } = await readJourneyFiles(paths, ctx);
  const ioProblems = [...readProblems];
  let changed = 0;
  let broken = 0;
  const seen = files.length;
  for (const source of files) {
    const { path, file, text } = source;
    const result = formatText(text, parseOptions(source));
    if (result.formatted === undefined) {
      broken++;
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      ctx.stderr.write(`${renderPretty(errors, { [file]: text }, { color: useColor(ctx.env, ctx.stderr) }).trimEnd()}\n\n`);
      continue;
    }
    if (result.formatted === text) continue;
    changed++;
    if (options.check) {
      ctx.stdout.write(`${file}\n`);
      continue;
    }
    try {
      await writeFile(path, result.formatted, "utf8");
    } catch (error) {
      ioProblems.push(describeWriteError(error as NodeJS.ErrnoException, file));
      continue;
    }
    ctx.stdout.write(`formatted ${file}\n`);
  }
  for (const problem of ioProblems) ctx.stderr.write(`error: ${problem}\n`);
  const brokenNote = broken > 0 ? `, ${plural(broken, "file")} not formatted (syntax errors)` : "";
  const summary = options.check
    ? `${plural(changed, "file")} of ${seen} not in canonical form${brokenNote}.`
    : `${plural(changed, "file")} of ${seen} reformatted${brokenNote}.`;
  (options.check ? ctx.stderr : ctx.stdout).write(`${summary}\n`);
  if (ioProblems.length > 0) return EXIT_USAGE;
  if (broken > 0 || (options.check && changed > 0)) return EXIT_DIAGNOSTICS;
  return EXIT_OK;
}

/** Adds `fmt` to the program. */
export function registerFmt(program: Command, ctx: CliContext, done: (code: ExitCode) => void): void {
  program
    .command("fmt")
    .description("Rewrite journeys in canonical form (--check: list files that differ, exit 1).")
    .argument("[paths...]", "files, folders or globs (default: every .journey under the current folder)")
    .option("--check", "write nothing; list the files that are not formatted and exit 1 if any", false)
    .addHelpText(
      "after",
      `
Examples:
  $ journey fmt                     # format every .journey under the current folder
  $ journey fmt shop.journey
  $ journey fmt --check examples    # in CI: exit 1 when a file is not formatted`,
    )
    .action(async (paths: string[], options: FmtOptions) => done(await runFmt(paths, options, ctx)));
}

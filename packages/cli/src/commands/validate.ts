/**
 * `journey validate [paths…]`: check journeys and report diagnostics for people (pretty, with code
 * frames) or machines (`--format json`, `--format github`).
 */
import { Option, type Command } from "commander";
import { check, renderGithub, renderJson, renderPretty, type Diagnostic } from "@journeys/dsl";
import { EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE, useColor, type CliContext, type ExitCode } from "../context.js";
import { countSeverities, parseOptions, plural, readJourneyFiles } from "./shared.js";

export const VALIDATE_FORMATS = ["pretty", "json", "github"] as const;

/** Options of `journey validate`. */
export interface ValidateOptions {
  readonly format: (typeof VALIDATE_FORMATS)[number];
  readonly strict: boolean;
}

/**
 * Validates the journeys named by `paths` (files, folders, globs; none = every `.journey` under
 * the working folder). Exit code: 2 when a path is unusable, else 1 with errors (or warnings
 * under `strict`), else 0.
 *
 * @example
 * ```ts
 * const code = await runValidate(["examples"], { format: "pretty", strict: false }, ctx);
 * ```
 */
export async function runValidate(paths: readonly string[], options: ValidateOptions, ctx: CliContext): Promise<ExitCode> {
  const { files, ioProblems } = await readJourneyFiles(paths, ctx);
  const diagnostics: Diagnostic[] = [];
  const sources: Record<string, string> = {};
  const checked = files.length;
  for (const source of files) {
    sources[source.file] = source.text;
    diagnostics.push(...check(source.text, parseOptions(source)).diagnostics);
  }

  const { errors, warnings } = countSeverities(diagnostics);
  const summary = `${plural(checked, "file")} checked: ${plural(errors, "error")}, ${plural(warnings, "warning")}.`;
  for (const problem of ioProblems) ctx.stderr.write(`error: ${problem}\n`);
  switch (options.format) {
    case "json":
      ctx.stdout.write(`${JSON.stringify(renderJson(diagnostics), null, 2)}\n`);
      ctx.stderr.write(`${summary}\n`);
      break;
    case "github":
      ctx.stdout.write(renderGithub(diagnostics, sources));
      ctx.stdout.write(`${summary}\n`);
      break;
    case "pretty": {
      if (diagnostics.length > 0) {
        const text = renderPretty(diagnostics, sources, { color: useColor(ctx.env, ctx.stdout) });
        ctx.stdout.write(text.endsWith("\n") ? `${text}\n` : `${text}\n\n`);
      }
      ctx.stdout.write(`${summary}\n`);
      break;
    }
  }
  if (ioProblems.length > 0) return EXIT_USAGE;
  if (errors > 0 || (options.strict && warnings > 0)) return EXIT_DIAGNOSTICS;
  return EXIT_OK;
}

/** Adds `validate` to the program. */
export function registerValidate(program: Command, ctx: CliContext, done: (code: ExitCode) => void): void {
  program
    .command("validate")
    .description("Check journeys and report problems with their location (exit 1 on errors).")
    .argument("[paths...]", "files, folders or globs (default: every .journey under the current folder)")
    .addOption(new Option("--format <format>", "output format").choices(VALIDATE_FORMATS).default("pretty"))
    .option("--strict", "treat warnings as errors (exit 1)", false)
    .addHelpText(
      "after",
      `
Examples:
  $ journey validate                          # every .journey under the current folder
  $ journey validate examples "drafts/*.journey"
  $ journey validate shop.journey --format json
  $ journey validate --format github --strict # in a GitHub Actions workflow

Exit codes: 0 no errors, 1 errors (or warnings with --strict), 2 missing file or unreadable folder.`,
    )
    .action(async (paths: string[], options: ValidateOptions) => done(await runValidate(paths, options, ctx)));
}

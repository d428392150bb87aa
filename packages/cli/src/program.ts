/**
 * The `journey` program: commander wiring, and the translation of every outcome into an exit
 * code. Nothing here ends the process; `bin.ts` does, with the code `runCli` returns.
 */
import { Command, CommanderError } from "commander";
import pkg from "../package.json" with { type: "json" };
import { registerCompile } from "./commands/compile.js";
import { registerFmt } from "./commands/fmt.js";
import { registerGraph } from "./commands/graph.js";
import { registerInit } from "./commands/init.js";
import { registerRun } from "./commands/run.js";
import { registerValidate } from "./commands/validate.js";
import { registerWorker } from "./commands/worker.js";
import { CliError, EXIT_OK, EXIT_USAGE, type CliContext, type ExitCode } from "./context.js";

/**
 * Builds the commander program bound to `ctx`; `done` receives each command's exit code.
 */
export function buildProgram(ctx: CliContext, done: (code: ExitCode) => void): Command {
  const program = new Command("journey")
    .description("Customer lifecycle journeys as code: validate, format, compile, draw and simulate .journey files.")
    .version(pkg.version, "-v, --version", "print the version")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
    })
    .showSuggestionAfterError(true)
    .addHelpText(
      "after",
      `
Examples:
  $ journey init "Spring onboarding" --model saas
  $ journey validate examples
  $ journey run shop.journey --records customers.ndjson --events events.ndjson --until 90d

Exit codes: 0 clean, 1 error diagnostics, 2 usage or I/O problem.
Run "journey <command> --help" for a command's options and examples.`,
    );
  registerValidate(program, ctx, done);
  registerCompile(program, ctx, done);
  registerFmt(program, ctx, done);
  registerGraph(program, ctx, done);
  registerRun(program, ctx, done);
  registerInit(program, ctx, done);
  registerWorker(program, ctx, done);
  return program;
}

/**
 * Runs the CLI on `argv` (without `node` and the script) and resolves to the exit code. Never
 * rejects: usage errors are 2, `CliError`s print one line, anything unexpected prints one line
 * (plus the stack when `JOURNEY_DEBUG=1`).
 *
 * @example
 * ```ts
 * const code = await runCli(["validate", "examples"], ctx);
 * ```
 */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<ExitCode> {
  let code: ExitCode = EXIT_OK;
  const program = buildProgram(ctx, (c) => {
    code = c;
  });
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT_USAGE;
    }
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    return reportFailure(error, ctx);
  }
}

/** The exit code (and the one-line message) for anything a command threw. */
export function reportFailure(error: unknown, ctx: CliContext): ExitCode {
  if (error instanceof CommanderError) {
    // Help and version "errors" are how commander stops after printing them.
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0) {
      return EXIT_OK;
    }
    return EXIT_USAGE;
  }
  if (error instanceof CliError) {
    ctx.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(`error: internal error: ${message} (set JOURNEY_DEBUG=1 for details)\n`);
  if (ctx.env.JOURNEY_DEBUG === "1" && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
  return EXIT_USAGE;
}

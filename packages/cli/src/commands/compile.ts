/**
 * `journey compile <file>`: the compiled journey as JSON, either the XState v5 machine config
 * (default) or the IR the runtime runs. A file with errors is refused, with its diagnostics.
 */
import { Option, type Command } from "commander";
import { toXStateConfig } from "@journeys/dsl";
import { EXIT_DIAGNOSTICS, EXIT_OK, type CliContext, type ExitCode } from "../context.js";
import { compileOrReport, readSource, writeOutput } from "./shared.js";

export const COMPILE_TARGETS = ["xstate", "ir"] as const;

/** Options of `journey compile`. */
export interface CompileOptions {
  readonly target: (typeof COMPILE_TARGETS)[number];
  /** Output file; stdout when absent. */
  readonly out?: string;
}

/**
 * Compiles one journey and prints (or writes) its JSON.
 *
 * @example
 * ```ts
 * await runCompile("shop.journey", { target: "ir", out: "shop.ir.json" }, ctx);
 * ```
 */
export async function runCompile(fileArg: string, options: CompileOptions, ctx: CliContext): Promise<ExitCode> {
  const source = await readSource(fileArg, ctx);
  const result = compileOrReport(source, ctx, "compile");
  if (!result?.ir) return EXIT_DIAGNOSTICS;
  const value = options.target === "ir" ? result.ir : (result.xstate ?? toXStateConfig(result.ir));
  const json = `${JSON.stringify(value, null, 2)}\n`;
  if (options.out === undefined) {
    ctx.stdout.write(json);
  } else {
    const written = await writeOutput(options.out, json, ctx, [{ path: source.path, what: "the journey file" }]);
    ctx.stderr.write(`Wrote ${written} (${options.target === "ir" ? "journey IR" : "XState v5 config"}).\n`);
  }
  return EXIT_OK;
}

/** Adds `compile` to the program. */
export function registerCompile(program: Command, ctx: CliContext, done: (code: ExitCode) => void): void {
  program
    .command("compile")
    .description("Print the compiled journey as JSON: an XState v5 machine config or the runtime IR.")
    .argument("<file>", "the .journey file")
    .addOption(new Option("--target <target>", "what to emit").choices(COMPILE_TARGETS).default("xstate"))
    .option("-o, --out <file>", "write to a file instead of stdout")
    .addHelpText(
      "after",
      `
Examples:
  $ journey compile shop.journey > shop.machine.json
  $ journey compile shop.journey --target ir -o shop.ir.json

A file with errors is refused: its diagnostics go to stderr and the exit code is 1.`,
    )
    .action(async (file: string, options: CompileOptions) => done(await runCompile(file, options, ctx)));
}

/**
 * `journey graph <file>`: the stage graph as Mermaid or Graphviz DOT source, with transition
 * labels in the journey's own words.
 */
import { Option, type Command } from "commander";
import { EXIT_DIAGNOSTICS, EXIT_OK, type CliContext, type ExitCode } from "../context.js";
import { renderDot } from "../graph/dot.js";
import { renderMermaid } from "../graph/mermaid.js";
import { compileOrReport, readSource, writeOutput } from "./shared.js";

export const GRAPH_FORMATS = ["mermaid", "dot"] as const;

/** Options of `journey graph`. */
export interface GraphOptions {
  readonly format: (typeof GRAPH_FORMATS)[number];
  readonly out?: string;
}

/**
 * Prints (or writes) the diagram source of one journey.
 *
 * @example
 * ```ts
 * await runGraph("shop.journey", { format: "mermaid" }, ctx);
 * ```
 */
export async function runGraph(fileArg: string, options: GraphOptions, ctx: CliContext): Promise<ExitCode> {
  const source = await readSource(fileArg, ctx);
  const result = compileOrReport(source, ctx, "draw");
  if (!result?.ir) return EXIT_DIAGNOSTICS;
  const text = options.format === "dot" ? renderDot(result.ir) : renderMermaid(result.ir);
  if (options.out === undefined) ctx.stdout.write(text);
  else ctx.stderr.write(`Wrote ${await writeOutput(options.out, text, ctx, [{ path: source.path, what: "the journey file" }])}.\n`);
  return EXIT_OK;
}

/** Adds `graph` to the program. */
export function registerGraph(program: Command, ctx: CliContext, done: (code: ExitCode) => void): void {
  program
    .command("graph")
    .description("Print the stages and transitions as a Mermaid or Graphviz diagram.")
    .argument("<file>", "the .journey file")
    .addOption(new Option("--format <format>", "diagram language").choices(GRAPH_FORMATS).default("mermaid"))
    .option("-o, --out <file>", "write to a file instead of stdout")
    .addHelpText(
      "after",
      `
Examples:
  $ journey graph shop.journey                      # paste into a \`\`\`mermaid block
  $ journey graph shop.journey --format dot | dot -Tsvg > shop.svg`,
    )
    .action(async (file: string, options: GraphOptions) => done(await runGraph(file, options, ctx)));
}

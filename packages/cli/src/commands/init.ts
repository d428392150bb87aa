/**
 * `journey init [name]`: write a starter journey for one of the lifecycle models.
 */
import { access, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { CliError, EXIT_OK, EXIT_USAGE, type CliContext, type ExitCode } from "../context.js";
import { describeWriteError, displayPath } from "../io/paths.js";
import { journeyFileName, MODELS, renderTemplate, type Model } from "../templates/index.js";

const MODEL_NAMES: Record<Model, string> = {
  "3": "3-stage funnel",
  "4": "4-stage CRM lifecycle",
  "5": "5-stage marketing lifecycle",
  "6": "6-stage SaaS lifecycle",
  saas: "SaaS onboarding lifecycle",
  ecommerce: "e-commerce lifecycle",
};

/** Options of `journey init`. */
export interface InitOptions {
  readonly model: Model;
  readonly force: boolean;
}

/**
 * Writes `<name>.journey` in the working folder. An existing file is kept unless `force`.
 *
 * @example
 * ```ts
 * await runInit("Spring onboarding", { model: "saas", force: false }, ctx); // spring-onboarding.journey
 * ```
 */
export async function runInit(name: string | undefined, options: InitOptions, ctx: CliContext): Promise<ExitCode> {
  const title = (name ?? "My journey").trim() || "My journey";
  const path = resolve(ctx.cwd, journeyFileName(title));
  const file = displayPath(path, ctx.cwd);
  if (!options.force && (await exists(path))) {
    throw new CliError(`"${file}" already exists; pass --force to overwrite it.`, EXIT_USAGE);
  }
  try {
    await writeFile(path, renderTemplate(options.model, title), "utf8");
  } catch (error) {
    throw new CliError(describeWriteError(error as NodeJS.ErrnoException, file), EXIT_USAGE);
  }
  ctx.stdout.write(
    `Created ${file} (${MODEL_NAMES[options.model]}).\n` +
      `Next:\n  journey validate ${file}\n  journey graph ${file}\n`,
  );
  return EXIT_OK;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Adds `init` to the program. */
export function registerInit(program: Command, ctx: CliContext, done: (code: ExitCode) => void): void {
  program
    .command("init")
    .description("Create a starter journey for a lifecycle model.")
    .argument("[name]", 'the journey\'s name; the file is named after it (default "My journey")')
    .addOption(
      new Option("--model <model>", "3, 4, 5 or 6 stages, saas or ecommerce").choices(MODELS).default("4"),
    )
    .option("--force", "overwrite an existing file", false)
    .addHelpText(
      "after",
      `
Models:
  3          awareness → consideration → decision
  4          acquisition → conversion → retention → loyalty (CRM)
  5          reach → acquisition → conversion → retention → loyalty
  6          awareness → consideration → purchase → retention → advocacy → loyalty
  saas       sign-up → onboarding → retention → expansion
  ecommerce  welcome (A/B split) → abandoned cart → buyer → win-back → referral

Examples:
  $ journey init "Spring onboarding" --model saas   # writes spring-onboarding.journey
  $ journey init --model ecommerce shop`,
    )
    .action(async (name: string | undefined, options: InitOptions) => done(await runInit(name, options, ctx)));
}

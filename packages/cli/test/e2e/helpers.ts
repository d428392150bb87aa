/**
 * Spawns the BUILT `journey` binary (packages/cli/dist/bin.js) the way a user or CI would.
 * Build first: `pnpm --filter @journeys/cli build` (root `pnpm test` does it).
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
export const BIN = join(REPO, "packages/cli/dist/bin.js");
export const FIXTURES = join(REPO, "packages/cli/test/fixtures");
export const EXAMPLES = join(REPO, "examples");

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Plain output: no colour, not CI-interactive. Tests that need colour override these. */
const PLAIN_ENV = { NO_COLOR: "1", FORCE_COLOR: "0", CI: "1" };

/**
 * Runs `node dist/bin.js ...args` and collects its output and exit code. `unprivileged`: without
 * root's power to read any file (how the tests see permission errors when they run as root): the
 * binary runs under `setpriv` (util-linux) with the file-permission capabilities dropped from its
 * bounding set, as the same user, so it still reads the checkout wherever it lies.
 */
export function journey(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined>; unprivileged?: boolean } = {}): Promise<RunResult> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "pnpm --filter @journeys/cli build" first`);
  const env: Record<string, string | undefined> = { ...process.env, ...PLAIN_ENV, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const root = process.getuid?.() === 0;
  const [command, argv] = options.unprivileged === true && root ? ["setpriv", ["--bounding-set=-dac_override,-dac_read_search", process.execPath, BIN, ...args]] : [process.execPath, [BIN, ...args]];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, argv, { cwd: options.cwd ?? REPO, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** A fresh temporary folder, optionally seeded with copies of fixture files. */
export function tempDir(copy: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "journey-e2e-"));
  for (const [name, from] of Object.entries(copy)) cpSync(from, join(dir, name), { recursive: true });
  return dir;
}

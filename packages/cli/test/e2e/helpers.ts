/**
 * Spawns the BUILT `journey` binary (packages/cli/dist/bin.js) the way a user or CI would.
 * Build first: `pnpm --filter @journeys/cli build` (root `pnpm test` does it).
 */
import { spawn } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, existsSync, linkSync, mkdtempSync } from "node:fs";
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
 * Runs `node dist/bin.js ...args` and collects its output and exit code; with `uid`, as that user
 * (only root may ask: how the tests see permission errors when they run as root).
 */
export function journey(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined>; uid?: number } = {}): Promise<RunResult> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "pnpm --filter @journeys/cli build" first`);
  const env: Record<string, string | undefined> = { ...process.env, ...PLAIN_ENV, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((resolvePromise, reject) => {
    const as = options.uid === undefined ? {} : { uid: options.uid, gid: options.uid };
    const node = options.uid === undefined ? process.execPath : nodeForAnyUser();
    const child = spawn(node, [BIN, ...args], { cwd: options.cwd ?? REPO, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], ...as });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

let sharedNode: string | undefined;

/** This Node.js binary at a path every user can reach (it may live in root's home folder). */
function nodeForAnyUser(): string {
  if (sharedNode !== undefined) return sharedNode;
  const dir = mkdtempSync(join(tmpdir(), "journey-node-"));
  chmodSync(dir, 0o755);
  const node = join(dir, "node");
  try {
    linkSync(process.execPath, node);
  } catch {
    copyFileSync(process.execPath, node);
    chmodSync(node, 0o755);
  }
  sharedNode = node;
  return node;
}

/** A fresh temporary folder, optionally seeded with copies of fixture files. */
export function tempDir(copy: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "journey-e2e-"));
  for (const [name, from] of Object.entries(copy)) cpSync(from, join(dir, name), { recursive: true });
  return dir;
}

import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const register = fileURLToPath(new URL("./register.mjs", import.meta.url));

/** Starts a TypeScript file of this package in a real child Node process (sources, no build). */
export function spawnTs(file: string, args: string[] = [], env: Record<string, string | undefined> = {}): ChildProcess {
  return spawn(process.execPath, ["--conditions=source", "--no-warnings", "--experimental-transform-types", "--import", register, file, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
}

/** Runs a child to completion; resolves with its exit code and output. */
export function runTs(
  file: string,
  args: string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnTs(file, args, env);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Resolves with the first line a child prints that satisfies `match`. */
export function waitForLine(child: ChildProcess, match: (line: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const onData = (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        if (match(line)) {
          child.stdout!.off("data", onData);
          resolve(line);
          return;
        }
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`child exited (${code}) before printing the expected line`)));
  });
}

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

import { describe, expect, it } from "vitest";
import type { CliContext } from "../context.js";
import { createProgress, PROGRESS_MIN_BYTES } from "./progress.js";

function context(env: Record<string, string>, isTTY: boolean): { ctx: CliContext; err: string[] } {
  const err: string[] = [];
  const stderr = { isTTY, columns: 80, write: (t: string) => (err.push(t), true), cursorTo: () => true, clearLine: () => true, moveCursor: () => true, on: () => stderr, removeListener: () => stderr };
  return { ctx: { cwd: "/", env, stdout: { write: () => undefined }, stderr }, err };
}

describe("createProgress", () => {
  it("draws a bar on an interactive terminal for large inputs", () => {
    const { ctx, err } = context({}, true);
    const progress = createProgress(ctx, 4 * PROGRESS_MIN_BYTES);
    progress.update(2 * PROGRESS_MIN_BYTES);
    progress.log("warning: x\n");
    progress.stop();
    const text = err.join("");
    expect(text).toContain("simulating");
    expect(text).toContain("\r\u001b[2Kwarning: x\n");
  });

  it("stays silent in CI, when piped, and for small inputs, but still prints log lines", () => {
    for (const [env, tty, size] of [
      [{ CI: "true" }, true, 4 * PROGRESS_MIN_BYTES],
      [{}, false, 4 * PROGRESS_MIN_BYTES],
      [{}, true, 1000],
    ] as const) {
      const { ctx, err } = context(env, tty);
      const progress = createProgress(ctx, size);
      progress.update(size);
      progress.log("warning: y\n");
      progress.stop();
      expect(err).toEqual(["warning: y\n"]);
    }
  });
});

/**
 * What a command may touch of the outside world: the working folder, the environment and the two
 * output streams. Commands take a `CliContext` instead of reaching for `process`, so they run the
 * same in the binary and in tests, and only `bin.ts` ends the process.
 */

/** An output stream: stdout or stderr, or a test double. */
export interface Output {
  write(text: string): void;
  /** True when the stream is an interactive terminal. */
  readonly isTTY?: boolean;
  /** Terminal width in columns, when known. */
  readonly columns?: number;
}

/** The outside world as seen by a command. */
export interface CliContext {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Output;
  readonly stderr: Output;
}

/** Exit codes: 0 clean, 1 error diagnostics (or warnings with `--strict`), 2 usage or I/O problem. */
export const EXIT_OK = 0;
export const EXIT_DIAGNOSTICS = 1;
export const EXIT_USAGE = 2;
export type ExitCode = typeof EXIT_OK | typeof EXIT_DIAGNOSTICS | typeof EXIT_USAGE;

/**
 * A user-facing failure: bad arguments or an I/O problem. `bin.ts` prints its message as one line
 * (no stack trace) and exits with its code.
 *
 * @example
 * ```ts
 * throw new CliError(`File not found: "shop.journey".`);
 * ```
 */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode = EXIT_USAGE) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/**
 * Whether to colour output written to `stream`: `NO_COLOR` (any non-empty value) turns colour
 * off, `FORCE_COLOR` turns it on (`FORCE_COLOR=0` off), otherwise colour follows the terminal.
 *
 * @example
 * ```ts
 * useColor(ctx.env, ctx.stdout); // false under NO_COLOR=1 or when piped
 * ```
 */
export function useColor(env: CliContext["env"], stream: Output): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  return stream.isTTY === true && env.TERM !== "dumb";
}

/**
 * Whether interactive extras (the progress bar) may be drawn on `stream`: only on a terminal and
 * never in CI (`CI` set).
 */
export function isInteractive(env: CliContext["env"], stream: Output): boolean {
  return stream.isTTY === true && (env.CI === undefined || env.CI === "" || env.CI === "false");
}

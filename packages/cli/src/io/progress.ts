/**
 * The progress bar of `journey run` on long inputs: drawn on stderr, only on an interactive
 * terminal (never in CI or when piped), and only when the inputs are large enough to wait for.
 */
import cliProgress from "cli-progress";
import { isInteractive, type CliContext } from "../context.js";

/** Inputs smaller than this (bytes) finish before a bar would be worth drawing. */
export const PROGRESS_MIN_BYTES = 1024 * 1024;

/** A byte-count progress indicator. */
export interface Progress {
  update(bytes: number): void;
  /** Writes a line to the progress stream without garbling the bar (it is redrawn on the next update). */
  log(line: string): void;
  stop(): void;
}

/** No bar: lines go straight to the stream. */
function silent(ctx: CliContext): Progress {
  return { update: () => undefined, log: (line) => ctx.stderr.write(line), stop: () => undefined };
}

/**
 * A progress bar over `totalBytes`, or a silent one when the bar must not be drawn.
 *
 * @example
 * ```ts
 * const progress = createProgress(ctx, recordsSize + eventsSize);
 * progress.update(bytesRead);
 * progress.stop();
 * ```
 */
export function createProgress(ctx: CliContext, totalBytes: number): Progress {
  if (!isInteractive(ctx.env, ctx.stderr) || totalBytes < PROGRESS_MIN_BYTES) return silent(ctx);
  const bar = new cliProgress.SingleBar(
    {
      stream: ctx.stderr as unknown as NodeJS.WritableStream,
      format: "simulating [{bar}] {percentage}% | {value}/{total} MiB",
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const mib = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
  bar.start(mib(totalBytes), 0);
  let last = 0;
  return {
    update(bytes) {
      const value = mib(bytes);
      if (value !== last) {
        last = value;
        bar.update(value);
      }
    },
    log(line) {
      ctx.stderr.write(`\r\u001b[2K${line}`);
    },
    stop() {
      bar.stop();
    },
  };
}

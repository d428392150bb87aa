#!/usr/bin/env node
/**
 * The `journey` executable: runs the CLI on the process's arguments and streams, and is the only
 * place that ends the process. The program is imported dynamically, after the Node.js version
 * check, so that even a failure while loading the libraries is one line, not a stack trace.
 */

const MIN_NODE = [22, 12] as const;

function fail(message: string, error?: unknown): void {
  process.stderr.write(`error: ${message}\n`);
  if (process.env.JOURNEY_DEBUG === "1" && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 2;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
    fail(`journey needs Node.js ${MIN_NODE.join(".")} or later (this is ${process.versions.node}); "./run.sh journey ..." installs one.`);
    return;
  }
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    // `journey graph x.journey | head` closes the pipe early: that is not a failure.
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    fail(`cannot write output: ${describe(error)}`, error);
  });
  process.on("uncaughtException", (error) => {
    fail(`internal error: ${describe(error)} (set JOURNEY_DEBUG=1 for details)`, error);
    process.exit(2);
  });
  let runCli: typeof import("./program.js").runCli;
  try {
    ({ runCli } = await import("./program.js"));
  } catch (error) {
    fail(`cannot load the journey libraries: ${describe(error)} (set JOURNEY_DEBUG=1 for details)`, error);
    return;
  }
  process.exitCode = await runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
  });
}

main().catch((error: unknown) => fail(`internal error: ${describe(error)} (set JOURNEY_DEBUG=1 for details)`, error));

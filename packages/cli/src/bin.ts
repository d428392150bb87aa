#!/usr/bin/env node
/**
 * The `journey` executable: runs the CLI on the process's arguments and streams, and is the only
 * place that ends the process.
 */
import { runCli } from "./program.js";

process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  // `journey graph x.journey | head` closes the pipe early: that is not a failure.
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // runCli never rejects; this is the last guard against a stack trace reaching the user.
    process.stderr.write(`error: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.JOURNEY_DEBUG === "1" && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  },
);

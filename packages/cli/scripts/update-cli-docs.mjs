#!/usr/bin/env node
/**
 * Re-runs every ```console block of docs/cli.md with the built binary and writes the actual
 * output back (the e2e test packages/cli/test/e2e/docs.test.ts then passes by construction).
 * Build first: pnpm --filter @journeys/cli build.   Usage: node packages/cli/scripts/update-cli-docs.mjs
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const bin = join(repo, "packages/cli/dist/bin.js");
const docPath = join(repo, "docs/cli.md");
const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", CI: "1" };
delete env.DATABASE_URL;

const lines = readFileSync(docPath, "utf8").split("\n");
const out = [];
for (let i = 0; i < lines.length; i++) {
  out.push(lines[i]);
  if (lines[i] !== "```console") continue;
  const command = lines[i + 1];
  if (!command?.startsWith("$ journey ")) throw new Error(`docs/cli.md:${i + 2}: expected "$ journey …"`);
  let end = i + 1;
  while (lines[end] !== "```") end++;
  let output;
  let code = 0;
  try {
    output = execFileSync("sh", ["-c", `"${process.execPath}" "${bin}" ${command.slice("$ journey ".length)} 2>&1`], { cwd: repo, env, encoding: "utf8" });
  } catch (error) {
    output = error.stdout;
    code = error.status;
  }
  out.push(command, ...output.replace(/\n$/, "").split("\n"), `# exit code: ${code}`);
  i = end - 1;
}
writeFileSync(docPath, out.join("\n"));
console.log("docs/cli.md updated");

/**
 * docs/cli.md shows real output: every ```console block is a `$ journey …` command line, the
 * exact output (stdout and stderr as a terminal shows them, without colour) and
 * `# exit code: N`. Each is re-run here against the built binary and must match.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, REPO } from "./helpers.js";

interface ConsoleBlock {
  readonly line: number;
  readonly command: string;
  readonly output: string;
  readonly exitCode: number;
}

function consoleBlocks(markdown: string): ConsoleBlock[] {
  const lines = markdown.split("\n");
  const blocks: ConsoleBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```console") continue;
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    const first = body[0] ?? "";
    const last = body.at(-1) ?? "";
    const exit = /^# exit code: (\d+)$/.exec(last);
    if (!first.startsWith("$ journey ") || !exit) throw new Error(`docs/cli.md:${start}: a console block must start with "$ journey" and end with "# exit code: N"`);
    blocks.push({ line: start, command: first.slice("$ journey ".length), output: body.slice(1, -1).join("\n"), exitCode: Number(exit[1]) });
  }
  return blocks;
}

/** Runs the command line through a shell, stdout and stderr merged as a terminal shows them. */
function runMerged(args: string): Promise<{ code: number | null; output: string }> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", CI: "1" };
  delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", `"${process.execPath}" "${BIN}" ${args} 2>&1`], { cwd: REPO, env: env as NodeJS.ProcessEnv });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (output += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

const blocks = consoleBlocks(readFileSync(join(REPO, "docs/cli.md"), "utf8"));

describe("docs/cli.md", () => {
  it("has console blocks for every command", () => {
    const commands = new Set(blocks.map((b) => b.command.split(" ")[0]));
    for (const command of ["--help", "validate", "compile", "graph", "run"]) expect(commands).toContain(command);
  });

  for (const block of blocks) {
    it(`line ${block.line}: journey ${block.command}`, async () => {
      const { code, output } = await runMerged(block.command);
      expect(output.replace(/\n$/, "")).toBe(block.output);
      expect(code).toBe(block.exitCode);
    });
  }
});

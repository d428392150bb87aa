import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { journey, REPO } from "./helpers.js";

const COMMANDS = ["validate", "compile", "fmt", "graph", "run", "init", "worker"];

describe("journey --help and --version", () => {
  it("prints the version from package.json", async () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "packages/cli/package.json"), "utf8")) as { version: string };
    const r = await journey(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it("lists every command in the main help", async () => {
    const r = await journey(["--help"]);
    expect(r.code).toBe(0);
    for (const command of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    expect(r.stdout).toContain("Exit codes: 0 clean, 1 error diagnostics, 2 usage or I/O problem.");
  });

  for (const command of COMMANDS) {
    it(`${command} --help shows usage and an example`, async () => {
      const r = await journey([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: journey ${command} `));
      expect(r.stdout).toMatch(new RegExp(`Examples:\\n  \\$ journey ${command} `));
    });
  }

  it("exits 2 with a one-line error for an unknown command or option, and with no command", async () => {
    const unknown = await journey(["valdate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown command 'valdate'");
    expect(unknown.stderr).toContain("(Did you mean validate?)");
    const option = await journey(["validate", "--colour"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("error: unknown option '--colour'");
    const none = await journey([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: journey");
  });
});

import { chmodSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLES, FIXTURES, journey, tempDir } from "./helpers.js";

describe("journey validate", () => {
  it("accepts every example with exit 0 and a summary line", async () => {
    const r = await journey(["validate", "examples"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+ files checked: 0 errors, \d+ warnings?\.$/m);
  });

  it("defaults to every .journey under the current folder", async () => {
    const r = await journey(["validate"], { cwd: join(EXAMPLES, "models") });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^4 files checked: 0 errors/m);
  });

  it("reports an error with a code frame, a suggestion and exit 1", async () => {
    const r = await journey(["validate", "packages/cli/test/fixtures/broken/unknown-stage.journey"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("error[JRN101]");
    expect(r.stdout).toContain('Did you mean "purchase"?');
    expect(r.stdout).toContain("--> packages/cli/test/fixtures/broken/unknown-stage.journey:15:11");
    expect(r.stdout).toMatch(/15 \|\s+go to purchse when event purchase\n\s+\|\s+\^{7}/);
    expect(r.stdout).toMatch(/^1 file checked: 1 error, 1 warning\.$/m);
    expect(r.stdout).not.toContain("\u001b[");
  });

  it("prints JSON diagnostics with file, line, column, code, severity, message and hint", async () => {
    const r = await journey(["validate", join(FIXTURES, "broken"), "--format", "json"]);
    expect(r.code).toBe(1);
    const diagnostics = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(Array.isArray(diagnostics)).toBe(true);
    const unknown = diagnostics.find((d) => d.code === "JRN101");
    expect(unknown).toMatchObject({
      file: "packages/cli/test/fixtures/broken/unknown-stage.journey",
      line: 15,
      column: 11,
      severity: "error",
      message: expect.stringContaining('"purchse"'),
    });
    for (const d of diagnostics) expect(Object.keys(d)).toEqual(expect.arrayContaining(["file", "line", "column", "code", "severity", "message", "hint"]));
    expect(diagnostics.some((d) => d.file === "packages/cli/test/fixtures/broken/syntax.journey")).toBe(true);
    expect(r.stderr).toMatch(/^2 files checked: \d+ errors?, \d+ warnings?\.$/m);
  });

  it("prints GitHub workflow annotations", async () => {
    const r = await journey(["validate", "--format", "github", "packages/cli/test/fixtures/broken/unknown-stage.journey"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=packages\/cli\/test\/fixtures\/broken\/unknown-stage\.journey,line=15,col=11,.*title=JRN101::Unknown stage "purchse"/m);
  });

  it("passes warnings, but fails them with --strict", async () => {
    const file = join(FIXTURES, "warn/unused-segment.journey");
    const lenient = await journey(["validate", file]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain("warning[JRN601]");
    expect(lenient.stdout).toMatch(/1 file checked: 0 errors, 1 warning\./);
    const strict = await journey(["validate", "--strict", file]);
    expect(strict.code).toBe(1);
  });

  it("exits 2 with a one-line error for a missing file, and still checks the others", async () => {
    const r = await journey(["validate", "nope/missing.journey", join(FIXTURES, "warn/unused-segment.journey")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: File not found: "nope/missing.journey".\n');
    expect(r.stdout).toMatch(/1 file checked: 0 errors, 1 warning\./);
  });

  it("exits 2 for a folder without journeys and for a glob that matches nothing", async () => {
    const folder = await journey(["validate", "packages/cli/test/fixtures/empty-dir"]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe('error: No .journey files in folder "packages/cli/test/fixtures/empty-dir".\n');
    const glob = await journey(["validate", "nothing/**/*.journey"]);
    expect(glob.code).toBe(2);
    expect(glob.stderr).toContain('No files match "nothing/**/*.journey".');
  });

  it("exits 2 naming a folder it cannot read inside the folder or glob it searches, and checks the rest", async () => {
    const dir = tempDir({ "ok.journey": join(FIXTURES, "warn/unused-segment.journey"), "locked/hidden.journey": join(FIXTURES, "broken/unknown-stage.journey") });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, "ok.journey"), 0o644);
    chmodSync(join(dir, "locked"), 0o000);
    // Root reads any folder: the binary then runs without that power (see journey()).
    const as = { unprivileged: true };
    for (const args of [["validate"], ["validate", "."], ["validate", "**/*.journey"], ["fmt", "--check", "."]]) {
      const r = await journey(args, { cwd: dir, ...as });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toContain('error: Permission denied: "locked".\n');
      expect(r.stdout + r.stderr, args.join(" ")).toMatch(/^(1 file checked|\d+ files? of 1 )/m);
    }
  });

  it("rejects an unknown --format with exit 2", async () => {
    const r = await journey(["validate", "--format", "xml", "examples"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("xml");
  });

  it("colours output when FORCE_COLOR is set and NO_COLOR is not", async () => {
    const file = "packages/cli/test/fixtures/broken/unknown-stage.journey";
    const coloured = await journey(["validate", file], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
    expect(coloured.stdout).toContain("\u001b[");
    const plain = await journey(["validate", file], { env: { NO_COLOR: "1", FORCE_COLOR: "1" } });
    expect(plain.stdout).not.toContain("\u001b[");
  });
});

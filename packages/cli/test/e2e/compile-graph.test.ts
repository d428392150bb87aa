import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, journey, REPO, tempDir } from "./helpers.js";

const SHOP = "examples/ecommerce/ecommerce.journey";

describe("journey compile", () => {
  it("prints the XState config by default", async () => {
    const r = await journey(["compile", SHOP]);
    expect(r.code).toBe(0);
    const machine = JSON.parse(r.stdout) as { initial: string; states: Record<string, { type?: string }> };
    expect(machine.initial).toBe("welcome");
    expect(Object.keys(machine.states)).toContain("dormant");
    expect(machine.states.lost?.type).toBe("final");
  });

  it("prints the IR with --target ir, and writes it with -o", async () => {
    const dir = tempDir();
    const r = await journey(["compile", join(process.cwd(), SHOP), "--target", "ir", "-o", "shop.ir.json"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("Wrote shop.ir.json (journey IR).\n");
    const ir = JSON.parse(readFileSync(join(dir, "shop.ir.json"), "utf8")) as { irVersion: number; initial: string };
    expect(ir).toMatchObject({ irVersion: 1, initial: "welcome" });
  });

  it("refuses a file with errors: diagnostics on stderr, nothing on stdout, exit 1", async () => {
    const r = await journey(["compile", join(FIXTURES, "broken/unknown-stage.journey")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error[JRN101]");
    expect(r.stderr).toMatch(/Cannot compile .*unknown-stage\.journey: 1 error\.\n$/);
  });

  it("refuses -o naming the journey file itself (or a link to it), and leaves it as it was", async () => {
    const dir = tempDir();
    const file = join(dir, "shop.journey");
    const text = readFileSync(join(REPO, SHOP), "utf8");
    writeFileSync(file, text);
    symlinkSync(file, join(dir, "link.journey"));
    for (const [command, out] of [["compile", "shop.journey"], ["graph", "./link.journey"]] as const) {
      const r = await journey([command, "shop.journey", "-o", out], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`error: -o "${out.replace("./", "")}" is the journey file: writing it would overwrite it. Choose another path.\n`);
      expect(readFileSync(file, "utf8")).toBe(text);
    }
  });

  it("exits 2 when -o names a file in a folder that does not exist", async () => {
    const r = await journey(["compile", SHOP, "-o", "no/such/folder/x.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: Cannot write "no/such/folder/x.json": its folder does not exist.\n');
  });

  it("exits 2 for a missing file and for an unknown target", async () => {
    const missing = await journey(["compile", "missing.journey"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: File not found: "missing.journey".\n');
    const target = await journey(["compile", SHOP, "--target", "bpmn"]);
    expect(target.code).toBe(2);
  });
});

describe("journey graph", () => {
  it("prints Mermaid with readable transition labels", async () => {
    const r = await journey(["graph", SHOP]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("stateDiagram-v2");
    expect(lines).toContain("  [*] --> welcome");
    expect(lines).toContain("  browsing --> dormant: inactive for 60 days");
    expect(lines).toContain("  welcome --> browsing: after 7 days");
    expect(lines).toContain("  lost --> [*]");
  });

  it("prints Graphviz DOT with --format dot", async () => {
    const r = await journey(["graph", SHOP, "--format", "dot"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^digraph "E-commerce lifecycle" \{\n/);
    expect(r.stdout).toContain('"__start" -> "welcome";');
    expect(r.stdout).toContain('"cart" -> "buyer" [label="event purchase"];');
    expect(r.stdout).toContain('"lost" [label="lost", peripheries=2];');
    expect(r.stdout.trimEnd().endsWith("}")).toBe(true);
  });

  it("refuses a journey with errors (exit 1)", async () => {
    const r = await journey(["graph", join(FIXTURES, "broken/syntax.journey")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error[JRN003]");
  });
});

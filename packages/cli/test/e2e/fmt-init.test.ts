import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, journey, tempDir } from "./helpers.js";

describe("journey fmt", () => {
  it("leaves a file that is not UTF-8 as it was, and says where it stops being UTF-8 (validate and compile too)", async () => {
    const dir = tempDir();
    const file = join(dir, "latin1.journey");
    const bytes = Buffer.concat([Buffer.from('journey "caf'), Buffer.from([0xe9]), Buffer.from('" {\n  stage a initial terminal\n}\n')]);
    writeFileSync(file, bytes);
    for (const command of [["fmt", "latin1.journey"], ["validate", "latin1.journey"], ["compile", "latin1.journey"]]) {
      const r = await journey(command, { cwd: dir });
      expect(r.code, command.join(" ")).toBe(1);
      expect(r.stdout + r.stderr).toContain("error[JRN001]: This file is not UTF-8 text: its byte 0xE9 here cannot be read as UTF-8, so the file was not parsed.");
      expect(r.stdout + r.stderr).toContain("--> latin1.journey:1:13");
      expect(readFileSync(file)).toEqual(bytes);
    }
  });

  it("--check lists the files that differ and exits 1, writing nothing", async () => {
    const dir = tempDir({ "messy.journey": join(FIXTURES, "format/messy.journey.txt"), "ok.journey": join(FIXTURES, "warn/unused-segment.journey") });
    const before = readFileSync(join(dir, "messy.journey"), "utf8");
    const r = await journey(["fmt", "--check"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("messy.journey\n");
    expect(r.stderr).toBe("1 file of 2 not in canonical form.\n");
    expect(readFileSync(join(dir, "messy.journey"), "utf8")).toBe(before);
  });

  it("rewrites files in canonical form; a second run changes nothing", async () => {
    const dir = tempDir({ "messy.journey": join(FIXTURES, "format/messy.journey.txt") });
    const first = await journey(["fmt", "messy.journey"], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("formatted messy.journey\n1 file of 1 reformatted.\n");
    const text = readFileSync(join(dir, "messy.journey"), "utf8");
    expect(text).toContain('\n  stage welcome initial {\n    on enter { send email "hello" }\n');
    const check = await journey(["fmt", "--check", "messy.journey"], { cwd: dir });
    expect(check.code).toBe(0);
    expect(check.stdout).toBe("");
  });

  it("leaves a file with syntax errors untouched and exits 1", async () => {
    const dir = tempDir({ "syntax.journey": join(FIXTURES, "broken/syntax.journey") });
    const before = readFileSync(join(dir, "syntax.journey"), "utf8");
    const r = await journey(["fmt", "syntax.journey"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[JRN003]");
    expect(readFileSync(join(dir, "syntax.journey"), "utf8")).toBe(before);
  });

  it("exits 2 when a path does not exist", async () => {
    const r = await journey(["fmt", "--check", "does-not-exist"], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: File not found: "does-not-exist".');
  });
});

describe("journey init", () => {
  for (const model of ["3", "4", "5", "6", "saas", "ecommerce"]) {
    it(`--model ${model} scaffolds a journey that validates with zero errors and is formatted`, async () => {
      const dir = tempDir();
      const r = await journey(["init", `Model ${model} journey`, "--model", model], { cwd: dir });
      expect(r.code).toBe(0);
      const file = `model-${model}-journey.journey`;
      expect(r.stdout).toContain(`Created ${file}`);
      expect(readFileSync(join(dir, file), "utf8")).toContain(`journey "Model ${model} journey" {`);
      const validate = await journey(["validate", file], { cwd: dir });
      expect(validate.stdout).toBe("1 file checked: 0 errors, 0 warnings.\n");
      expect(validate.code).toBe(0);
      const fmt = await journey(["fmt", "--check", file], { cwd: dir });
      expect(fmt.code).toBe(0);
    });
  }

  it("names the file after the journey, escapes quotes, and refuses to overwrite without --force", async () => {
    const dir = tempDir();
    const first = await journey(["init", 'Spring "VIP" 인지'], { cwd: dir });
    expect(first.code).toBe(0);
    const file = join(dir, "spring-vip-인지.journey");
    expect(readFileSync(file, "utf8")).toContain('journey "Spring \\"VIP\\" 인지" {');
    expect((await journey(["validate", "spring-vip-인지.journey"], { cwd: dir })).code).toBe(0);
    writeFileSync(file, "keep me");
    const again = await journey(["init", 'Spring "VIP" 인지'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('error: "spring-vip-인지.journey" already exists; pass --force to overwrite it.\n');
    expect(readFileSync(file, "utf8")).toBe("keep me");
    const forced = await journey(["init", 'Spring "VIP" 인지', "--force"], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(file, "utf8")).not.toBe("keep me");
  });

  it("rejects an unknown model with exit 2", async () => {
    const r = await journey(["init", "--model", "7"], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("7");
  });
});

/**
 * The docs cannot drift from the compiler: every ```journey block in docs/*.md is a complete
 * file that checks with no errors, every ```journey-error code=JRNxxx block reports that code,
 * and docs/diagnostics.md documents every code of the registry with a block that triggers it.
 */
import { globSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { check, DIAGNOSTIC_CODES, formatText, MAX_SOURCE_BYTES } from "../packages/dsl/src/index.js";

const docsDir = dirname(fileURLToPath(import.meta.url));

interface Block {
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string after the backticks, e.g. `journey` or `journey-error code=JRN101`. */
  readonly info: string;
  readonly text: string;
}

/** Fenced blocks of a Markdown text (``` fences only; the docs use no other kind). */
function fencedBlocks(file: string, markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S.*)?$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    blocks.push({ file, line: start + 1, info: (open[1] ?? "").trim(), text: body.join("\n") + "\n" });
  }
  return blocks;
}

const repoRoot = dirname(docsDir);
/** docs/*.md, plus the READMEs, whose journey blocks are checked the same way. */
const docs = [
  ...globSync("*.md", { cwd: docsDir })
    .sort()
    .map((name) => ({ name, path: join(docsDir, name) })),
  { name: "README.md", path: join(repoRoot, "README.md") },
  { name: "examples/README.md", path: join(repoRoot, "examples", "README.md") },
].map(({ name, path }) => ({ name, text: readFileSync(path, "utf8") }));
const blocks = docs.flatMap((d) => fencedBlocks(d.name, d.text));
const journeyBlocks = blocks.filter((b) => b.info === "journey");
const errorBlocks = blocks.filter((b) => b.info.startsWith("journey-error"));

const summary = (ds: readonly { code: string; severity: string; line: number; column: number; message: string }[]) =>
  ds.map((d) => `${d.code} ${d.severity} ${d.line}:${d.column} ${d.message}`);

describe("fenced-block extraction", () => {
  test("finds blocks, their info strings and their lines", () => {
    const md = "# t\n\n```journey\njourney \"a\" {}\n```\n\ntext\n\n```journey-error code=JRN101\nx\n```\n";
    expect(fencedBlocks("t.md", md)).toEqual([
      { file: "t.md", line: 3, info: "journey", text: 'journey "a" {}\n' },
      { file: "t.md", line: 9, info: "journey-error code=JRN101", text: "x\n" },
    ]);
  });

  test("the docs have journey blocks to check", () => {
    expect(journeyBlocks.length).toBeGreaterThanOrEqual(20);
  });
});

describe.each(journeyBlocks.map((b) => [`${b.file}:${b.line}`, b] as const))("```journey %s", (_where, block) => {
  test("checks with no errors", () => {
    const result = check(block.text, { file: `${block.file}:${block.line}` });
    expect(summary(result.diagnostics.filter((d) => d.severity === "error"))).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe.each(errorBlocks.map((b) => [`${b.file}:${b.line}`, b] as const))("```journey-error %s", (_where, block) => {
  test("reports its code", () => {
    const code = /\bcode=(JRN\d{3})\b/.exec(block.info)?.[1];
    expect(code, `info string "${block.info}" names a code`).toBeDefined();
    const codes = check(block.text, { file: block.file }).diagnostics.map((d) => d.code);
    expect(codes).toContain(code);
  });
});

describe("docs/language.md", () => {
  test("the canonical-format example: the \"before\" block formats to the \"after\" block", () => {
    const inLanguage = journeyBlocks.filter((b) => b.file === "language.md");
    const before = inLanguage.findIndex((b) => b.text.startsWith('journey "Messy"{'));
    expect(before).toBeGreaterThanOrEqual(0);
    const after = inLanguage[before + 1]!;
    expect(formatText(inLanguage[before]!.text).formatted).toBe(after.text);
    expect(formatText(after.text).formatted).toBe(after.text);
  });
});

describe("docs/semantics.md", () => {
  test("numbers its statements S1..Sn, each once (tests elsewhere refer to these ids)", () => {
    const text = docs.find((d) => d.name === "semantics.md")?.text ?? "";
    const ids = [...text.matchAll(/^- \*\*S(\d+)\.\*\*/gm)].map((m) => Number(m[1]));
    expect(ids.length).toBeGreaterThanOrEqual(50);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids.map((_, i) => i + 1));
  });
});

describe("docs/diagnostics.md", () => {
  const diagnostics = docs.find((d) => d.name === "diagnostics.md");
  /**
   * Codes that no small file can show: JRN004 needs a file past MAX_SOURCE_BYTES (checked below
   * by generating one), JRN009 is an internal compiler error (a bug, by definition untriggerable).
   */
  const notShowable = new Set(["JRN004", "JRN009"]);

  test("exists", () => {
    expect(diagnostics).toBeDefined();
  });

  test.each(Object.keys(DIAGNOSTIC_CODES))("documents %s with a block that triggers it", (code) => {
    const text = diagnostics?.text ?? "";
    expect(text).toMatch(new RegExp(`^## ${code}\\b`, "m"));
    if (notShowable.has(code)) return;
    const triggering = errorBlocks.filter((b) => b.file === "diagnostics.md" && b.info.includes(`code=${code}`));
    expect(triggering.length, `a \`\`\`journey-error code=${code} block`).toBeGreaterThan(0);
  });

  test("documents no code the registry does not have", () => {
    const documented = [...(diagnostics?.text ?? "").matchAll(/^## (JRN\d{3})\b/gm)].map((m) => m[1]);
    expect(documented.filter((c) => !(c! in DIAGNOSTIC_CODES))).toEqual([]);
  });

  test("JRN004: a file past the size limit is reported, not parsed", () => {
    const filler = "# padding\n".repeat(Math.ceil(MAX_SOURCE_BYTES / 10) + 1);
    const text = `journey "big" {\n  stage a initial terminal\n}\n${filler}`;
    expect(check(text).diagnostics.map((d) => d.code)).toContain("JRN004");
  });
});

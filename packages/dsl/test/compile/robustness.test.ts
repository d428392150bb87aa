/**
 * Bad input never throws: `check` and `compile` on mutated example journeys (deleted,
 * duplicated and swapped slices, random insertions) always return diagnostics with positions.
 */
import { readFileSync } from "node:fs";
import { globSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check, compile, renderGithub, renderJson, renderPretty, Source } from "../../src/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
const texts = globSync("examples/**/*.journey", { cwd: root }).sort().map((f) => readFileSync(join(root, f), "utf8"));

const mutation = fc.record({
  text: fc.constantFrom(...texts),
  at: fc.nat(),
  len: fc.nat({ max: 40 }),
  kind: fc.constantFrom("delete", "duplicate", "insert", "swap"),
  crlf: fc.boolean(),
  insert: fc.constantFrom("go to ", "}", "{", " and ", " not ", "event ", "100%", "-1 days", '"', "stage x initial", "인지😀", "split s {", "#", "\u0000", "date \"x\"", "\t", "1e3", " = ", "date datetime\n", "@"),
});

function mutate(m: { text: string; at: number; len: number; kind: string; insert: string; crlf?: boolean }): string {
  if (m.crlf) return mutate({ ...m, crlf: false, text: m.text.replace(/\n/g, "\r\n") });
  const at = m.at % (m.text.length + 1);
  const slice = m.text.slice(at, at + m.len);
  switch (m.kind) {
    case "delete":
      return m.text.slice(0, at) + m.text.slice(at + m.len);
    case "duplicate":
      return m.text.slice(0, at) + slice + slice + m.text.slice(at + m.len);
    case "swap":
      return slice + m.text.slice(0, at) + m.text.slice(at + m.len);
    default:
      return m.text.slice(0, at) + m.insert + m.text.slice(at);
  }
}

describe("robustness", () => {
  it("has examples to mutate", () => {
    expect(texts.length).toBeGreaterThan(0);
  });
  it("check and compile never throw and report positioned diagnostics", () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const text = mutate(m);
        const checked = check(text, { file: "m.journey" });
        const compiled = compile(text, { file: "m.journey" });
        expect(compiled.ok).toBe(checked.ok);
        expect(compiled.ir === undefined).toBe(!compiled.ok);
        for (const d of compiled.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
          expect(d.span.start).toBeLessThanOrEqual(d.span.end);
          expect(d.code).toMatch(/^JRN\d{3}$/);
          expect(d.message).not.toMatch(/^Internal compiler error/);
          // Every diagnostic: a hint, and a line/column an editor shows for its span's start.
          expect(d.hint, d.message).toBeTruthy();
          const source = new Source(text);
          expect({ line: d.line, column: d.column }).toEqual(source.lineColumn(d.span.start));
          expect(d.line).toBeLessThanOrEqual(source.lineCount);
          expect(d.column).toBeLessThanOrEqual(Array.from(source.lineText(d.line)).length + 1);
        }
        // One mistake, one syntax error: never two at the same token.
        const syntax = compiled.diagnostics.filter((d) => d.code === "JRN003").map((d) => d.span.start);
        expect(new Set(syntax).size).toBe(syntax.length);
        // Renderers accept whatever the pipeline produced.
        renderPretty(compiled.diagnostics, { "m.journey": text });
        renderGithub(compiled.diagnostics, { "m.journey": text });
        expect(renderJson(compiled.diagnostics)).toHaveLength(compiled.diagnostics.length);
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parse } from "../src/parse.js";
import { formatText } from "../src/printer.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const fixtures = join(here, "fixtures/parse");
const golden = join(here, "golden/parse");
const files = readdirSync(fixtures).filter((f) => f.endsWith(".journey")).sort();

/** Diagnostics as the golden files hold them: everything a user sees, one object per problem. */
function diagnosticsOf(file: string, text: string): string {
  const { diagnostics } = parse(text, { file });
  return `${JSON.stringify(
    diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      line: d.line,
      column: d.column,
      message: d.message,
      ...(d.hint ? { hint: d.hint } : {}),
      ...(d.related ? { related: d.related.map((r) => ({ message: r.message, line: r.line, column: r.column })) } : {}),
      text: text.slice(d.span.start, d.span.end),
    })),
    null,
    2,
  )}\n`;
}

describe("parse fixtures", () => {
  test("good and broken fixtures exist", () => {
    expect(files.filter((f) => f.startsWith("broken-")).length).toBeGreaterThanOrEqual(5);
    expect(files.filter((f) => !f.startsWith("broken-")).length).toBeGreaterThanOrEqual(4);
  });

  test.each(files)("%s: diagnostics", async (name) => {
    const text = readFileSync(join(fixtures, name), "utf8");
    const rendered = diagnosticsOf(name, text);
    const count = JSON.parse(rendered).length;
    if (name.startsWith("broken-")) expect(count).toBeGreaterThan(0);
    else expect(count).toBe(0);
    await expect(rendered).toMatchFileSnapshot(join(golden, name.replace(/\.journey$/, ".diagnostics.json")));
  });

  test.each(files.filter((f) => !f.startsWith("broken-")))("%s: canonical format", async (name) => {
    const text = readFileSync(join(fixtures, name), "utf8");
    const { formatted } = formatText(text, { file: name });
    expect(formatted).toBeDefined();
    await expect(formatted).toMatchFileSnapshot(join(golden, name.replace(/\.journey$/, ".formatted.journey")));
  });

  test.each(files.filter((f) => f.startsWith("broken-")))("%s: still gives a partial AST and is not formatted", (name) => {
    const text = readFileSync(join(fixtures, name), "utf8");
    expect(parse(text).ast).toBeDefined();
    expect(formatText(text).formatted).toBeUndefined();
  });
});

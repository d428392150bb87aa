import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { check, renderGithub, renderJson, renderPretty } from "../../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const file = "broken.journey";
const text = readFileSync(join(here, "fixtures", file), "utf8");

describe("golden diagnostics for a journey with many mistakes", () => {
  const { diagnostics, ok } = check(text, { file });

  it("reports every mistake, sorted by position", () => {
    expect(ok).toBe(false);
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      "3:19 JRN603",
      "14:11 JRN601",
      "14:16 JRN501",
      "18:13 JRN401",
      "19:34 JRN106",
      "23:54 JRN202",
      "24:11 JRN101",
      "25:34 JRN201",
      "28:9 JRN303",
      "28:9 JRN304",
      "29:25 JRN205",
      "32:9 JRN303",
      "33:5 JRN305",
    ]);
  });

  it("renders pretty output", async () => {
    await expect(renderPretty(diagnostics, { [file]: text })).toMatchFileSnapshot("./__snapshots__/broken.pretty.txt");
  });

  it("renders JSON", async () => {
    await expect(`${JSON.stringify(renderJson(diagnostics), null, 2)}\n`).toMatchFileSnapshot("./__snapshots__/broken.json");
  });

  it("renders GitHub annotations", async () => {
    await expect(renderGithub(diagnostics, { [file]: text })).toMatchFileSnapshot("./__snapshots__/broken.github.txt");
  });
});

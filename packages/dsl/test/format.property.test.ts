import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parse } from "../src/parse.js";
import { format, formatText } from "../src/printer.js";
import { journey } from "./arbitraries.js";
import { semantic, stripLoc } from "./ast-utils.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = join(here, "../../..");

function findJourneyFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    if (entry === "node_modules" || entry.startsWith(".")) return [];
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return findJourneyFiles(path);
    return entry.endsWith(".journey") ? [path] : [];
  });
}

describe("format: random ASTs", () => {
  test("print → parse gives the same AST, and printing again gives the same text", () => {
    fc.assert(
      fc.property(journey, (ast) => {
        const printed = format(ast);
        const reparsed = parse(printed);
        expect(reparsed.diagnostics).toEqual([]);
        expect(stripLoc(reparsed.ast)).toEqual(stripLoc(ast));
        expect(format(reparsed.ast!, reparsed.comments, { text: printed })).toBe(printed);
      }),
      { numRuns: 300 },
    );
  });
});

describe("format: comments anywhere", () => {
  const base = readFileSync(join(here, "fixtures/parse/all-forms.journey"), "utf8").split("\n");

  test("comments at line ends or on their own lines survive, and formatting stays stable", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length - 1), fc.boolean(), fc.string({ maxLength: 6 })), { maxLength: 12 }),
        (inserts) => {
          const lines = [...base];
          inserts.forEach(([at, ownLine, words], i) => {
            const comment = `# c${i} ${words.replace(/[\r\n]/g, " ")}`.trimEnd();
            if (ownLine) lines.splice(at, 0, comment);
            else lines[at] = `${lines[at]} ${comment}`;
          });
          const text = lines.join("\n");
          const original = parse(text);
          expect(original.diagnostics).toEqual([]);
          const once = formatText(text).formatted!;
          const reparsed = parse(once);
          expect(reparsed.diagnostics).toEqual([]);
          expect(semantic(reparsed.ast)).toEqual(semantic(original.ast));
          expect(reparsed.comments.map((c) => c.text).sort()).toEqual(original.comments.map((c) => c.text).sort());
          expect(formatText(once).formatted).toBe(once);
        },
      ),
      { numRuns: 200 },
    );
  });
});

// Real files: the examples other engineers write (globbed at test time) and our good fixtures.
const goodFixtures = findJourneyFiles(join(here, "fixtures/parse")).filter((f) => !f.includes("broken"));
const examples = findJourneyFiles(join(repoRoot, "examples"));
const files = [...goodFixtures, ...examples];

describe("format: real files", () => {
  test("there are files to check", () => {
    expect(goodFixtures.length).toBeGreaterThan(0);
  });

  test.each(files.map((f) => [relative(repoRoot, f), f]))("%s formats stably and keeps its meaning and comments", (_, file) => {
    const text = readFileSync(file, "utf8");
    const original = parse(text, { file });
    expect(original.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const once = formatText(text).formatted!;
    const reparsed = parse(once);
    expect(reparsed.diagnostics).toEqual([]);
    expect(semantic(reparsed.ast)).toEqual(semantic(original.ast));
    // Declarations move to their canonical place and take their comments along: compare as sets.
    expect(reparsed.comments.map((c) => c.text).sort()).toEqual(original.comments.map((c) => c.text).sort());
    expect(formatText(once).formatted).toBe(once);
  });
});

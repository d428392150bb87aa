/**
 * Syntax messages say where they are: the "after X" of a message is the token just before the
 * one reported, on mutated example journeys (deleted slices, inserted words).
 */
import { globSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { lex } from "../src/lexer.js";
import { parse } from "../src/parse.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const texts = globSync("examples/**/*.journey", { cwd: root }).sort().map((f) => readFileSync(join(root, f), "utf8"));

describe("syntax messages", () => {
  test("there are examples to mutate", () => {
    expect(texts.length).toBeGreaterThan(0);
  });

  test("'after X, found Y': X is the token before Y (or a fixed phrase such as \"go to\")", () => {
    const edit = fc.record({
      text: fc.constantFrom(...texts),
      at: fc.nat(),
      len: fc.nat({ max: 12 }),
      insert: fc.constantFrom("", "if", "}", "{", "go", "when", "x", "1", "and", '"s"', "stage", "send", "date"),
    });
    fc.assert(
      fc.property(edit, ({ text, at, len, insert }) => {
        const cut = at % (text.length + 1);
        const mutated = `${text.slice(0, cut)} ${insert} ${text.slice(cut + (insert === "" ? len : 0))}`;
        const tokens = lex(mutated).tokens;
        for (const d of parse(mutated).diagnostics) {
          const m = /after "(.*)", found /.exec(d.message);
          if (d.code !== "JRN003" || !m || /[ .]/.test(m[1]!) || m[1]!.endsWith("…")) continue;
          const index = tokens.findIndex((t) => t.startOffset === d.span.start);
          // "found the end of the line" is reported at X itself.
          const atX = d.message.endsWith("found the end of the line.");
          const previous = index === -1 ? tokens[tokens.length - 1] : tokens[atX ? index : index - 1];
          expect(previous?.image, d.message).toBe(m[1]);
        }
      }),
      { numRuns: 1500 },
    );
  });
});

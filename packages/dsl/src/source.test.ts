import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Source } from "./source.js";

describe("Source", () => {
  test("maps offsets to 1-based lines and columns", () => {
    const s = new Source("ab\ncd\n\nef", "f.journey");
    expect(s.lineColumn(0)).toEqual({ line: 1, column: 1 });
    expect(s.lineColumn(2)).toEqual({ line: 1, column: 3 });
    expect(s.lineColumn(3)).toEqual({ line: 2, column: 1 });
    expect(s.lineColumn(6)).toEqual({ line: 3, column: 1 });
    expect(s.lineColumn(8)).toEqual({ line: 4, column: 2 });
    expect(s.lineCount).toBe(4);
  });

  test("counts columns in code points: Korean and astral characters", () => {
    const text = 'label "인지" go\nx "😀😀" y';
    const s = new Source(text);
    // The caret for `go` sits after the 2-character Korean label.
    expect(s.lineColumn(text.indexOf("go"))).toEqual({ line: 1, column: 12 });
    // Each emoji is two UTF-16 units but one column.
    expect(s.lineColumn(text.indexOf("y"))).toEqual({ line: 2, column: 8 });
  });

  test("treats CRLF and lone CR as one line break each", () => {
    const s = new Source("a\r\nb\rc");
    expect(s.lineColumn(3)).toEqual({ line: 2, column: 1 });
    expect(s.lineColumn(5)).toEqual({ line: 3, column: 1 });
    expect(s.lineText(1)).toBe("a");
    expect(s.lineText(2)).toBe("b");
    expect(s.lineText(3)).toBe("c");
    expect(s.lineText(4)).toBe("");
  });

  test("clamps offsets outside the text", () => {
    const s = new Source("abc\nd");
    expect(s.lineColumn(-5)).toEqual({ line: 1, column: 1 });
    expect(s.lineColumn(999)).toEqual({ line: 2, column: 2 });
    expect(s.lineColumn(Number.NaN)).toEqual({ line: 1, column: 1 });
  });

  test("builds diagnostics with the registry severity and positions", () => {
    const s = new Source("x\n  인지 y", "k.journey");
    const d = s.diagnostic("JRN003", "Bad.", { start: 7, end: 8 }, "Fix it.");
    expect(d).toEqual({
      code: "JRN003",
      severity: "error",
      message: "Bad.",
      file: "k.journey",
      span: { start: 7, end: 8 },
      line: 2,
      column: 6,
      hint: "Fix it.",
    });
  });

  test("line lookup agrees with a naive scan on many lines", () => {
    const text = Array.from({ length: 500 }, (_, i) => "x".repeat(i % 7)).join("\n");
    const s = new Source(text);
    for (let offset = 0; offset < text.length; offset += 13) {
      const before = text.slice(0, offset);
      const line = before.split("\n").length;
      const column = offset - (before.lastIndexOf("\n") + 1) + 1;
      expect(s.lineColumn(offset)).toEqual({ line, column });
    }
  });

  test("line and column agree with a naive scan on text with CR, LF, pairs and lone surrogates", () => {
    const piece = fc.constantFrom("a", "인", "😀", "\n", "\r", "\r\n", "\ud800", "\udc00", "\t", " ");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((p) => p.join("")), (text) => {
        const s = new Source(text);
        for (let offset = 0; offset <= text.length; offset++) {
          // Inside a CRLF is no place a diagnostic points at.
          if (text[offset - 1] === "\r" && text[offset] === "\n") continue;
          const before = text.slice(0, offset);
          const lineStart = Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1;
          const line = before.split(/\r\n|\r|\n/).length;
          // Array.from counts a pair as one and a lone surrogate as one, as an editor does.
          expect(s.lineColumn(offset)).toEqual({ line, column: Array.from(text.slice(lineStart, offset)).length + 1 });
        }
      }),
      { numRuns: 300 },
    );
  });
});

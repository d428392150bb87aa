import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Source } from "../source.js";
import { createDiagnostic } from "./create.js";
import type { Diagnostic } from "./diagnostic.js";
import { displayWidth, firstCells, printable } from "./display-width.js";
import { escapeGithubData, escapeGithubProperty, renderGithub } from "./render-github.js";
import { renderJson } from "./render-json.js";
import { renderPretty } from "./render-pretty.js";
import { parse } from "../parse.js";

const shop = [
  'journey "Shop" {',
  "  event visit",
  "  stage purchase initial {",
  "    go to purchse when event visit",
  "  }",
  "  stage purchase terminal",
  "}",
  "",
].join("\n");

const korean = [
  'journey "고객 여정" {',
  "  stage 인지 initial {",
  "    go to 구매😀단계 when event 방문",
  "  }",
  "}",
  "",
].join("\n");

function at(text: string, needle: string, nth = 0): { start: number; end: number } {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(needle, start + 1);
  if (start < 0) throw new Error(`fixture lacks ${needle}`);
  return { start, end: start + needle.length };
}

function shopDiagnostics(): Diagnostic[] {
  const source = new Source(shop, "shop.journey");
  return [
    createDiagnostic(
      source,
      "JRN101",
      at(shop, "purchse"),
      'Unknown stage "purchse". Did you mean "purchase"?',
      "Use the name of a stage declared in this journey.",
    ),
    createDiagnostic(
      source,
      "JRN110",
      at(shop, "purchase", 1),
      'Stage "purchase" is already defined.',
      "Rename one of the stages.",
      [{ message: "first defined here", span: at(shop, "purchase", 0) }],
    ),
  ];
}

function koreanDiagnostics(): Diagnostic[] {
  const source = new Source(korean, "k.journey");
  return [
    createDiagnostic(source, "JRN101", at(korean, "구매😀단계"), 'Unknown stage "구매😀단계".', "Declare the stage."),
    createDiagnostic(source, "JRN104", at(korean, "방문"), 'Unknown event "방문".', "Declare the event."),
  ];
}

describe("renderPretty", () => {
  it("renders frames, carets, help and related notes", async () => {
    const out = renderPretty(shopDiagnostics(), { "shop.journey": shop });
    await expect(out).toMatchFileSnapshot("./__fixtures__/shop.pretty.txt");
    expect(out).toContain("error[JRN101]: Unknown stage \"purchse\". Did you mean \"purchase\"?");
    expect(out).toContain("  --> shop.journey:4:11");
    expect(out).toContain("note: first defined here");
  });

  it("aligns carets under Korean and emoji text", async () => {
    const out = renderPretty(koreanDiagnostics(), new Map([["k.journey", korean]]));
    await expect(out).toMatchFileSnapshot("./__fixtures__/korean.pretty.txt");
    const lines = out.split("\n");
    const srcLine = lines.find((l) => l.includes("go to 구매"))!;
    const caretLine = lines[lines.indexOf(srcLine) + 1]!;
    const caretStart = caretLine.indexOf("^");
    const caretWidth = caretLine.lastIndexOf("^") - caretStart + 1;
    const prefix = srcLine.slice(0, srcLine.indexOf("구매"));
    expect(caretStart).toBe(displayWidth(prefix));
    expect(caretWidth).toBe(displayWidth("구매😀단계"));
  });

  it("reports code-point columns", () => {
    const [d] = koreanDiagnostics();
    expect(d!.line).toBe(3);
    expect(d!.column).toBe(11);
  });

  it("adds ANSI colours only when asked", () => {
    const plain = renderPretty(shopDiagnostics(), { "shop.journey": shop });
    const colored = renderPretty(shopDiagnostics(), { "shop.journey": shop }, { color: true });
    expect(plain).not.toContain("\u001b[");
    expect(colored).toContain("\u001b[");
    expect(colored.replace(/\u001b\[[0-9;]*m/g, "")).toBe(plain);
  });

  it("still renders the location when the source is unknown", () => {
    const out = renderPretty(shopDiagnostics());
    expect(out).toContain("--> shop.journey:4:11");
    expect(out).not.toContain("|");
  });
});

describe("renderPretty: lines a terminal should not get as they are", () => {
  it("shows a long line as a window around the span, carets under it", () => {
    const line = `${"x".repeat(500)}BAD${"y".repeat(500)}`;
    const source = new Source(`${line}\n`, "long.journey");
    const d = createDiagnostic(source, "JRN001", at(line, "BAD"), "Unexpected character.", "Delete it.");
    const lines = renderPretty([d], { "long.journey": source.text }).split("\n");
    const code = lines[3]!;
    const carets = lines[4]!;
    expect(code).toContain("…");
    expect(displayWidth(code)).toBeLessThan(200);
    const column = code.indexOf("BAD");
    expect(column).toBeGreaterThan(0);
    expect(carets.indexOf("^^^")).toBe(column);
  });

  it("puts the carets under the span's own text on short and very long lines of any script", () => {
    const piece = fc.constantFrom("a", " ", "\t", "인지", "😀", "e\u0301", "𝒳", "x".repeat(50), "가".repeat(200), "😀".repeat(700), "b".repeat(2000));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), fc.nat(), fc.nat({ max: 3 }), (pieces, at, len) => {
        const from = at % pieces.length;
        const line = pieces.join("");
        const start = pieces.slice(0, from).join("").length;
        const spanText = pieces.slice(from, from + len).join("");
        const source = new Source(`${line}\n`, "p.journey");
        const d = createDiagnostic(source, "JRN003", { start, end: start + spanText.length }, "Syntax error.", "Fix it.");
        const lines = renderPretty([d], { "p.journey": source.text }).split("\n");
        const code = [...lines[3]!.slice(" 1 | ".length)];
        const caretLine = lines[4]!.slice("   | ".length);
        const caretAt = caretLine.indexOf("^");
        expect(displayWidth(code.join(""))).toBeLessThanOrEqual(200);
        // The code points from the caret's cell on are the span's text (cut with "…" when long).
        let cells = 0;
        let i = 0;
        while (i < code.length && cells < caretAt) cells += displayWidth(code[i++]!);
        expect(cells).toBe(caretAt);
        // A combining mark before the span takes no cell: it sits at the caret's cell too.
        while (i < code.length && displayWidth(code[i]!) === 0 && !spanText.startsWith(code[i]!)) i++;
        const under = code.slice(i).join("");
        const shown = printable(spanText);
        if (displayWidth(shown) <= 59) expect(under.startsWith(shown)).toBe(true);
        else expect(under.startsWith(shown) || under.startsWith(`${firstCells(shown, 59)}…`)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("frames thousands of diagnostics on one long line, each as a window", () => {
    const line = "stage x { go to when ".repeat(5000);
    const source = new Source(`${line}\n`, "long.journey");
    const ds = Array.from({ length: 5000 }, (_, k) => {
      const start = k * 21 + 16;
      return createDiagnostic(source, "JRN003", { start, end: start + 4 }, "Syntax error.", "Fix it.");
    });
    const frames = renderPretty(ds, { "long.journey": source.text }).split("\n").filter((l) => l.startsWith(" 1 | "));
    expect(frames).toHaveLength(5000);
    for (const f of frames) expect(displayWidth(f)).toBeLessThan(200);
  });

  it("marks a cut span with an ellipsis", () => {
    const line = `  go to ${"x".repeat(300)} when event visit`;
    const source = new Source(`${line}\n`, "span.journey");
    const d = createDiagnostic(source, "JRN003", at(line, "x".repeat(300)), "Syntax error.", "Fix it.");
    const code = renderPretty([d], { "span.journey": source.text }).split("\n")[3]!;
    expect(code).toContain(`${"x".repeat(59)}… when event visit`);
  });

  it("prints control characters as U+FFFD, keeping the carets aligned", () => {
    const line = "  stage a\u0007b\u001b[31m initial @";
    const source = new Source(`${line}\n`, "ctl.journey");
    const d = createDiagnostic(source, "JRN001", at(line, "@"), "Unexpected character.", "Delete it.");
    const lines = renderPretty([d], { "ctl.journey": source.text }).split("\n");
    expect(lines[3]).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(lines[3]).toContain("\ufffd");
    expect(lines[4]!.indexOf("^")).toBe(lines[3]!.indexOf("@"));
  });

  it("reports a binary file once, as not a text file", () => {
    const bytes = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x3b, 0x40, 0x24, 10, 0xff, 0xfe, 0, 0x22]);
    const { ast, diagnostics } = parse(bytes.toString("utf8"), { file: "ls.journey" });
    expect(ast).toBeUndefined();
    expect(diagnostics.map((x) => [x.code, x.line, x.column])).toEqual([["JRN001", 1, 8]]);
    expect(diagnostics[0]!.message).toMatch(/not a text file/);
  });

  it("reports a file its reader found not to be UTF-8 once, where the bad byte is, and parses nothing", () => {
    const text = 'journey "caf\ufffd" {\n  stage a initial terminal\n}\n';
    const { ast, diagnostics } = parse(text, { file: "latin1.journey", notUtf8: { offset: 12, byte: 0xe9 } });
    expect(ast).toBeUndefined();
    expect(diagnostics.map((x) => [x.code, x.line, x.column, x.message])).toEqual([
      ["JRN001", 1, 13, "This file is not UTF-8 text: its byte 0xE9 here cannot be read as UTF-8, so the file was not parsed."],
    ]);
    expect(diagnostics[0]!.hint).toContain("Save the file as UTF-8");
  });
});

describe("renderJson", () => {
  it("produces plain objects with stable keys", async () => {
    const json = renderJson(shopDiagnostics());
    expect(Object.keys(json[0]!)).toEqual([
      "file", "line", "column", "code", "severity", "message", "hint", "span", "related",
    ]);
    expect(json[1]!.related[0]).toMatchObject({ message: "first defined here", line: 3, column: 9 });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    await expect(JSON.stringify(json, null, 2) + "\n").toMatchFileSnapshot("./__fixtures__/shop.json");
  });
});

describe("renderGithub", () => {
  it("renders workflow commands", async () => {
    const out = renderGithub(shopDiagnostics(), { "shop.journey": shop });
    await expect(out).toMatchFileSnapshot("./__fixtures__/shop.github.txt");
    expect(out.split("\n")[0]).toBe(
      '::error file=shop.journey,line=4,col=11,endLine=4,endColumn=18,title=JRN101::Unknown stage "purchse". Did you mean "purchase"?%0Ahelp: Use the name of a stage declared in this journey.',
    );
  });

  it("escapes data and properties", () => {
    expect(escapeGithubData("50% a\r\nb")).toBe("50%25 a%0D%0Ab");
    expect(escapeGithubProperty("dir:a,b%.journey")).toBe("dir%3Aa%2Cb%25.journey");
    const d: Diagnostic = {
      code: "JRN303", severity: "warning", message: "x, y: 100%", file: "a,b:c.journey",
      span: { start: 0, end: 1 }, line: 1, column: 1,
    };
    expect(renderGithub([d])).toBe("::warning file=a%2Cb%3Ac.journey,line=1,col=1,title=JRN303::x, y: 100%25\n");
  });
});

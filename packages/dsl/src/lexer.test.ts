import { Lexer, type TokenType } from "chevrotain";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { isKeyword, isReserved, KEYWORDS, LEXER_TOKENS, lex } from "./lexer.js";

function kinds(text: string): string[] {
  return lex(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

describe("lexer", () => {
  test("reads keywords longest first and names that start with a keyword", () => {
    expect(kinds("inactive in notes not one on yes/no yesterday days day")).toEqual([
      "Kw_inactive:inactive",
      "Kw_in:in",
      "Identifier:notes",
      "Kw_not:not",
      "Kw_one:one",
      "Kw_on:on",
      "Kw_yes_no:yes/no",
      "Identifier:yesterday",
      "Kw_days:days",
      "Kw_day:day",
    ]);
  });

  test("reads Unicode identifiers, underscores and digits", () => {
    expect(kinds("abc인지 a1_é")).toEqual(["Identifier:abc인지", "Identifier:a1_é"]);
    expect(lex("a😀").problems.map((p) => p.message)).toEqual(['Unexpected character "😀".']);
    expect(kinds("인지 étape _x1 Жук 𝒜b")).toEqual([
      "Identifier:인지",
      "Identifier:étape",
      "Identifier:_x1",
      "Identifier:Жук",
      "Identifier:𝒜b",
    ]);
  });

  test("reads numbers, percents, strings with escapes and operators", () => {
    expect(kinds('12 -3 4.5 50% 12.5% "a \\"b\\" 인지" == != <= >= < > = , : . ( ) { }')).toEqual([
      "Number:12",
      "Number:-3",
      "Number:4.5",
      "Percent:50%",
      "Percent:12.5%",
      'String:"a \\"b\\" 인지"',
      "EqEq:==",
      "NotEq:!=",
      "LtEq:<=",
      "GtEq:>=",
      "Lt:<",
      "Gt:>",
      "Equals:=",
      "Comma:,",
      "Colon::",
      "Dot:.",
      "LParen:(",
      "RParen:)",
      "LBrace:{",
      "RBrace:}",
    ]);
  });

  test("keeps comments apart from the tokens", () => {
    const r = lex("stage a # first\n# second\nstage b");
    expect(r.tokens.map((t) => t.image)).toEqual(["stage", "a", "stage", "b"]);
    expect(r.comments.map((t) => [t.image, t.startOffset])).toEqual([
      ["# first", 8],
      ["# second", 16],
    ]);
  });

  test("reports an unexpected character as JRN001 and goes on", () => {
    const r = lex("stage a @ b");
    expect(r.problems).toEqual([
      { code: "JRN001", offset: 8, length: 1, message: 'Unexpected character "@".', hint: expect.stringContaining("Delete it") },
    ]);
    expect(r.tokens.map((t) => t.image)).toEqual(["stage", "a", "b"]);
  });

  test("reads a single-quoted string as a string, reported once with a hint", () => {
    const r = lex("tag 'x y' '");
    expect(r.problems).toEqual([
      { code: "JRN001", offset: 4, length: 1, message: `Unexpected character "'".`, hint: expect.stringContaining("double quotes") },
      { code: "JRN001", offset: 10, length: 1, message: `Unexpected character "'".`, hint: expect.stringContaining("double quotes") },
    ]);
    expect(r.tokens.map((t) => t.tokenType.name)).toEqual(["Kw_tag", "String"]);
  });

  test("reports an unterminated string as JRN002 and reads it as a string", () => {
    const r = lex('label "open\nstage b');
    expect(r.problems).toMatchObject([{ code: "JRN002", offset: 6, length: 5, message: "Unterminated string." }]);
    expect(kinds('label "open\nstage b')).toEqual(["Kw_label:label", 'String:"open', "Kw_stage:stage", "Identifier:b"]);
  });

  test("reads && and || as and / or, reported with a hint", () => {
    const r = lex("a && b || c");
    expect(r.problems.map((p) => [p.code, p.offset, p.message, p.hint])).toEqual([
      ["JRN001", 2, 'Unexpected "&&".', "Write `and` to combine conditions."],
      ["JRN001", 7, 'Unexpected "||".', "Write `or` to combine conditions."],
    ]);
    expect(r.tokens.map((t) => t.tokenType.name)).toEqual(["Identifier", "Kw_and", "Identifier", "Kw_or", "Identifier"]);
  });

  test("separates reserved words from contextual ones", () => {
    expect(isReserved("stage")).toBe(true);
    expect(isReserved("customer")).toBe(false);
    expect(isKeyword("customer")).toBe(true);
    expect(isKeyword("cart")).toBe(false);
    expect(KEYWORDS).toContain("yes/no");
  });
});

describe("lexer agrees with the reference definition (LEXER_TOKENS)", () => {
  // The hand-written scanner must read exactly what a Chevrotain lexer built from the token
  // patterns reads: same tokens, same comments, same unexpected-character runs.
  const reference = new Lexer(LEXER_TOKENS as TokenType[], { positionTracking: "onlyOffset", ensureOptimizations: true });

  function viaReference(text: string) {
    const r = reference.tokenize(text);
    // `lex` skips the rest of a number written in another language's form (`1e3`, `4.`),
    // reported as one JRN006: leave out what the reference reads there after the number.
    const skipped = lex(text).problems.filter((p) => p.code === "JRN006");
    const kept = (offset: number) => !skipped.some((p) => offset > p.offset && offset < p.offset + p.length);
    return {
      tokens: r.tokens.filter((t) => kept(t.startOffset)).map((t) => [t.tokenType.name, t.image, t.startOffset]),
      comments: (r.groups["comments"] ?? []).map((t) => [t.image, t.startOffset]),
      errors: r.errors.filter((e) => kept(e.offset)).map((e) => [e.offset, e.length]),
    };
  }

  const RAW = new Set(["UnterminatedString", "SingleQuotedString", "CStyleAnd", "CStyleOr"]);
  function viaLexer(text: string) {
    const r = lex(text);
    const quoted = new Set(r.tokens.filter((t) => t.image.startsWith("'")).map((t) => t.startOffset));
    const unexpected = r.problems.filter((p) => p.message.startsWith("Unexpected character") && !quoted.has(p.offset));
    return {
      // Undo the rewrites `lex` makes on top of the grammar: keywords back to names, slips to their raw types.
      tokens: r.tokens.map((t) => {
        const raw = text.slice(t.startOffset, t.endOffset! + 1);
        expect(t.image).toBe(raw);
        let name = t.tokenType.name;
        if (name === "String" && raw.startsWith("'")) name = "SingleQuotedString";
        else if (name === "String" && !/^"(?:[^"\\\r\n]|\\[^\r\n])*"$/.test(raw)) name = "UnterminatedString";
        else if (raw === "&&") name = "CStyleAnd";
        else if (raw === "||") name = "CStyleOr";
        else if (name.startsWith("Kw_") && name !== "Kw_yes_no") name = "Identifier";
        return [name, t.image, t.startOffset];
      }),
      comments: r.comments.map((t) => [t.image, t.startOffset]),
      errors: unexpected.map((p) => [p.offset, p.length]),
    };
  }

  const pieces = [
    " ", "\n", "\r\n", "\t", "\u00a0", "\ufeff", "#", "# note", "\"", "\"a b\"", "\\", "\\\"", "'", "'x'", "&", "&&", "|", "||",
    "-", "1", "12", "3.5", ".", "%", "50%", "=", "==", "!", "!=", "<", "<=", ">", ">=", "{", "}", "(", ")", ",", ":",
    "yes/no", "yes", "/", "no", "stage", "inactive", "a", "é", "인지", "𝒜", "😀", "_", "@", "x1", "\u2028", "\u0301",
    "e3", "E-7", "_000",
  ];
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((a) => a.join(""));

  test("on random text", () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(viaLexer(t)).toEqual(viaReference(t));
      }),
      { numRuns: 3000 },
    );
  });

  test("on the examples", () => {
    for (const t of ["", 'journey "x" { stage a initial terminal }', "tag 'x y' '", 'label "open\\\nstage b', "a😀 b", "1.%  -x 2.5.6"]) {
      expect(viaLexer(t)).toEqual(viaReference(t));
    }
  });
});

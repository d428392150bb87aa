import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { buildJourney } from "./ast-builder.js";
import { KEYWORDS, lex } from "./lexer.js";
import { parseCst } from "./parser.js";
import { Source } from "./source.js";
import { MAX_CONDITION_DEPTH, parse } from "./parse.js";
import { wrap } from "../test/ast-utils.js";

function brief(text: string) {
  return parse(text, { file: "t.journey" }).diagnostics.map((d) => ({ code: d.code, line: d.line, column: d.column, message: d.message }));
}

describe("parse: errors and recovery", () => {
  test("a file with three mistakes gives three diagnostics and a partial AST", () => {
    const text = [
      'journey "Three" {',
      "  stage a initial {",
      "    on enter { tag }",
      "    go to b when x >",
      "    after 3 { }",
      "  }",
      "  stage b terminal",
      "}",
    ].join("\n");
    const r = parse(text);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      ["JRN003", 3, 20, 'Expected the tag (a string) after "tag", found "}".'],
      ["JRN003", 5, 5, 'Expected a value (a string, a number, "yes", "no" or "date") after ">", found "after".'],
      ["JRN003", 5, 13, 'Expected a time unit ("seconds", "minutes", "hours", "days" or "weeks"), found "{".'],
    ]);
    expect(r.ast?.stages.map((s) => s.name?.name)).toEqual(["a", "b"]);
    const a = r.ast!.stages[0]!;
    expect(a.blocks[0]!.actions[0]).toMatchObject({ kind: "Tag", tag: undefined });
    expect(a.transitions[0]).toMatchObject({ target: { name: "b" }, when: { kind: "TestAtom", test: { kind: "CompareTest", value: undefined } } });
  });

  test("a missing stage brace is reported once, with a hint, and the items stay with the stage", () => {
    const text = wrap("  stage a initial\n    go to b when x\n    on enter { tag \"t\" }\n  stage b terminal");
    const r = parse(text);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      code: "JRN003",
      message: 'Expected "{" after the stage name, found "go".',
      line: 3,
      column: 5,
      hint: expect.stringContaining("braces"),
    });
    expect(r.ast!.stages[0]!.items.map((i) => i.kind)).toEqual(["Transition", "Block"]);
  });

  test("common slips give one message each, with a targeted hint", () => {
    const one = (body: string) => {
      const ds = parse(wrap(body)).diagnostics;
      expect(ds, body).toHaveLength(1);
      return [ds[0]!.message, ds[0]!.hint];
    };
    expect(one("holdout 5")).toEqual(['Expected a percentage such as "5%", found "5".', "Write the percent sign right after the number: `5%`."]);
    expect(one("stage a { on enter { split s { variant a 50 { } } } }")[0]).toBe('Expected a percentage such as "50%", found "50".');
    expect(one("customer { email: text }")).toEqual(['Expected a type after "email", found ":".', 'Fields are written without ":", as in `email text required`.']);
    expect(one("segment s = x = 1")[1]).toContain('write "=="');
    expect(one("stage a { go to b when event }")[0]).toBe('Expected an event name (or "." and a property) after "event", found "}".');
    expect(one('stage a { on enter { tag "x" or } }')[0]).toBe('Expected "}" to close the block, or an action, found "or".');
  });

  test("a slip still leaves the value in the tree", () => {
    const r = parse(wrap("holdout 5\ncustomer { email: text }"));
    expect(r.ast!.holdout?.percent?.value).toBe(5);
    expect(r.ast!.customer[0]).toMatchObject({ name: { name: "email" }, type: { name: "text" } });
  });

  test("the journey's own closing brace is named as such", () => {
    const r = parse(wrap('stage a { on enter { tag "x" }'));
    expect(r.diagnostics.map((d) => d.message)).toEqual(['Expected "}" to close the stage, or a stage item, found the journey\'s closing "}".']);
  });

  test("reserved words used as names get a hint", () => {
    const r = parse(wrap("stage stage initial"));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: "JRN003", message: '"stage" is a reserved word and cannot be a stage name.', hint: 'Choose another name, such as "stage_1".' }),
    ]);
    // The reserved word is read as the name, so the rest of the file parses normally.
    expect(r.ast!.stages[0]).toMatchObject({ name: { name: "stage" }, initial: true });
    expect(parse(wrap("stage a { go to stage when x }")).diagnostics).toHaveLength(1);
    expect(parse(wrap("stage a { go to b when in stage for 2 days }")).diagnostics).toEqual([]);
  });

  test("`segment` and `variant` are names too: a reserved word after them is judged only in a declaration", () => {
    const ok = [
      'customer { segment one of "smb", "ent" } stage a initial terminal { on enter { tag "x" if segment == "smb" } }',
      "customer { segment yes/no } stage a initial terminal { on enter { tag \"x\" if segment is set } }",
      'customer { segment text } stage a initial terminal { on enter { tag "x" if segment in ("a", "b") and segment contains "a" } }',
      "stage segment initial terminal",
      "event variant\ngoal when event variant\nstage a initial { go to b when event variant }\nstage b terminal",
    ];
    for (const text of ok) expect(brief(wrap(text)), text).toEqual([]);
    expect(brief(wrap("segment one = x == 1")).map((d) => d.message)).toEqual(['"one" is a reserved word and cannot be a segment name.']);
    expect(brief(wrap("stage a initial terminal { on enter { split s { variant stage 50% { } control 50% } } }")).map((d) => d.message)).toEqual([
      '"stage" is a reserved word and cannot be a variant name.',
    ]);
  });

  test("positions count code points: a caret after a Korean label is on the right character", () => {
    // "😀" is two UTF-16 units but one column; "인지" two columns.
    const r = parse(wrap('  stage a { label "😀인지" go }'));
    expect(r.diagnostics[0]).toMatchObject({ line: 2, column: 28 });
    expect(r.diagnostics[0]!.message).toContain('found "}"');
  });

  test("duplicate header lines are JRN007 with the first one as related information", () => {
    const r = parse(wrap("version 1\nversion 2\nholdout 1%\nholdout 2%"));
    expect(r.diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ["JRN007", 3, 'Duplicate "version" line.'],
      ["JRN007", 5, 'Duplicate "holdout" line.'],
    ]);
    expect(r.diagnostics[0]!.related).toMatchObject([{ message: 'First "version" here.', line: 2, column: 1 }]);
    expect(r.ast!.version?.value).toBe(1);
  });

  test("lexing problems become JRN001 and JRN002", () => {
    expect(brief(wrap('stage a { label "x }\n}\nstage b @'))).toEqual([
      { code: "JRN002", line: 2, column: 17, message: "Unterminated string." },
      { code: "JRN001", line: 4, column: 9, message: 'Unexpected character "@".' },
    ]);
  });

  test("invalid escapes are JRN008", () => {
    expect(brief(wrap('description "a\\qb"'))[0]).toMatchObject({ code: "JRN008", line: 2, column: 15 });
  });

  test("text after the journey is reported", () => {
    expect(brief(wrap("") + "stage x")[0]).toMatchObject({ code: "JRN003", message: 'Unexpected "stage" after the end of the journey.' });
  });

  test("empty input gives a diagnostic and an empty journey", () => {
    const r = parse("");
    expect(r.diagnostics.map((d) => d.message)).toEqual(['Expected "journey" at the start of the file, found the end of the file.']);
    expect(r.ast).toMatchObject({ kind: "Journey", stages: [] });
  });
});

describe("parse: stage-by-stage parsing", () => {
  test("gives the same AST as parsing the file whole", () => {
    const text = wrap(
      'version 2\nevent p { v number }\nstage a initial { on event p with v > 1 { tag "x" } go to b when event p }\nsegment s = x == 1\nstage b { go to c after 1 day }\nstage c terminal\ngoal stage c',
    );
    const chunked = parse(text);
    expect(chunked.diagnostics).toEqual([]);
    const whole = parseCst(lex(text).tokens, "journeyFile");
    expect(whole.errors).toEqual([]);
    expect(buildJourney({ source: new Source(text), diagnostics: [] }, whole.cst!)).toEqual(chunked.ast);
  });

  test("a broken stage does not swallow the next one", () => {
    const r = parse(wrap("stage a initial { on enter { send }\nstage b { go to a when x }\nstage c terminal"));
    expect(r.ast!.stages.map((s) => s.name?.name)).toEqual(["a", "b", "c"]);
    expect(r.ast!.stages[1]!.transitions).toHaveLength(1);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'Expected a channel name after "send", found "}".',
      'Expected "}" to close the stage, or a stage item, found "stage".',
    ]);
  });

  test("junk between items is reported once and parsing goes on", () => {
    const r = parse(wrap("stage a initial terminal\n} } 42 ) \nstage b terminal"));
    expect(r.diagnostics.map((d) => [d.line, d.message])).toEqual([[3, 'Expected a declaration or a stage, found "}".']]);
    expect(r.ast!.stages.map((s) => s.name?.name)).toEqual(["a", "b"]);
  });

  test("a stray word in a block is reported once, by the block, not again by the journey", () => {
    const text = wrap("event purchase {\n  go to value number required\n}\nstage a initial terminal");
    const r = parse(text);
    const at = text.indexOf("go to");
    expect(r.diagnostics.filter((d) => d.span.start === at).map((d) => d.message)).toEqual([
      'Expected "}" to close the event, or a property, found "go".',
    ]);
  });

  test("an unexpected character has a hint", () => {
    const [d] = parse(wrap("stage a initial terminal 😀")).diagnostics;
    expect(d).toMatchObject({ code: "JRN001", message: 'Unexpected character "😀".', hint: expect.stringContaining("double quotes") });
  });

  test("a reserved word as a field or property name is said so once, and the block parses on", () => {
    const fields = "    date datetime\n    tag text required\n    z number";
    const text = `journey "x" {\n  customer {\n${fields}\n  }\n  event e {\n${fields}\n  }\n  stage a initial terminal\n}\n`;
    const r = parse(text);
    expect(r.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [3, 5, '"date" is a reserved word and cannot be a field name.'],
      [4, 5, '"tag" is a reserved word and cannot be a field name.'],
      [8, 5, '"date" is a reserved word and cannot be a property name.'],
      [9, 5, '"tag" is a reserved word and cannot be a property name.'],
    ]);
    expect(r.ast!.customer.map((f) => f.name.name)).toEqual(["date", "tag", "z"]);
  });

  test("'after X' in a syntax message names the token right before the one it reports", () => {
    // Chevrotain's own "previous" token was wherever recovery had got to: 'after ""s"", found ""s""'.
    const r = parse(wrap('stage a initial {\n  on event e {\n  "s" send email "x" }\n}'));
    expect(r.diagnostics.map((d) => d.message)).toEqual(['Expected "}" after "{", found ""s"".']);
  });

  test("a misspelt type is one error, not a second one on the next line", () => {
    const r = parse('journey "x" {\n  customer {\n    n numbr\n    z number\n  }\n  stage a initial terminal\n}\n');
    expect(r.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [3, 7, 'Expected a type ("text", "number", "yes/no", "datetime", "one of" or "list of text") after "n", found "numbr".'],
    ]);
  });

  test("a word alone on a field line is reported at the word, with a suggestion", () => {
    const r = parse('journey "x" {\n  customer {\n    n text requird\n    z number\n  }\n  stage a initial terminal\n}\n');
    expect(r.diagnostics.map((d) => [d.line, d.column, d.message, d.hint])).toEqual([
      [3, 12, 'Expected a type after "requird", found the end of the line.', 'Did you mean "required"? A field is `name type [required]`.'],
    ]);
  });

  test("exponents, digit separators and a bare trailing point are one JRN006 each, at the number", () => {
    const r = parse(wrap("stage a initial {\n  go to b when n > 1e3 or n < 1_000 or n == 4.\n}\nstage b terminal"));
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      ["JRN006", 3, 20, 'Invalid number "1e3": numbers are plain decimals.'],
      ["JRN006", 3, 31, 'Invalid number "1_000": numbers are plain decimals.'],
      ["JRN006", 3, 45, 'Invalid number "4.": numbers are plain decimals.'],
    ]);
    expect(r.diagnostics.every((d) => d.hint)).toBe(true);
  });

  test("a single = where a comparison goes gets the comparison hint, not the brace one", () => {
    const d = parse(wrap('stage a initial {\n  on enter { send email "x" if n = 1 }\n}')).diagnostics.find((x) => x.span.start > 0);
    expect(d?.hint).toContain('write "=="');
  });

  test("a stage called customer is no customer block: its conditions keep their keywords", () => {
    const text = wrap('stage customer initial terminal\nstage customer {\n  go to a when s == date "2026-01-01" and text == "x"\n}');
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.ast!.stages[1]!.transitions[0]!.when!.kind).toBe("And");
  });

  test("fields named like soft keywords after `required` and `yes/no` still parse", () => {
    const text = 'journey "x" {\n  customer {\n    a text required\n    text text\n    b yes/no\n    number number\n  }\n  stage a initial terminal\n}\n';
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.ast!.customer.map((f) => f.name.name)).toEqual(["a", "text", "b", "number"]);
  });

  test("a missing closing brace of the journey is reported at the end", () => {
    const r = parse('journey "x" {\n  stage a initial terminal\n');
    expect(r.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([[2, 27, 'Expected "}" to close the journey, found the end of the file.']]);
    expect(r.ast!.stages).toHaveLength(1);
  });

  test("a file that does not open with a journey header is parsed whole", () => {
    const r = parse('stage a initial terminal\njourney "x" { }');
    expect(r.diagnostics[0]).toMatchObject({ line: 1, column: 1, message: 'Expected "journey" at the start of the file, found "stage".' });
    expect(r.ast).toBeDefined();
  });
});

describe("parse: limits", () => {
  test("text over 2 MiB is JRN004 and is not parsed", () => {
    const r = parse(`journey "big" {${" ".repeat(2 * 1024 * 1024)}}`);
    expect(r.ast).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["JRN004"]);
  });

  test("multi-byte text is measured in UTF-8 bytes", () => {
    const r = parse(`journey "big" { description "${"인".repeat(700_000)}" }`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["JRN004"]);
  });

  test("100,000 nested parentheses are JRN005, not a stack overflow", () => {
    const r = parse(wrap(`segment s = ${"(".repeat(100_000)}a${")".repeat(100_000)}`));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["JRN005"]);
    expect(r.diagnostics[0]!.column).toBe(13 + MAX_CONDITION_DEPTH);
    expect(r.ast).toBeDefined();
  });

  test("long `not` chains and deep braces are JRN005 too", () => {
    expect(brief(wrap(`segment s = ${"not ".repeat(100_000)}a`)).map((d) => d.code)).toEqual(["JRN005"]);
    const splits = "split s { variant v 1% { ".repeat(50_000);
    expect(brief(wrap(`stage a { on enter { ${splits} } }`)).map((d) => d.code)).toContain("JRN005");
  });

  test("nesting up to the limit is accepted", () => {
    const depth = MAX_CONDITION_DEPTH;
    const r = parse(wrap(`segment s = ${"(".repeat(depth)}a${")".repeat(depth)}`));
    expect(r.diagnostics).toEqual([]);
  });

  test("invalid numbers and durations are JRN006", () => {
    expect(brief(wrap("reentry after 1.5 days"))).toEqual([
      { code: "JRN006", line: 2, column: 15, message: 'Invalid duration "1.5 days": durations are whole numbers.' },
    ]);
    expect(brief(wrap("reentry after 99999999999999999999 days"))[0]).toMatchObject({ code: "JRN006", message: expect.stringContaining("too long") });
    expect(brief(wrap("reentry after 0 days"))[0]).toMatchObject({ code: "JRN006", message: expect.stringContaining("positive") });
    expect(brief(wrap("version 2.5"))[0]).toMatchObject({ code: "JRN006" });
    expect(brief(wrap(`segment s = x > 1${"0".repeat(400)}`))[0]).toMatchObject({ code: "JRN006", message: expect.stringContaining("too large") });
  });
});

describe("parse: never throws", () => {
  test("random strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const r = parse(text);
        for (const d of r.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(Number.isFinite(d.span.start)).toBe(true);
        }
        expect(r.diagnostics.some((d) => d.code === "JRN009")).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  const pieces = [...KEYWORDS, "{", "}", "(", ")", ",", ":", ".", "==", "<", ">=", "=", "!=", "50%", "3", "-2.5", '"s"', '"open', "a", "인지", "#c\n", "\n", "@"];

  test("random token soups, inside and outside a journey", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 80 }), fc.boolean(), (soup, wrapped) => {
        const body = soup.join(" ");
        const r = parse(wrapped ? wrap(body) : body);
        expect(r.ast).toBeDefined();
        expect(r.diagnostics.some((d) => d.code === "JRN009")).toBe(false);
        for (const d of r.diagnostics) {
          expect(d.message).toMatch(/\.$/);
          expect(d.hint, d.message).toBeTruthy();
        }
        // One syntax error per token: recovery meeting a token twice must not tell it twice.
        const starts = r.diagnostics.filter((d) => d.code === "JRN003").map((d) => d.span.start);
        expect(new Set(starts).size).toBe(starts.length);
      }),
      { numRuns: 1000 },
    );
  });

  test("a valid journey with random edits", () => {
    const base = wrap("  stage a initial {\n    on enter { send email \"x\" with { n: event.n } if x == 1 }\n    go to b when event p with v > 0 and seg\n  }\n  stage b terminal");
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(5), fc.constantFrom("", "{", "}", "(", "go", '"', "not"), (at, cut, insert) => {
        const text = base.slice(0, at) + insert + base.slice(at + cut);
        const r = parse(text);
        expect(r.diagnostics.some((d) => d.code === "JRN009")).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe("parse: scale", () => {
  test("a generated 1,000-stage journey parses without diagnostics", () => {
    const stages = Array.from({ length: 1000 }, (_, i) =>
      [
        `  stage s${i}${i === 0 ? " initial" : ""} {`,
        `    on enter { send email "t${i}" with { n: first_name } if orders > ${i} }`,
        `    after ${i + 1} days { tag "d${i}" }`,
        `    go to s${(i + 1) % 1000} when event e${i % 7} with value > 0 or inactive for 3 days`,
        "  }",
      ].join("\n"),
    );
    const r = parse(`journey "Big" {\n  channels email\n${stages.join("\n")}\n}\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.ast!.stages).toHaveLength(1000);
    expect(r.ast!.stages[999]!.transitions[0]!.target?.name).toBe("s0");
  });
});

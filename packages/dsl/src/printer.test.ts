import { describe, expect, test } from "vitest";
import type * as A from "./ast.js";
import { parse } from "./parse.js";
import { format, formatText } from "./printer.js";
import { printCondition, printNumber, printString } from "./printer-expressions.js";

function fmt(text: string): string {
  const r = formatText(text);
  expect(r.diagnostics).toEqual([]);
  return r.formatted!;
}

describe("format: layout", () => {
  test("orders declarations canonically with a blank line between groups and stages", () => {
    const text = [
      'journey "x" {',
      "stage b terminal",
      "holdout 5%",
      "segment s = n > 1",
      "  event e",
      "channels email",
      "stage a initial { go to b when s }",
      "enroll when n is set",
      "version 2",
      'customer { n number }',
      "exit when event e",
      'description "d"',
      "goal stage b",
      "reentry never",
      "}",
    ].join("\n");
    expect(fmt(text)).toBe(
      [
        'journey "x" {',
        "  version 2",
        '  description "d"',
        "",
        "  channels email",
        "",
        "  customer {",
        "    n number",
        "  }",
        "",
        "  event e",
        "",
        "  segment s = n > 1",
        "",
        "  enroll when n is set",
        "  goal stage b",
        "  exit when event e",
        "  reentry never",
        "  holdout 5%",
        "",
        "  stage b terminal",
        "",
        "  stage a initial {",
        "    go to b when s",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
  });

  test("aligns field types by the longest name, counting wide characters twice", () => {
    const out = fmt('journey "x" { customer { a text  required\n long_name number\n 이름 yes/no } }');
    expect(out).toContain("    a         text required\n    long_name number\n    이름      yes/no\n");
  });

  test("merges several channels lines and customer blocks", () => {
    const out = fmt('journey "x" { channels a\n channels b, c\n customer { x text }\n customer { y number } }');
    expect(out).toContain("  channels a, b, c\n");
    expect(out).toContain("  customer {\n    x text\n    y number\n  }\n");
  });

  test("puts a one-action block on one line unless it is too long or holds a split", () => {
    const long = "x".repeat(80);
    const out = fmt(
      `journey "x" { stage a initial {\n on enter {\n tag "t"\n }\n after 1 day { send email "${long}" }\n on exit { }\n every 2 hours { split s { control 100% } } } }`,
    );
    expect(out).toContain('    on enter { tag "t" }\n');
    expect(out).toContain(`    after 1 day {\n      send email "${long}"\n    }\n`);
    expect(out).toContain("    on exit {}\n");
    expect(out).toContain("    every 2 hours {\n      split s {\n        control 100%\n      }\n    }\n");
  });

  test("keeps the written forms: unless, after shorthand, parentheses, event.prop, units", () => {
    const out = fmt(
      'journey "x" { stage a initial { on enter { tag "t" unless (a or b) and not c } go to b after 1 days go to b when in stage for 1 day go to b when event.v >= 1.50 } stage b terminal }',
    );
    expect(out).toContain('on enter { tag "t" unless (a or b) and not c }');
    expect(out).toContain("go to b after 1 day\n");
    expect(out).toContain("go to b when in stage for 1 day\n");
    expect(out).toContain("go to b when event.v >= 1.5\n");
  });

  test("keeps one blank line the author left between stage items, and drops others", () => {
    const out = fmt('journey "x" { stage a initial {\n\n label "L"\n\n\n\n go to b after 1 day\n go to c after 2 days\n\n } }');
    expect(out).toContain('  stage a initial {\n    label "L"\n\n    go to b after 1 day\n    go to c after 2 days\n  }\n');
  });
});

describe("format: comments", () => {
  const text = [
    "# file header",
    'journey "x" { # on the journey line',
    "  # above the stage",
    "  stage a initial {",
    '    on enter { tag "t" } # trailing',
    "    on exit {",
    '      tag "u"',
    "      # before a closing brace",
    "    }",
    "  }",
    "  stage b terminal {",
    "    # only comment",
    "  }",
    "  # above channels, which move up",
    "  channels email",
    "}",
    "# after the end",
  ].join("\n");

  test("keeps own-line comments above the next item and trailing ones on their line", () => {
    expect(fmt(text)).toBe(
      [
        "# file header",
        'journey "x" { # on the journey line',
        "  # above channels, which move up",
        "  channels email",
        "",
        "  # above the stage",
        "  stage a initial {",
        '    on enter { tag "t" } # trailing',
        "    on exit {",
        '      tag "u"',
        "      # before a closing brace",
        "    }",
        "  }",
        "",
        "  stage b terminal {",
        "    # only comment",
        "  }",
        "}",
        "# after the end",
        "",
      ].join("\n"),
    );
  });

  test("is idempotent", () => {
    const once = fmt(text);
    expect(fmt(once)).toBe(once);
  });

  test("a comment inside a block keeps it on several lines", () => {
    expect(fmt('journey "x" { stage a initial { on enter { tag "t" # why\n } } }')).toContain('    on enter {\n      tag "t" # why\n    }\n');
  });
});

describe("format: comments inside an item written over several lines", () => {
  const text = [
    'journey "F" { # after open',
    "  channels email, # mid list",
    "    sms # end list",
    "  customer {",
    "    email text required",
    "    n number",
    "  }",
    "  segment g = n > 1 # c1",
    "    and n < 3 # c2",
    "  stage a # between name and flags",
    "    initial { # after brace",
    '    on enter { send email "t" with { # data open',
    "        x: 1, # x",
    "        y: 2 # y",
    "      } if g # if",
    "    }",
    "    go to b # goto",
    "      when n > 5 # when",
    "  }",
    "  stage b terminal",
    "}",
    "",
  ].join("\n");

  test("every comment's text is kept, joined at the end of the item's one line, and formatting is stable", () => {
    const once = formatText(text).formatted!;
    for (const c of parse(text).comments) expect(once).toContain(c.text);
    expect(once).toContain("  segment g = n > 1 and n < 3 # c1 # c2\n");
    expect(formatText(once).formatted).toBe(once);
    expect(formatText(text.replace(/\n/g, "\r\n")).formatted).toBe(once);
  });
});

describe("format: values", () => {
  test("prints numbers in plain decimals that read back to the same value", () => {
    for (const n of [0, -0, 1, -3, 4.5, 1e21, 1.5e300, 5e-324, -2.5e-7, 123456789.125]) {
      const printed = printNumber(n);
      expect(printed).toMatch(/^-?\d+(\.\d+)?$/);
      expect(Object.is(Number(printed), n)).toBe(true);
    }
  });

  test("escapes strings", () => {
    expect(printString('a"b\\c\nd\re\tf 인지')).toBe('"a\\"b\\\\c\\nd\\re\\tf 인지"');
  });

  test("adds parentheses a hand-built tree needs", () => {
    const loc = { start: 0, end: 0 };
    const seg = (name: string): A.SegmentRef => ({ kind: "SegmentRef", name: { kind: "Identifier", name, loc }, loc });
    const or: A.OrCondition = { kind: "Or", operands: [seg("a"), seg("b")], loc };
    expect(printCondition({ kind: "And", operands: [or, seg("c")], loc })).toBe("(a or b) and c");
    expect(printCondition({ kind: "Not", operand: or, loc })).toBe("not (a or b)");
    const where: A.EventAtom = { kind: "EventAtom", event: { kind: "Identifier", name: "e", loc }, where: seg("s"), loc };
    expect(printCondition(where)).toBe("event e with (s)");
  });
});

describe("format: line endings and edge cases", () => {
  test("CRLF input formats like LF input", () => {
    const lf = 'journey "x" {\n  # c\n  stage a initial {\n\n    go to b after 1 day # t\n\n    go to c after 2 days\n  }\n}\n';
    expect(fmt(lf.replace(/\n/g, "\r\n"))).toBe(fmt(lf));
  });

  test("an empty journey, a byte-order mark and tabs", () => {
    expect(fmt('\ufeffjourney\t"x"\t{\t}')).toBe('journey "x" {\n}\n');
  });

  test("a comment in the middle of a multi-line condition moves to the end of its line", () => {
    const once = fmt('journey "x" { segment s = a and # why\n b }');
    expect(once).toContain("  segment s = a and b # why\n");
    expect(fmt(once)).toBe(once);
  });
});

describe("formatText", () => {
  test("leaves a file with errors alone and returns its diagnostics", () => {
    const r = formatText('journey "x" { stage a { go } }');
    expect(r.formatted).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["JRN003"]);
  });

  test("format without the source text still prints every comment", () => {
    const { ast, comments } = parse('journey "x" {\n  # c\n  stage a initial terminal\n}\n');
    expect(format(ast!, comments)).toBe('journey "x" {\n  # c\n  stage a initial terminal\n}\n');
  });
});

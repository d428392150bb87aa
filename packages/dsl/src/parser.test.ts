import { describe, expect, test } from "vitest";
import { lex } from "./lexer.js";
import { journeyParser, parseCst } from "./parser.js";

describe("parser", () => {
  test("one shared instance: errors of one parse do not leak into the next", () => {
    const bad = parseCst(lex('journey "x" { stage }').tokens);
    expect(bad.errors.length).toBeGreaterThan(0);
    const good = parseCst(lex('journey "x" { stage a initial terminal }').tokens);
    expect(good.errors).toEqual([]);
    expect(good.cst?.name).toBe("journeyFile");
    // The parser drops its input after each parse so big files are not kept alive.
    expect(journeyParser.input).toEqual([]);
  });

  test("entry rules: a head and runs of items", () => {
    const head = parseCst(lex('journey "x" { version 1 channels a').tokens, "journeyHead");
    expect(head.errors).toEqual([]);
    expect(head.cst?.children["journeyItem"]).toHaveLength(2);
    const items = parseCst(lex("stage a { } event e segment s = x").tokens, "journeyItems");
    expect(items.errors).toEqual([]);
    expect(items.cst?.children["journeyItem"]).toHaveLength(3);
  });

  test("recovers inside a stage: a bad action does not lose the transitions after it", () => {
    const { cst, errors } = parseCst(lex('journey "x" { stage a { on enter { tag 3 } go to b when x } }').tokens);
    expect(errors.map((e) => e.message)).toEqual(['Expected the tag (a string) after "tag"']);
    const stage = (cst!.children["journeyItem"]![0] as any).children.stage[0];
    expect(stage.children.stageItem).toHaveLength(2);
  });

  test("describes what was expected in words", () => {
    const messages = (text: string) => parseCst(lex(text).tokens).errors.map((e) => e.message);
    expect(messages('journey "x" { stage a { on foo { } } }')).toEqual(['Expected "enter", "exit" or "event" after "on"']);
    expect(messages('journey "x" { segment s = x in 3 }')[0]).toBe('Expected "(" after "in"');
    expect(messages('journey "x" { customer { a blob } }')[0]).toContain("a type");
  });
});

import { describe, expect, test } from "vitest";
import type * as A from "./ast.js";
import { parse } from "./parse.js";
import { stripLoc, wrap } from "../test/ast-utils.js";

function journey(body: string): A.Journey {
  const r = parse(wrap(body));
  expect(r.diagnostics).toEqual([]);
  return r.ast!;
}

function cond(text: string): unknown {
  return stripLoc(journey(`segment s = ${text}`).segments[0]!.condition);
}

const id = (name: string) => ({ kind: "Identifier", name });
const field = (name: string) => ({ kind: "FieldRef", name: id(name) });
const num = (value: number) => ({ kind: "NumberLiteral", value });
const days = (value: number) => ({ kind: "Duration", value, unit: "day", ms: value * 86_400_000 });

describe("AST builder: declarations", () => {
  test("header, channels, customer schema and events", () => {
    const j = journey(`
      version 3
      description "Desc \\"q\\""
      channels email, sms
      customer {
        email text required
        plan one of "free", "pro"
        tags list of text
        ok yes/no
        at datetime
        n number
      }
      event purchase { value number required }
      event visit
      event empty { }`);
    expect(stripLoc(j.version)).toEqual(num(3));
    expect(j.description?.value).toBe('Desc "q"');
    expect(j.channels.map((c) => c.name)).toEqual(["email", "sms"]);
    expect(j.customer.map((f) => [f.name.name, f.type?.name, f.required])).toEqual([
      ["email", "text", true],
      ["plan", "one of", false],
      ["tags", "list of text", false],
      ["ok", "yes/no", false],
      ["at", "datetime", false],
      ["n", "number", false],
    ]);
    expect(j.customer[1]!.type!.values.map((v) => v.value)).toEqual(["free", "pro"]);
    expect(j.events.map((e) => [e.name?.name, e.hasBody, e.properties.length])).toEqual([
      ["purchase", true, 1],
      ["visit", false, 0],
      ["empty", true, 0],
    ]);
  });

  test("enroll, goals, exits, reentry and holdout", () => {
    const j = journey(`
      enroll when email is set
      goal when event purchase
      goal stage won
      exit when event unsubscribed
      exit when inactive for 3 days
      reentry after 90 days
      holdout 5%`);
    expect(stripLoc(j.enroll!.condition)).toEqual({ kind: "TestAtom", operand: field("email"), test: { kind: "IsSetTest", negated: false } });
    expect(j.goals.map((g) => [g.condition?.kind, g.stage?.name])).toEqual([["EventAtom", undefined], [undefined, "won"]]);
    expect(j.exits).toHaveLength(2);
    expect(stripLoc(j.reentry)).toEqual({ kind: "ReentryDecl", policy: "after", duration: days(90) });
    expect(stripLoc(j.holdout)).toEqual({ kind: "HoldoutDecl", percent: { kind: "Percent", value: 5 } });
    expect(journey("reentry never").reentry?.policy).toBe("never");
    expect(journey("reentry always").reentry?.policy).toBe("always");
  });

  test("spans of names point at the name", () => {
    const text = wrap('  stage "x"'.replace('"x"', "인지 initial terminal"));
    const j = parse(text).ast!;
    const name = j.stages[0]!.name!;
    expect(text.slice(name.loc.start, name.loc.end)).toBe("인지");
  });
});

describe("AST builder: conditions", () => {
  test("or binds weaker than and, not binds tighter", () => {
    expect(cond("a or b and not c")).toEqual({
      kind: "Or",
      operands: [
        { kind: "SegmentRef", name: id("a") },
        { kind: "And", operands: [{ kind: "SegmentRef", name: id("b") }, { kind: "Not", operand: { kind: "SegmentRef", name: id("c") } }] },
      ],
    });
  });

  test("parentheses are kept", () => {
    expect(cond("(a or b) and c")).toMatchObject({ kind: "And", operands: [{ kind: "Paren", expression: { kind: "Or" } }, { kind: "SegmentRef" }] });
  });

  test("every test form", () => {
    const tests = [
      ["x == 1", { kind: "CompareTest", op: "==", value: num(1) }],
      ["x != \"a\"", { kind: "CompareTest", op: "!=", value: { kind: "StringLiteral", value: "a" } }],
      ["x < -2.5", { kind: "CompareTest", op: "<", value: num(-2.5) }],
      ["x <= yes", { kind: "CompareTest", op: "<=", value: { kind: "BooleanLiteral", value: true } }],
      ["x > no", { kind: "CompareTest", op: ">", value: { kind: "BooleanLiteral", value: false } }],
      ['x >= date "2025-01-31"', { kind: "CompareTest", op: ">=", value: { kind: "DateLiteral", value: "2025-01-31" } }],
      ['x in ("a", 2)', { kind: "InTest", negated: false, values: [{ kind: "StringLiteral", value: "a" }, num(2)] }],
      ['x not in ("a")', { kind: "InTest", negated: true, values: [{ kind: "StringLiteral", value: "a" }] }],
      ['x contains "vip"', { kind: "ContainsTest", value: { kind: "StringLiteral", value: "vip" } }],
      ["x is set", { kind: "IsSetTest", negated: false }],
      ["x is not set", { kind: "IsSetTest", negated: true }],
      ["x more than 30 days ago", { kind: "AgoTest", op: "more", duration: days(30) }],
      ["x less than 1 week ago", { kind: "AgoTest", op: "less", duration: { kind: "Duration", value: 1, unit: "week", ms: 604_800_000 } }],
    ] as const;
    for (const [text, test] of tests) {
      expect(cond(text), text).toEqual({ kind: "TestAtom", operand: field("x"), test });
    }
  });

  test("atoms: events with property tests, inactivity, time in stage, event properties", () => {
    expect(cond("event purchase with value > 0")).toEqual({
      kind: "EventAtom",
      event: id("purchase"),
      where: { kind: "TestAtom", operand: { kind: "PropertyRef", name: id("value") }, test: { kind: "CompareTest", op: ">", value: num(0) } },
    });
    expect(cond("event p with (a == 1 and vip)")).toMatchObject({
      where: { kind: "Paren", expression: { kind: "And", operands: [{ kind: "TestAtom", operand: { kind: "PropertyRef" } }, { kind: "SegmentRef" }] } },
    });
    expect(cond("inactive for 14 days")).toEqual({ kind: "InactiveAtom", duration: days(14) });
    expect(cond("in stage for 2 hours")).toEqual({ kind: "InStageAtom", duration: { kind: "Duration", value: 2, unit: "hour", ms: 7_200_000 } });
    expect(cond("event.total >= 10")).toEqual({
      kind: "TestAtom",
      operand: { kind: "EventPropRef", property: id("total") },
      test: { kind: "CompareTest", op: ">=", value: num(10) },
    });
  });
});

describe("AST builder: stages", () => {
  test("flags, label, description, blocks and transitions in order", () => {
    const j = journey(`
      stage welcome initial {
        label "환영 🎉"
        description "New."
        on enter { tag "new" }
        on exit { untag "new" }
        after 2 days { send email "w2" unless orders > 0 }
        every 1 hour { send sms "ping" if opted == yes }
        on event visit with page == "home" { add 1 to score }
        go to cart when event cart_abandoned
        go to lost after 7 days
      }
      stage lost terminal`);
    const s = j.stages[0]!;
    expect([s.name?.name, s.initial, s.terminal, s.label?.value, s.description?.value]).toEqual(["welcome", true, false, "환영 🎉", "New."]);
    expect(s.items.map((i) => i.kind)).toEqual(["StageLabel", "StageDescription", "Block", "Block", "Block", "Block", "Block", "Transition", "Transition"]);
    expect(s.blocks.map((b) => b.trigger.kind)).toEqual(["EnterTrigger", "ExitTrigger", "AfterTrigger", "EveryTrigger", "EventTrigger"]);
    expect(stripLoc(s.blocks[2]!.actions[0])).toMatchObject({ kind: "Send", guard: { kind: "ActionGuard", keyword: "unless" } });
    expect(stripLoc(s.blocks[3]!.actions[0])).toMatchObject({ kind: "Send", channel: id("sms"), guard: { keyword: "if" } });
    expect(stripLoc(s.blocks[4]!.trigger)).toMatchObject({ kind: "EventTrigger", event: id("visit"), where: { kind: "TestAtom", operand: { kind: "PropertyRef" } } });
    expect(stripLoc(s.transitions[1])).toEqual({ kind: "Transition", target: id("lost"), after: days(7) });
    expect(j.stages[1]).toMatchObject({ terminal: true, initial: false, items: [] });
  });

  test("every action form", () => {
    const j = journey(`
      stage a {
        on enter {
          send email "t" with { name: first_name, n: 3, p: event.page, d: date "2025-01-01" }
          send push "bare"
          send sms "empty" with { }
          tag "t" if vip
          untag "t"
          set plan = "pro"
          set copy = other
          add -1.5 to score
          go to b unless vip
          split subject {
            variant short 50% { send email "s" }
            variant long 40% { }
            control 10%
          }
        }
      }`);
    const actions = j.stages[0]!.blocks[0]!.actions.map(stripLoc);
    expect(actions[0]).toEqual({
      kind: "Send",
      channel: id("email"),
      template: { kind: "StringLiteral", value: "t" },
      data: [
        { kind: "DataPair", key: id("name"), value: field("first_name") },
        { kind: "DataPair", key: id("n"), value: num(3) },
        { kind: "DataPair", key: id("p"), value: { kind: "EventPropRef", property: id("page") } },
        { kind: "DataPair", key: id("d"), value: { kind: "DateLiteral", value: "2025-01-01" } },
      ],
    });
    expect(j.stages[0]!.blocks[0]!.actions[1]).toMatchObject({ kind: "Send", data: undefined });
    expect(actions[2]).toMatchObject({ kind: "Send", data: [] });
    expect(actions[3]).toMatchObject({ kind: "Tag", tag: { value: "t" }, guard: { keyword: "if", condition: { kind: "SegmentRef" } } });
    expect(actions[4]).toEqual({ kind: "Untag", tag: { kind: "StringLiteral", value: "t" } });
    expect(actions[5]).toEqual({ kind: "Set", field: id("plan"), value: { kind: "StringLiteral", value: "pro" } });
    expect(actions[6]).toEqual({ kind: "Set", field: id("copy"), value: field("other") });
    expect(actions[7]).toEqual({ kind: "Add", amount: num(-1.5), field: id("score") });
    expect(actions[8]).toMatchObject({ kind: "GoTo", target: id("b"), guard: { keyword: "unless" } });
    expect(actions[9]).toMatchObject({
      kind: "Split",
      name: id("subject"),
      arms: [
        { kind: "Variant", name: id("short"), weight: { value: 50 }, actions: [{ kind: "Send" }] },
        { kind: "Variant", name: id("long"), weight: { value: 40 }, actions: [] },
        { kind: "Control", weight: { value: 10 } },
      ],
    });
  });

  test("contextual keywords can be names", () => {
    const j = journey("stage customer initial { go to text when label }\nstage text terminal");
    expect(j.stages.map((s) => s.name?.name)).toEqual(["customer", "text"]);
    expect(stripLoc(j.stages[0]!.transitions[0]!.when)).toEqual({ kind: "SegmentRef", name: id("label") });
  });
});

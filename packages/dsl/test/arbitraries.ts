/**
 * fast-check generators of valid-shaped `.journey` ASTs: every tree the parser could produce
 * (parentheses where the grammar needs them, `PropertyRef` only inside `with`, one label per
 * stage, `Journey.items` in canonical order). Locations are dummies; tests compare without them.
 */
import fc from "fast-check";
import type * as A from "../src/ast.js";
import { isReserved } from "../src/lexer.js";

const loc: A.Span = { start: 0, end: 0 };

const firstChars = ["a", "z", "_", "é", "인", "Ж", "ß", "𝒜", "c"];
const restChars = ["a", "1", "_", "지", "é", "𝒜", "x", "9"];

export const name: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom("cart", "welcome", "customer", "text", "label", "인지", "étape"),
    fc.tuple(fc.constantFrom(...firstChars), fc.array(fc.constantFrom(...restChars), { maxLength: 5 })).map(([f, r]) => f + r.join("")),
  )
  .filter((n) => !isReserved(n));

export const ident: fc.Arbitrary<A.Identifier> = name.map((n) => ({ kind: "Identifier", name: n, loc }));

// Any text a parsed string can hold: every character but NUL (a file with one is not text, JRN001).
const text = fc.string({ unit: "binary", maxLength: 8 }).map((t) => t.replace(/\u0000/g, "\ufffd"));
export const str: fc.Arbitrary<A.StringLiteral> = text.map((value) => ({ kind: "StringLiteral", value, loc }));
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const num: fc.Arbitrary<A.NumberLiteral> = finite.map((value) => ({ kind: "NumberLiteral", value, loc }));
const percent: fc.Arbitrary<A.Percent> = fc.oneof(fc.integer({ min: 0, max: 100 }), finite).map((value) => ({ kind: "Percent", value, loc }));

const UNIT_MS = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;
export const duration: fc.Arbitrary<A.Duration> = fc
  .tuple(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(...(Object.keys(UNIT_MS) as A.DurationUnit[])))
  .map(([value, unit]) => ({ kind: "Duration", value, unit, ms: value * UNIT_MS[unit], loc }));

const literal: fc.Arbitrary<A.Literal> = fc.oneof(
  str,
  num,
  fc.boolean().map((value): A.BooleanLiteral => ({ kind: "BooleanLiteral", value, loc })),
  text.map((value): A.DateLiteral => ({ kind: "DateLiteral", value, loc })),
);

const fieldRef = ident.map((n): A.FieldRef => ({ kind: "FieldRef", name: n, loc }));
const eventProp = ident.map((p): A.EventPropRef => ({ kind: "EventPropRef", property: p, loc }));
const propertyRef = ident.map((n): A.PropertyRef => ({ kind: "PropertyRef", name: n, loc }));
const value: fc.Arbitrary<A.Value> = fc.oneof(literal, fieldRef, eventProp);

const test: fc.Arbitrary<A.Test> = fc.oneof(
  fc.tuple(fc.constantFrom<A.CompareOp>("==", "!=", "<", "<=", ">", ">="), literal).map(([op, v]): A.CompareTest => ({ kind: "CompareTest", op, value: v, loc })),
  fc.tuple(fc.boolean(), fc.array(literal, { minLength: 1, maxLength: 3 })).map(([negated, values]): A.InTest => ({ kind: "InTest", negated, values, loc })),
  literal.map((v): A.ContainsTest => ({ kind: "ContainsTest", value: v, loc })),
  fc.boolean().map((negated): A.IsSetTest => ({ kind: "IsSetTest", negated, loc })),
  fc.tuple(fc.constantFrom<"more" | "less">("more", "less"), duration).map(([op, d]): A.AgoTest => ({ kind: "AgoTest", op, duration: d, loc })),
);

/** Conditions: `inWhere` picks the operand kind of bare identifiers, as the parser does. */
function conditions(inWhere: boolean) {
  return fc.letrec<{ cond: A.Condition; and: A.Condition; not: A.Condition; atom: A.Condition }>((tie) => ({
    cond: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      tie("and"),
      fc.array(tie("and"), { minLength: 2, maxLength: 3 }).map((operands): A.OrCondition => ({ kind: "Or", operands, loc })),
    ),
    and: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      tie("not"),
      fc.array(tie("not"), { minLength: 2, maxLength: 3 }).map((operands): A.AndCondition => ({ kind: "And", operands, loc })),
    ),
    not: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      tie("atom"),
      tie("not").map((operand): A.NotCondition => ({ kind: "Not", operand, loc })),
    ),
    atom: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      ident.map((n): A.SegmentRef => ({ kind: "SegmentRef", name: n, loc })),
      fc.tuple(inWhere ? propertyRef : fieldRef, test).map(([operand, t]): A.TestAtom => ({ kind: "TestAtom", operand, test: t, loc })),
      fc.tuple(eventProp, test).map(([operand, t]): A.TestAtom => ({ kind: "TestAtom", operand, test: t, loc })),
      duration.map((d): A.InactiveAtom => ({ kind: "InactiveAtom", duration: d, loc })),
      duration.map((d): A.InStageAtom => ({ kind: "InStageAtom", duration: d, loc })),
      fc.tuple(ident, fc.option(whereClause(), { nil: undefined })).map(([event, where]): A.EventAtom => ({ kind: "EventAtom", event, where, loc })),
      tie("cond").map((expression): A.ParenCondition => ({ kind: "Paren", expression, loc })),
    ),
  }));
}

let whereConditions: fc.Arbitrary<A.Condition> | undefined;

/** `with propCond`: a bare property test, or a parenthesised condition over properties. */
function whereClause(): fc.Arbitrary<A.Condition> {
  return fc.oneof(
    fc.tuple(propertyRef, test).map(([operand, t]): A.TestAtom => ({ kind: "TestAtom", operand, test: t, loc })),
    // Built lazily: the property conditions contain `with` clauses themselves.
    fc.constant(null).chain(() => (whereConditions ??= conditions(true).cond).map((expression): A.ParenCondition => ({ kind: "Paren", expression, loc }))),
  );
}

export const condition: fc.Arbitrary<A.Condition> = conditions(false).cond;

const guard: fc.Arbitrary<A.ActionGuard | undefined> = fc.option(
  fc.tuple(fc.constantFrom<"if" | "unless">("if", "unless"), condition).map(([keyword, c]): A.ActionGuard => ({ kind: "ActionGuard", keyword, condition: c, loc })),
  { nil: undefined },
);

const pair = fc.tuple(ident, value).map(([key, v]): A.DataPair => ({ kind: "DataPair", key, value: v, loc }));

const simpleAction: fc.Arbitrary<A.Action> = fc.oneof(
  fc.tuple(ident, str, fc.option(fc.array(pair, { maxLength: 3 }), { nil: undefined }), guard).map(
    ([channel, template, data, g]): A.SendAction => ({ kind: "Send", channel, template, data, guard: g, loc }),
  ),
  fc.tuple(str, guard).map(([tag, g]): A.TagAction => ({ kind: "Tag", tag, guard: g, loc })),
  fc.tuple(str, guard).map(([tag, g]): A.UntagAction => ({ kind: "Untag", tag, guard: g, loc })),
  fc.tuple(ident, value, guard).map(([field, v, g]): A.SetAction => ({ kind: "Set", field, value: v, guard: g, loc })),
  fc.tuple(num, ident, guard).map(([amount, field, g]): A.AddAction => ({ kind: "Add", amount, field, guard: g, loc })),
  fc.tuple(ident, guard).map(([target, g]): A.GoToAction => ({ kind: "GoTo", target, guard: g, loc })),
);

const { action } = fc.letrec<{ action: A.Action; split: A.SplitAction }>((tie) => ({
  action: fc.oneof({ depthSize: "small", withCrossShrink: true }, simpleAction, tie("split")),
  split: fc
    .tuple(
      ident,
      fc.array(
        fc.oneof(
          fc.tuple(ident, percent, fc.array(tie("action"), { maxLength: 2 })).map(([n, w, actions]): A.SplitVariant => ({ kind: "Variant", name: n, weight: w, actions, loc })),
          percent.map((w): A.SplitControl => ({ kind: "Control", weight: w, loc })),
        ),
        { maxLength: 3 },
      ),
    )
    .map(([n, arms]): A.SplitAction => ({ kind: "Split", name: n, arms, loc })),
}));

const trigger: fc.Arbitrary<A.Trigger> = fc.oneof(
  fc.constant<A.EnterTrigger>({ kind: "EnterTrigger", loc }),
  fc.constant<A.ExitTrigger>({ kind: "ExitTrigger", loc }),
  duration.map((d): A.AfterTrigger => ({ kind: "AfterTrigger", duration: d, loc })),
  duration.map((d): A.EveryTrigger => ({ kind: "EveryTrigger", duration: d, loc })),
  fc.tuple(ident, fc.option(whereClause(), { nil: undefined })).map(([event, where]): A.EventTrigger => ({ kind: "EventTrigger", event, where, loc })),
);

const block = fc.tuple(trigger, fc.array(action, { maxLength: 3 })).map(([t, actions]): A.Block => ({ kind: "Block", trigger: t, actions, loc }));

const transition: fc.Arbitrary<A.Transition> = fc.tuple(ident, fc.oneof(condition.map((c) => ({ when: c })), duration.map((d) => ({ after: d })))).map(
  ([target, tail]) => ({ kind: "Transition", target, when: undefined, after: undefined, ...tail, loc }),
);

const stage: fc.Arbitrary<A.Stage> = fc
  .tuple(
    ident,
    fc.boolean(),
    fc.boolean(),
    fc.option(str, { nil: undefined }),
    fc.option(str, { nil: undefined }),
    fc.array(fc.oneof(block, transition), { maxLength: 4 }),
  )
  .map(([n, initial, terminal, label, description, rest]) => {
    const items: A.StageItem[] = [
      ...(label ? [{ kind: "StageLabel" as const, value: label, loc }] : []),
      ...(description ? [{ kind: "StageDescription" as const, value: description, loc }] : []),
      ...rest,
    ];
    return {
      kind: "Stage",
      name: n,
      initial,
      terminal,
      label,
      description,
      blocks: rest.filter((i): i is A.Block => i.kind === "Block"),
      transitions: rest.filter((i): i is A.Transition => i.kind === "Transition"),
      items,
      loc,
    };
  });

const fieldType: fc.Arbitrary<A.FieldType> = fc.oneof(
  fc.constantFrom<A.FieldTypeName>("text", "number", "yes/no", "datetime", "list of text").map((n): A.FieldType => ({ kind: "FieldType", name: n, values: [], loc })),
  fc.array(str, { minLength: 1, maxLength: 3 }).map((values): A.FieldType => ({ kind: "FieldType", name: "one of", values, loc })),
);
const field = fc.tuple(ident, fieldType, fc.boolean()).map(([n, type, required]): A.FieldDecl => ({ kind: "FieldDecl", name: n, type, required, loc }));

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A whole journey with `items` in the canonical order the formatter prints. */
export const journey: fc.Arbitrary<A.Journey> = fc
  .record({
    name: str,
    version: opt(fc.integer({ min: 1, max: 1_000_000 }).map((value): A.NumberLiteral => ({ kind: "NumberLiteral", value, loc }))),
    description: opt(str),
    channels: fc.array(ident, { maxLength: 3 }),
    customer: opt(fc.array(field, { maxLength: 4 })),
    events: fc.array(
      fc.tuple(ident, fc.boolean(), fc.array(field, { maxLength: 2 })).map(([n, hasBody, props]): A.EventDecl => ({
        kind: "EventDecl",
        name: n,
        hasBody: hasBody || props.length > 0,
        properties: props,
        loc,
      })),
      { maxLength: 3 },
    ),
    segments: fc.array(fc.tuple(ident, condition).map(([n, c]): A.SegmentDecl => ({ kind: "SegmentDecl", name: n, condition: c, loc })), { maxLength: 2 }),
    enroll: opt(condition.map((c): A.EnrollDecl => ({ kind: "EnrollDecl", condition: c, loc }))),
    goals: fc.array(
      fc.oneof(
        condition.map((c): A.GoalDecl => ({ kind: "GoalDecl", condition: c, stage: undefined, loc })),
        ident.map((s): A.GoalDecl => ({ kind: "GoalDecl", condition: undefined, stage: s, loc })),
      ),
      { maxLength: 2 },
    ),
    exits: fc.array(condition.map((c): A.ExitDecl => ({ kind: "ExitDecl", condition: c, loc })), { maxLength: 2 }),
    reentry: opt(
      fc.oneof(
        fc.constantFrom<"never" | "always">("never", "always").map((policy): A.ReentryDecl => ({ kind: "ReentryDecl", policy, duration: undefined, loc })),
        duration.map((d): A.ReentryDecl => ({ kind: "ReentryDecl", policy: "after", duration: d, loc })),
      ),
    ),
    holdout: opt(percent.map((p): A.HoldoutDecl => ({ kind: "HoldoutDecl", percent: p, loc }))),
    stages: fc.array(stage, { maxLength: 4 }),
  })
  .map((r): A.Journey => {
    const items: A.JourneyItem[] = [
      ...(r.version ? [{ kind: "VersionDecl" as const, value: r.version, loc }] : []),
      ...(r.description ? [{ kind: "DescriptionDecl" as const, value: r.description, loc }] : []),
      ...(r.channels.length > 0 ? [{ kind: "ChannelsDecl" as const, channels: r.channels, loc }] : []),
      ...(r.customer ? [{ kind: "CustomerDecl" as const, fields: r.customer, loc }] : []),
      ...r.events,
      ...r.segments,
      ...(r.enroll ? [r.enroll] : []),
      ...r.goals,
      ...r.exits,
      ...(r.reentry ? [r.reentry] : []),
      ...(r.holdout ? [r.holdout] : []),
      ...r.stages,
    ];
    return {
      kind: "Journey",
      name: r.name,
      version: r.version,
      description: r.description,
      channels: r.channels,
      customer: r.customer ?? [],
      events: r.events,
      segments: r.segments,
      enroll: r.enroll,
      goals: r.goals,
      exits: r.exits,
      reentry: r.reentry,
      holdout: r.holdout,
      stages: r.stages,
      items,
      loc,
    };
  });

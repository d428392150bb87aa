import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertSame, keyText, valueText } from "../io/json-lines.testkit.js";
import { describeIssues, EventLineSchema, MAX_NESTING, nestedDeeper, parseEventLine, splitRecord } from "./inputs.js";

describe("input lines", () => {
  it("splits a record into its id and fields; numbers are accepted as ids", () => {
    expect(splitRecord({ id: 7, email: "a@x.io" })).toEqual({ ok: true, id: "7", fields: { email: "a@x.io" } });
    expect(splitRecord({ email: "a@x.io" })).toEqual({ ok: false, error: 'record has no customer "id"' });
    expect(splitRecord([1])).toEqual({ ok: false, error: "a record must be a JSON object" });
    expect(splitRecord({ id: { nested: true } })).toMatchObject({ ok: false });
  });

  it("validates the event envelope and names the faulty field", () => {
    const ok = EventLineSchema.safeParse({ customer: "c1", type: "visit", at: "2026-01-05T10:00:00Z" });
    expect(ok.success).toBe(true);
    const missing = EventLineSchema.safeParse({ type: "visit", at: "2026-01-05T10:00:00Z" });
    expect(describeIssues(missing.error!, { type: "visit", at: "2026-01-05T10:00:00Z" })).toBe('"customer" is missing');
    const line = { customer: "c1", type: "visit", at: "tomorrow" };
    const badAt = EventLineSchema.safeParse(line);
    expect(describeIssues(badAt.error!, line)).toBe('"at" must be an ISO-8601 date-time');
  });
});

describe("parseEventLine", () => {
  it("accepts and rejects exactly what EventLineSchema does, with the same data", () => {
    const field = fc.oneof(fc.constant(undefined), fc.constant(""), fc.string(), fc.integer(), fc.constant(null), fc.constant("2026-01-05T10:00:00Z"), fc.constant("2026-01-05"));
    const line = fc.record(
      {
        id: field,
        customer: field,
        type: field,
        at: fc.oneof(field, fc.constant("2026-01-05T10:00:00.5+09:00"), fc.constant("2026-02-30T00:00:00Z")),
        properties: fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant([]), fc.dictionary(fc.string(), fc.jsonValue())),
        extra: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(line, fc.jsonValue()), (value) => {
        const fast = parseEventLine(value);
        const slow = EventLineSchema.safeParse(value);
        expect(fast.success).toBe(slow.success);
        if (fast.success && slow.success) expect(fast.data).toEqual(slow.data);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("number ids and customers (the zod path) against text ones (the direct path)", () => {
  /** JSON.parse of an object line, or undefined when the generated text is not JSON. */
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  };

  it("a record with the id 7 has exactly the fields of the same record with the id \"7\", a __proto__ key included", () => {
    // Regression: zod's copy dropped an own `__proto__` key, so `{"id":7,"__proto__":…}` lost a
    // field that `{"id":"7","__proto__":…}` kept.
    const fields = splitRecord(parse('{"id":7,"__proto__":{"x":1},"a":1}'));
    expect(fields.ok).toBe(true);
    if (fields.ok) assertSame(fields.fields, parse('{"__proto__":{"x":1},"a":1}'));
    fc.assert(
      fc.property(fc.array(fc.tuple(keyText, valueText), { maxLength: 5 }), fc.nat({ max: 5 }), (members, at) => {
        const body = members.filter(([k]) => k !== "id").map(([k, v]) => `"${k}":${v}`);
        const line = (id: string) => `{${[...body.slice(0, at), `"id":${id}`, ...body.slice(at)].join(",")}}`;
        const asText = parse(line('"7"'));
        const asNumber = parse(line("7"));
        // A key spelled `"\\u0069d"` is a second id: not the case under test.
        if ((asNumber as { id?: unknown } | undefined)?.id !== 7) return;
        const a = splitRecord(asText);
        const b = splitRecord(asNumber);
        expect(a.ok && b.ok).toBe(true);
        if (a.ok && b.ok) {
          expect(b.id).toBe(a.id);
          assertSame(b.fields, a.fields);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("an event with a number customer or id keeps its properties as JSON.parse made them, a __proto__ key included", () => {
    const props = '{"__proto__":{"x":1},"a":[1]}';
    const text = parseEventLine(parse(`{"customer":"5","type":"t","at":"2026-01-05T12:00:00Z","properties":${props}}`));
    const number = parseEventLine(parse(`{"customer":5,"id":9,"type":"t","at":"2026-01-05T12:00:00Z","properties":${props}}`));
    expect(text.success && number.success).toBe(true);
    if (text.success && number.success) {
      expect([number.data.customer, number.data.id]).toEqual(["5", "9"]);
      assertSame(number.data.properties, parse(props));
      assertSame(number.data.properties, text.data.properties);
    }
  });
});

describe("values nested too deep", () => {
  const arrays = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
  const objects = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${"}".repeat(levels - 1)}`;

  it("nestedDeeper counts arrays and objects, not primitives", () => {
    expect(nestedDeeper(1, 0)).toBe(false);
    expect(nestedDeeper([], 0)).toBe(true);
    expect(nestedDeeper([], 1)).toBe(false);
    expect(nestedDeeper(JSON.parse(objects(3)), 2)).toBe(true);
    expect(nestedDeeper(JSON.parse(objects(3)), 3)).toBe(false);
    expect(nestedDeeper([1, "x", [null, { b: [] }]], 4)).toBe(false);
    expect(nestedDeeper([1, "x", [null, { b: [] }]], 3)).toBe(true);
  });

  it("a record field or event property nested more than MAX_NESTING deep is refused with its name, whatever the id's type", () => {
    // Regression: such a line passed and overflowed the stack in the runtime, stopping the run.
    for (const deep of [arrays(MAX_NESTING + 1), objects(MAX_NESTING + 1)]) {
      for (const id of ['"c1"', "7"]) {
        expect(splitRecord(JSON.parse(`{"id":${id},"ok":[1],"x":${deep}}`))).toEqual({ ok: false, error: `record "x" is nested more than ${MAX_NESTING} levels deep` });
        expect(splitRecord(JSON.parse(`{"id":${id},"__proto__":${deep}}`))).toEqual({ ok: false, error: `record "__proto__" is nested more than ${MAX_NESTING} levels deep` });
      }
      for (const customer of ['"c1"', "7"]) {
        for (const key of ["x", "__proto__"]) {
          const line = JSON.parse(`{"customer":${customer},"type":"t","at":"2026-01-05T12:00:00Z","properties":{"ok":1,"${key}":${deep}}}`) as unknown;
          const parsed = parseEventLine(line);
          expect(parsed.success).toBe(false);
          if (!parsed.success) expect(describeIssues(parsed.error, line)).toBe(`"properties.${key}" is nested more than ${MAX_NESTING} levels deep`);
        }
      }
    }
  });

  it("MAX_NESTING levels are accepted", () => {
    for (const deep of [arrays(MAX_NESTING), objects(MAX_NESTING)]) {
      expect(splitRecord(JSON.parse(`{"id":"c1","x":${deep}}`)).ok).toBe(true);
      expect(splitRecord(JSON.parse(`{"id":7,"x":${deep}}`)).ok).toBe(true);
      expect(parseEventLine(JSON.parse(`{"customer":"c1","type":"t","at":"2026-01-05T12:00:00Z","properties":{"x":${deep}}}`)).success).toBe(true);
      expect(parseEventLine(JSON.parse(`{"customer":7,"type":"t","at":"2026-01-05T12:00:00Z","properties":{"x":${deep}}}`)).success).toBe(true);
    }
  });
});

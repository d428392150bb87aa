import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeIssues, EventLineSchema, parseEventLine, splitRecord } from "./inputs.js";

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

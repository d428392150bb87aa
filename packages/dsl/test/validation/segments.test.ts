import { describe, expect, it } from "vitest";
import { AcyclicSegmentsRule, SegmentsWithoutEventsRule } from "../../src/validation/rules.js";
import { check, checkFull } from "./helpers.js";

const T = (segments: string) => `journey "T" {
  customer {
    n number
  }
  event buy
${segments}
  stage a initial {
    go to b when event buy
  }
  stage b terminal
}
`;

describe("AcyclicSegmentsRule", () => {
  it("reports a segment that refers back to itself through others", () => {
    const text = T(`  segment a = n > 1 and b
  segment b = c or n < 0
  segment c = not a`);
    const d = checkFull(text, [AcyclicSegmentsRule]);
    expect(d.map((x) => ({ code: x.code, message: x.message, line: x.line, column: x.column }))).toEqual([
      { code: "JRN120", message: 'Segment "c" is defined in terms of itself through "a".', line: 8, column: 19 },
    ]);
    expect(d[0]!.related![0]).toMatchObject({ message: 'segment "a" is defined here', line: 6, column: 11 });
  });
  it("reports direct self-reference and accepts chains", () => {
    expect(check(T("  segment a = a or n > 1"), [AcyclicSegmentsRule])).toEqual([
      { code: "JRN120", message: 'Segment "a" is defined in terms of itself through "a".', line: 6, column: 15 },
    ]);
    expect(check(T("  segment a = b\n  segment b = c\n  segment c = n > 1"), [AcyclicSegmentsRule])).toEqual([]);
  });
});

describe("SegmentsWithoutEventsRule", () => {
  it("reports event atoms in segment conditions", () => {
    expect(check(T("  segment buyer = n > 1 or event buy"), [SegmentsWithoutEventsRule])).toEqual([
      { code: "JRN121", message: 'Segment "buyer" mentions an event.', line: 6, column: 28 },
    ]);
  });
});

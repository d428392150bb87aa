import { describe, expect, it } from "vitest";
import { UnusedChannelsRule, UnusedEventsRule, UnusedSegmentsRule } from "../../src/validation/rules.js";
import { checkFull } from "./helpers.js";

const T = `journey "T" {
  channels email, sms
  customer {
    n number
  }
  event used
  event unused
  event in_block
  segment big = n > 10
  segment via_segment = n > 1
  segment dead = n > 100
  segment uses = via_segment
  stage a initial {
    on event in_block { send email "x" }
    go to b when event used and big and uses
  }
  stage b terminal
}
`;

const plain = (rules: Parameters<typeof checkFull>[1]) =>
  checkFull(T, rules).map((d) => ({ code: d.code, message: d.message, line: d.line, column: d.column, severity: d.severity }));

describe("UnusedSegmentsRule", () => {
  it("warns about segments nothing refers to", () => {
    expect(plain([UnusedSegmentsRule])).toEqual([
      { code: "JRN601", message: 'Segment "dead" is never used.', line: 11, column: 11, severity: "warning" },
    ]);
  });
});

describe("UnusedEventsRule", () => {
  it("warns about events no condition or block names", () => {
    expect(plain([UnusedEventsRule])).toEqual([
      { code: "JRN602", message: 'Event "unused" is never used.', line: 7, column: 9, severity: "warning" },
    ]);
  });
});

describe("UnusedChannelsRule", () => {
  it("warns about channels no send uses", () => {
    expect(plain([UnusedChannelsRule])).toEqual([
      { code: "JRN603", message: 'Channel "sms" is never used.', line: 2, column: 19, severity: "warning" },
    ]);
  });
});

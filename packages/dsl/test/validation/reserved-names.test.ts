import { describe, expect, it } from "vitest";
import { compile } from "../../src/index.js";
import { JourneyNameRule } from "../../src/validation/rules/journey-name.js";
import { ReservedNamesRule } from "../../src/validation/rules/reserved-names.js";
import { check } from "./helpers.js";

const text = `journey "Proto" {
  channels email, constructor
  customer {
    __proto__ text
  }
  event prototype {
    constructor number
  }
  segment __proto__ = __proto__ is set
  stage constructor initial {
    on enter {
      split prototype {
        variant __proto__ 100% { send email "x" with { constructor: 1 } }
      }
    }
    go to z when event prototype
  }
  stage z terminal
}
`;

describe("ReservedNamesRule", () => {
  it("reports every declared name that JavaScript objects treat specially", () => {
    expect(check(text, [ReservedNamesRule])).toEqual([
      { code: "JRN122", message: '"constructor" cannot be the name of a channel.', line: 2, column: 19 },
      { code: "JRN122", message: '"__proto__" cannot be the name of a customer field.', line: 4, column: 5 },
      { code: "JRN122", message: '"prototype" cannot be the name of an event.', line: 6, column: 9 },
      { code: "JRN122", message: '"constructor" cannot be the name of an event property.', line: 7, column: 5 },
      { code: "JRN122", message: '"__proto__" cannot be the name of a segment.', line: 9, column: 11 },
      { code: "JRN122", message: '"constructor" cannot be the name of a stage.', line: 10, column: 9 },
      { code: "JRN122", message: '"prototype" cannot be the name of a split.', line: 12, column: 13 },
      { code: "JRN122", message: '"__proto__" cannot be the name of a split variant.', line: 13, column: 17 },
      { code: "JRN122", message: '"constructor" cannot be the name of a data key.', line: 13, column: 56 },
    ]);
  });

  it("keeps such a journey from compiling to an IR whose keys would vanish", () => {
    const result = compile(text, { file: "proto.journey" });
    expect(result.ok).toBe(false);
    expect(result.ir).toBeUndefined();
  });
});

describe("JourneyNameRule", () => {
  it("reports a name with no letter or digit, and accepts names in any script", () => {
    const j = (name: string) => `journey "${name}" {\n  stage a initial terminal\n}\n`;
    expect(check(j("!!!"), [JourneyNameRule])).toEqual([
      { code: "JRN123", message: 'The journey name "!!!" has no letter or digit.', line: 1, column: 9 },
    ]);
    expect(check(j("고객 여정"), [JourneyNameRule])).toEqual([]);
    expect(check(j("2026"), [JourneyNameRule])).toEqual([]);
  });
});

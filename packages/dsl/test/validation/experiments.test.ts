import { describe, expect, it } from "vitest";
import { PercentRangeRule, SplitWeightsRule } from "../../src/validation/rules.js";
import { check } from "./helpers.js";

const T = (s: string) => `journey "T" {\n  channels email\n${s}\n}\n`;
const split = (arms: string) =>
  T(`  stage a initial {
    on enter {
      split s {
${arms}
      }
    }
    go to b after 1 day
  }
  stage b terminal`);

describe("SplitWeightsRule", () => {
  it("reports weights that do not sum to 100", () => {
    const text = split(`        variant x 50% { send email "a" }
        variant y 40% { send email "b" }`);
    expect(check(text, [SplitWeightsRule])).toEqual([{ code: "JRN401", message: 'The arms of split "s" add up to 90%, not 100%.', line: 5, column: 13 }]);
  });
  it("counts control and tolerates floating-point sums", () => {
    expect(check(split(`        variant x 33.3% { send email "a" }
        variant y 33.3% { send email "b" }
        control 33.4%`), [SplitWeightsRule])).toEqual([]);
  });
  it("reports splits without arms and extra control arms", () => {
    expect(check(split(""), [SplitWeightsRule])).toEqual([{ code: "JRN404", message: 'Split "s" has no variants.', line: 5, column: 13 }]);
    expect(check(split(`        variant x 50% { send email "a" }
        control 25%
        control 25%`), [SplitWeightsRule])).toEqual([{ code: "JRN405", message: 'Split "s" already has a control arm.', line: 8, column: 9 }]);
  });
});

describe("PercentRangeRule", () => {
  it("reports arms at 0% and above 100%, and holdouts out of range", () => {
    const text = split(`        variant x 0% { send email "a" }
        variant y 150% { send email "b" }`);
    expect(check(text, [PercentRangeRule])).toEqual([
      { code: "JRN403", message: 'The variant "x" of split "s" has 0%, outside 1% to 100%.', line: 6, column: 19 },
      { code: "JRN403", message: 'The variant "y" of split "s" has 150%, outside 1% to 100%.', line: 7, column: 19 },
    ]);
    expect(check(T("  holdout 120%\n  stage a initial terminal"), [PercentRangeRule])).toEqual([
      { code: "JRN403", message: "Holdout 120% is outside 0% to 100%.", line: 3, column: 11 },
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { ConsistentSplitsRule, PercentRangeRule, SplitWeightsRule } from "../../src/validation/rules.js";
import { check, checkFull } from "./helpers.js";

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

describe("ConsistentSplitsRule", () => {
  const twoStages = (first: string, second: string) =>
    T(`  stage a initial {
    on enter {
      split s {
${first}
      }
    }
    go to b after 1 day
  }
  stage b {
    on enter {
      split s {
${second}
      }
    }
    go to c after 1 day
  }
  stage c terminal`);
  const arms = `        variant x 50% { send email "a" }
        control 50%`;

  it("accepts one split name used in several stages with the same arms (one A/B test)", () => {
    expect(check(twoStages(arms, arms.replace('"a"', '"other template"')), [ConsistentSplitsRule])).toEqual([]);
  });
  it("reports a split name reused with other weights, arm names or order, at the later split", () => {
    const expected = (here: string) => [
      { code: "JRN406", message: `Split "s" is already defined with other arms (variant x 50%, control 50%); here: ${here}.`, line: 14, column: 13 },
    ];
    expect(check(twoStages(arms, arms.replace("50%", "60%").replace("control 50%", "control 40%")), [ConsistentSplitsRule])).toEqual(expected("variant x 60%, control 40%"));
    expect(check(twoStages(arms, arms.replace("variant x", "variant y")), [ConsistentSplitsRule])).toEqual(expected("variant y 50%, control 50%"));
    expect(check(twoStages(arms, `        control 50%
        variant x 50% { send email "a" }`), [ConsistentSplitsRule])).toEqual(expected("control 50%, variant x 50%"));
  });
  it("points at the first definition too", () => {
    const diagnostics = checkFull(twoStages(arms, arms.replace("variant x", "variant y")));
    const hit = diagnostics.find((d) => d.code === "JRN406");
    expect(hit?.related?.map((r) => [r.message, r.line, r.column])).toEqual([['split "s" first defined here', 5, 13]]);
  });
});

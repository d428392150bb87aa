import { describe, expect, it } from "vitest";
import { KnownStagesRule } from "../../src/validation/rules.js";
import { check, journey } from "./helpers.js";

describe("KnownStagesRule", () => {
  it("reports unknown transition targets with a suggestion", () => {
    const text = journey(`  stage welcome initial {
    go to purchse when event purchase
  }
  stage purchase terminal`);
    expect(check(text, [KnownStagesRule])).toEqual([
      { code: "JRN101", message: 'Unknown stage "purchse". Did you mean "purchase"?', line: 18, column: 11 },
    ]);
  });
  it("checks go to actions and goal stage", () => {
    const text = journey(
      `  stage welcome initial {
    on event visit { go to nowhere }
    go to done after 1 day
  }
  stage done terminal`,
      "  goal stage don",
    );
    expect(check(text, [KnownStagesRule])).toEqual([
      { code: "JRN101", message: 'Unknown stage "don". Did you mean "done"?', line: 16, column: 14 },
      { code: "JRN101", message: 'Unknown stage "nowhere".', line: 18, column: 28 },
    ]);
  });
  it("accepts declared stages", () => {
    expect(check(journey(`  stage a initial {
    go to b when event visit
  }
  stage b terminal`), [KnownStagesRule])).toEqual([]);
  });
});

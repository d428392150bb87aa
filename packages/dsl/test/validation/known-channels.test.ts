import { describe, expect, it } from "vitest";
import { KnownChannelsRule } from "../../src/validation/rules.js";
import { check, journey } from "./helpers.js";

describe("KnownChannelsRule", () => {
  it("reports channels missing from the channels line", () => {
    const text = journey(`  stage a initial {
    on enter {
      send emal "x"
      send sms "y"
    }
    go to b after 1 day
  }
  stage b terminal`);
    expect(check(text, [KnownChannelsRule])).toEqual([
      { code: "JRN106", message: 'Unknown channel "emal". Did you mean "email"?', line: 19, column: 12 },
      { code: "JRN106", message: 'Unknown channel "sms".', line: 20, column: 12 },
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { KnownEventsRule } from "../../src/validation/rules.js";
import { check, journey } from "./helpers.js";

describe("KnownEventsRule", () => {
  it("reports unknown events in conditions and on event blocks", () => {
    const text = journey(
      `  stage a initial {
    on event vist { tag "x" }
    go to b when event purchse
  }
  stage b terminal`,
      "  goal when event signup",
    );
    expect(check(text, [KnownEventsRule])).toEqual([
      { code: "JRN104", message: 'Unknown event "signup".', line: 16, column: 19 },
      { code: "JRN104", message: 'Unknown event "vist". Did you mean "visit"?', line: 18, column: 14 },
      { code: "JRN104", message: 'Unknown event "purchse". Did you mean "purchase"?', line: 19, column: 24 },
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { KnownFieldsRule } from "../../src/validation/rules.js";
import { check, journey } from "./helpers.js";

describe("KnownFieldsRule", () => {
  it("reports unknown fields in conditions, set, add and send data", () => {
    const text = journey(`  stage a initial {
    on enter {
      set plann = "pro"
      add 1 to order
      send email "x" with { who: emial }
    }
    go to b when ordrs > 2
  }
  stage b terminal`);
    expect(check(text, [KnownFieldsRule])).toEqual([
      { code: "JRN102", message: 'Unknown customer field "plann". Did you mean "plan"?', line: 19, column: 11 },
      { code: "JRN102", message: 'Unknown customer field "order". Did you mean "orders"?', line: 20, column: 16 },
      { code: "JRN102", message: 'Unknown customer field "emial". Did you mean "email"?', line: 21, column: 34 },
      { code: "JRN102", message: 'Unknown customer field "ordrs". Did you mean "orders"?', line: 23, column: 18 },
    ]);
  });
  it("does not suggest unrelated names", () => {
    const text = journey(`  stage a initial {
    go to b when zzzzzz > 2
  }
  stage b terminal`);
    expect(check(text, [KnownFieldsRule])).toEqual([{ code: "JRN102", message: 'Unknown customer field "zzzzzz".', line: 18, column: 18 }]);
  });
});

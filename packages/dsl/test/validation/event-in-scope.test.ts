import { describe, expect, it } from "vitest";
import { EventInScopeRule } from "../../src/validation/rules.js";
import { check, journey } from "./helpers.js";

describe("EventInScopeRule", () => {
  it("reports event.x where no event is in scope", () => {
    const text = journey(
      `  stage a initial {
    go to b when orders > 1
  }
  stage b {
    after 1 day { send email "x" with { v: event.value } }
    go to c when event.value > 3
  }
  stage c terminal`,
      "  exit when event.order_id is set",
    );
    expect(check(text, [EventInScopeRule])).toEqual([
      { code: "JRN207", message: '"event.order_id" is used where no event is in scope.', line: 16, column: 19 },
      { code: "JRN207", message: '"event.value" is used where no event is in scope.', line: 21, column: 50 },
      { code: "JRN207", message: '"event.value" is used where no event is in scope.', line: 22, column: 24 },
    ]);
  });
  it("accepts event.x in on event blocks and event-driven conditions", () => {
    const text = journey(`  stage a initial {
    on event purchase { send email "x" with { v: event.value } }
    go to b when event purchase and event.value > 3
  }
  stage b terminal`);
    expect(check(text, [EventInScopeRule])).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { KnownEventPropertiesRule } from "../../src/validation/rules.js";
import { check, journey } from "./helpers.js";

describe("KnownEventPropertiesRule", () => {
  it("reports unknown properties in with clauses and event.x reads", () => {
    const text = journey(`  stage a initial {
    on event purchase with valeu > 0 { send email "r" with { id: event.ordr_id } }
    go to b when event purchase with (event.vale > 0)
  }
  stage b terminal`);
    expect(check(text, [KnownEventPropertiesRule])).toEqual([
      { code: "JRN105", message: 'Unknown property "valeu" of event "purchase". Did you mean "value"?', line: 18, column: 28 },
      { code: "JRN105", message: 'Unknown property "ordr_id" of event "purchase". Did you mean "order_id"?', line: 18, column: 72 },
      { code: "JRN105", message: 'Unknown property "vale" of event "purchase". Did you mean "value"?', line: 19, column: 45 },
    ]);
  });
  it("resolves event.x in a stage entered by an event-driven transition", () => {
    const text = journey(`  stage a initial {
    go to b when event purchase
  }
  stage b {
    on enter { send email "thanks" with { order: event.order_id, bad: event.nope } }
    go to c after 1 day
  }
  stage c terminal`);
    expect(check(text, [KnownEventPropertiesRule])).toEqual([
      { code: "JRN105", message: 'Unknown property "nope" of event "purchase".', line: 21, column: 77 },
    ]);
  });
});

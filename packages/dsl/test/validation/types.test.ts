import { describe, expect, it } from "vitest";
import {
  AddToNumberRule, AgoOnDatetimeRule, CompareTypesRule, ContainsOnListRule, OneOfValuesRule, SetValueTypeRule, ValidDatesRule,
} from "../../src/validation/rules.js";
import { isIsoDate } from "../../src/validation/rules/valid-dates.js";
import { check, journey } from "./helpers.js";

const stageWith = (cond: string): string =>
  journey(`  stage a initial {
    go to b when ${cond}
  }
  stage b terminal`);

const line = 18;
const at = (cond: string, needle: string) => 18 + cond.indexOf(needle);

describe("CompareTypesRule", () => {
  it("reports a datetime compared with a number", () => {
    const c = "signed_up_at > 5";
    expect(check(stageWith(c), [CompareTypesRule])).toEqual([
      { code: "JRN201", message: '"signed_up_at" is datetime but is compared with a number.', line, column: at(c, "5") },
    ]);
  });
  it("reports a number field compared with text, also inside in (...)", () => {
    const c = 'orders == "3" or orders in (1, "2")';
    expect(check(stageWith(c), [CompareTypesRule])).toEqual([
      { code: "JRN201", message: '"orders" is number but is compared with text.', line, column: at(c, '"3"') },
      { code: "JRN201", message: '"orders" is number but is compared with text.', line, column: at(c, '"2"') },
    ]);
  });
  it("reports ordering on unordered types", () => {
    const c = 'email < "m"';
    expect(check(stageWith(c), [CompareTypesRule])).toEqual([
      { code: "JRN209", message: '"email" is text, which "<" cannot order.', line, column: at(c, "<") },
    ]);
  });
  it("accepts matching types, event properties included", () => {
    const c = 'orders > 2 and opted_in == yes and signed_up_at < date "2024-01-01" and plan == "pro"';
    expect(check(stageWith(c), [CompareTypesRule])).toEqual([]);
    const e = 'event purchase with value == "x"';
    expect(check(stageWith(e), [CompareTypesRule])).toEqual([
      { code: "JRN201", message: '"value" is number but is compared with text.', line, column: at(e, '"x"') },
    ]);
  });
});

describe("OneOfValuesRule", () => {
  it("reports values outside a one-of set in comparisons, in lists and set actions", () => {
    const c = 'plan == "prp" or plan in ("free", "gold")';
    expect(check(stageWith(c), [OneOfValuesRule])).toEqual([
      { code: "JRN202", message: '"prp" is not a choice of "plan". Did you mean "pro"?', line, column: at(c, '"prp"') },
      { code: "JRN202", message: '"gold" is not a choice of "plan".', line, column: at(c, '"gold"') },
    ]);
    const text = journey(`  stage a initial {
    on enter { set plan = "enterprise" }
    go to b after 1 day
  }
  stage b terminal`);
    expect(check(text, [OneOfValuesRule])).toEqual([{ code: "JRN202", message: '"enterprise" is not a choice of "plan".', line: 18, column: 27 }]);
  });
});

describe("ContainsOnListRule", () => {
  it("reports contains on a non-list and a non-text needle", () => {
    const c = 'email contains "a" or interests contains 3';
    expect(check(stageWith(c), [ContainsOnListRule])).toEqual([
      { code: "JRN203", message: '"contains" needs a list, but "email" is text.', line, column: at(c, "contains") },
      { code: "JRN201", message: '"interests" is a list of text but is tested for a number.', line, column: at(c, "3") },
    ]);
    expect(check(stageWith('interests contains "shoes"'), [ContainsOnListRule])).toEqual([]);
  });
});

describe("AgoOnDatetimeRule", () => {
  it("reports more/less than ago on non-datetimes", () => {
    const c = "orders more than 3 days ago";
    expect(check(stageWith(c), [AgoOnDatetimeRule])).toEqual([
      { code: "JRN204", message: '"more than ... ago" needs a datetime, but "orders" is number.', line, column: at(c, "more") },
    ]);
    expect(check(stageWith("signed_up_at less than 3 days ago"), [AgoOnDatetimeRule])).toEqual([]);
  });
});

describe("AddToNumberRule", () => {
  it("reports add to a non-number field", () => {
    const text = journey(`  stage a initial {
    on enter {
      add 1 to email
      add 2 to orders
    }
    go to b after 1 day
  }
  stage b terminal`);
    expect(check(text, [AddToNumberRule])).toEqual([{ code: "JRN205", message: '"add" needs a number field, but "email" is text.', line: 19, column: 16 }]);
  });
});

describe("SetValueTypeRule", () => {
  it("reports set with a value of another type", () => {
    const text = journey(`  stage a initial {
    on event purchase {
      set orders = "many"
      set opted_in = yes
      set email = event.value
      set email = event.order_id
      set plan = email
    }
    go to b after 1 day
  }
  stage b terminal`);
    expect(check(text, [SetValueTypeRule])).toEqual([
      { code: "JRN206", message: '"orders" is number but is set to text.', line: 19, column: 20 },
      { code: "JRN206", message: '"email" is text but "event.value" is number.', line: 21, column: 19 },
      { code: "JRN206", message: '"plan" is one of but "email" is text.', line: 23, column: 18 },
    ]);
  });
});

describe("ValidDatesRule", () => {
  it("reports impossible or malformed dates", () => {
    const c = 'signed_up_at > date "2024-02-30" or signed_up_at < date "yesterday"';
    expect(check(stageWith(c), [ValidDatesRule])).toEqual([
      { code: "JRN208", message: '"2024-02-30" is not a valid date.', line, column: at(c, 'date "2024') },
      { code: "JRN208", message: '"yesterday" is not a valid date.', line, column: at(c, 'date "yes') },
    ]);
  });
  it("accepts ISO dates and date-times", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2024-01-31T09:00:00Z")).toBe(true);
    expect(isIsoDate("2024-01-31T09:00:00.5+02:00")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
    expect(isIsoDate("2024-01-31T25:00")).toBe(false);
  });
  it("rejects a date-time without Z or an offset, which would be read in each machine's local time", () => {
    expect(isIsoDate("2024-01-31T09:00")).toBe(false);
    expect(isIsoDate("2024-01-31T09:00:00")).toBe(false);
    expect(isIsoDate("2024-01-31T09:00Z")).toBe(true);
    const c = 'signed_up_at > date "2024-01-31T09:00:00"';
    expect(check(stageWith(c), [ValidDatesRule])).toEqual([
      { code: "JRN208", message: '"2024-01-31T09:00:00" is not a valid date.', line, column: at(c, 'date "2024') },
    ]);
  });
});

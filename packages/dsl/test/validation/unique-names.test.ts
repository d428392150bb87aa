import { describe, expect, it } from "vitest";
import {
  UniqueChannelsRule, UniqueChoicesRule, UniqueDataKeysRule, UniqueEventPropertiesRule, UniqueEventsRule,
  UniqueFieldsRule, UniqueSegmentsRule, UniqueSplitVariantsRule, UniqueStagesRule, SingleGoalRule,
} from "../../src/validation/rules.js";
import { check, checkFull } from "./helpers.js";

const T = (s: string) => `journey "T" {\n${s}\n}\n`;

describe("UniqueStagesRule", () => {
  it("reports the repeat and points back at the first definition", () => {
    const text = T(`  stage a initial {
    go to a when event x
  }
  stage a terminal`);
    const [d] = checkFull(text, [UniqueStagesRule]);
    expect({ code: d!.code, message: d!.message, line: d!.line, column: d!.column }).toEqual({
      code: "JRN110", message: 'Stage "a" is already defined.', line: 5, column: 9,
    });
    expect(d!.related).toEqual([{ message: "first defined here", file: "t.journey", span: { start: 22, end: 23 }, line: 2, column: 9 }]);
    expect(d!.severity).toBe("error");
  });
});

describe("UniqueFieldsRule", () => {
  it("reports fields repeated across customer blocks", () => {
    const text = T(`  customer {
    email text
  }
  customer {
    email text
  }
  stage a initial terminal`);
    expect(check(text, [UniqueFieldsRule])).toEqual([{ code: "JRN111", message: 'Customer field "email" is already defined.', line: 6, column: 5 }]);
  });
});

describe("UniqueEventsRule and UniqueEventPropertiesRule", () => {
  it("reports repeated events and properties", () => {
    const text = T(`  event buy {
    value number
    value text
  }
  event buy
  stage a initial terminal`);
    expect(check(text, [UniqueEventsRule, UniqueEventPropertiesRule])).toEqual([
      { code: "JRN113", message: 'Property "value" of event "buy" is already defined.', line: 4, column: 5 },
      { code: "JRN112", message: 'Event "buy" is already defined.', line: 6, column: 9 },
    ]);
  });
});

describe("UniqueSegmentsRule", () => {
  it("reports repeated segments", () => {
    const text = T(`  customer {
    n number
  }
  segment s = n > 1
  segment s = n > 2
  stage a initial terminal`);
    expect(check(text, [UniqueSegmentsRule])).toEqual([{ code: "JRN114", message: 'Segment "s" is already defined.', line: 6, column: 11 }]);
  });
});

describe("UniqueSplitVariantsRule", () => {
  it("reports repeated variant names within one split only", () => {
    const text = T(`  channels email
  stage a initial {
    on enter {
      split subj {
        variant x 50% { send email "a" }
        variant x 50% { send email "b" }
      }
      split other {
        variant x 100% { send email "c" }
      }
    }
    go to b after 1 day
  }
  stage b terminal`);
    expect(check(text, [UniqueSplitVariantsRule])).toEqual([{ code: "JRN115", message: 'Variant "x" of split "subj" is already defined.', line: 7, column: 17 }]);
  });
  it("reports a variant named like the control arm", () => {
    const text = T(`  channels email
  stage a initial {
    on enter {
      split subj {
        variant control 50% { send email "a" }
        control 50%
      }
    }
    go to b after 1 day
  }
  stage b terminal`);
    expect(check(text, [UniqueSplitVariantsRule])).toEqual([
      { code: "JRN115", message: 'Variant "control" of split "subj" clashes with its control arm.', line: 6, column: 17 },
    ]);
  });
});

describe("UniqueChannelsRule", () => {
  it("reports repeated channels across channels lines", () => {
    const text = T(`  channels email, sms, email
  stage a initial terminal`);
    expect(check(text, [UniqueChannelsRule])).toEqual([{ code: "JRN116", message: 'Channel "email" is already listed.', line: 2, column: 24 }]);
  });
});

describe("UniqueDataKeysRule", () => {
  it("reports repeated keys in send data", () => {
    const text = T(`  channels email
  stage a initial {
    on enter { send email "x" with { k: 1, k: 2 } }
    go to b after 1 day
  }
  stage b terminal`);
    expect(check(text, [UniqueDataKeysRule])).toEqual([{ code: "JRN117", message: 'Data key "k" is already given in this send.', line: 4, column: 44 }]);
  });
});

describe("SingleGoalRule", () => {
  it("reports a second goal", () => {
    const text = T(`  goal stage b
  goal stage a
  stage a initial {
    go to b after 1 day
  }
  stage b terminal`);
    expect(check(text, [SingleGoalRule])).toEqual([{ code: "JRN118", message: "The journey already has a goal.", line: 3, column: 3 }]);
  });
});

describe("UniqueChoicesRule", () => {
  it("reports repeated one-of choices", () => {
    const text = T(`  customer {
    plan one of "a", "b", "a"
  }
  stage a initial terminal`);
    expect(check(text, [UniqueChoicesRule])).toEqual([{ code: "JRN119", message: 'Choice "a" of "plan" is already listed.', line: 3, column: 27 }]);
  });
});

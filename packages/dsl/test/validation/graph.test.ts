import { describe, expect, it } from "vitest";
import {
  HasStagesRule, InitialStageRule, NoGotoOnExitRule, ReachableStagesRule, TerminalStagesRule, WayOutRule,
} from "../../src/validation/rules.js";
import { check, checkFull } from "./helpers.js";

const T = (s: string) => `journey "T" {\n  event x\n${s}\n}\n`;

describe("HasStagesRule", () => {
  it("reports a journey without stages", () => {
    expect(check(T(""), [HasStagesRule])).toEqual([{ code: "JRN306", message: "The journey has no stages.", line: 1, column: 9 }]);
  });
});

describe("InitialStageRule", () => {
  it("reports no initial stage", () => {
    expect(check(T("  stage a terminal"), [InitialStageRule])).toEqual([{ code: "JRN301", message: "No stage is marked initial.", line: 3, column: 9 }]);
  });
  it("reports every extra initial stage with the first as related", () => {
    const d = checkFull(T("  stage a initial terminal\n  stage b initial terminal"), [InitialStageRule]);
    expect(d.map((x) => [x.code, x.message, x.line, x.column])).toEqual([["JRN302", 'Stage "b" is also marked initial.', 4, 9]]);
    expect(d[0]!.related![0]).toMatchObject({ message: "first initial stage here", line: 3, column: 9 });
  });
});

describe("ReachableStagesRule", () => {
  it("follows transitions and go to actions inside splits, and not out of terminal stages", () => {
    const text = T(`  channels email
  stage a initial {
    on enter {
      split s {
        variant v 50% { go to c }
        control 50%
      }
    }
    go to b when event x
  }
  stage b {
    go to a after 1 day
  }
  stage c terminal
  stage d {
    go to a after 1 day
  }
  stage e terminal`);
    expect(check(text, [ReachableStagesRule])).toEqual([
      { code: "JRN303", message: 'Stage "d" cannot be reached from the initial stage.', line: 17, column: 9 },
      { code: "JRN303", message: 'Stage "e" cannot be reached from the initial stage.', line: 20, column: 9 },
    ]);
  });
  it("is a warning", () => {
    expect(checkFull(T("  stage a initial terminal\n  stage b terminal"), [ReachableStagesRule])[0]!.severity).toBe("warning");
  });
});

describe("WayOutRule", () => {
  it("warns about non-terminal stages with no transition or go to", () => {
    const text = T(`  stage a initial {
    on enter { tag "x" }
  }
  stage b terminal`);
    const d = checkFull(text, [WayOutRule]);
    expect(d.map((x) => ({ code: x.code, message: x.message, line: x.line, column: x.column, severity: x.severity }))).toEqual([
      { code: "JRN304", message: 'Stage "a" has no way out.', line: 3, column: 9, severity: "warning" },
    ]);
  });
  it("counts go to actions as a way out", () => {
    expect(check(T(`  stage a initial {
    on event x { go to b }
  }
  stage b terminal`), [WayOutRule])).toEqual([]);
  });
});

describe("TerminalStagesRule", () => {
  it("reports transitions, timed/event blocks and go to in terminal stages", () => {
    const text = T(`  stage a initial {
    go to b after 1 day
  }
  stage b terminal {
    on enter { tag "done" }
    on enter { go to a }
    after 1 day { tag "late" }
    on event x { tag "y" }
    go to a when event x
    on exit { tag "gone" }
  }`);
    expect(check(text, [TerminalStagesRule])).toEqual([
      { code: "JRN305", message: 'Terminal stage "b" cannot move customers on with "go to".', line: 8, column: 16 },
      { code: "JRN305", message: 'Terminal stage "b" cannot have "after" blocks.', line: 9, column: 5 },
      { code: "JRN305", message: 'Terminal stage "b" cannot have "on event" blocks.', line: 10, column: 5 },
      { code: "JRN305", message: 'Terminal stage "b" cannot have transitions.', line: 11, column: 5 },
      { code: "JRN305", message: 'Terminal stage "b" cannot have "on exit" blocks: it is never left, so they would never run.', line: 12, column: 5 },
    ]);
  });
});

describe("NoGotoOnExitRule", () => {
  it("reports go to in on exit blocks", () => {
    const text = T(`  stage a initial {
    on exit { go to b }
    go to b after 1 day
  }
  stage b terminal`);
    expect(check(text, [NoGotoOnExitRule])).toEqual([
      { code: "JRN307", message: '"go to" cannot be used in the "on exit" block of stage "a".', line: 4, column: 15 },
    ]);
  });
});

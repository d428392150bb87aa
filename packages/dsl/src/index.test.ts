import { describe, expect, it } from "vitest";
import * as dsl from "./index.js";

describe("@journeys/dsl public API", () => {
  it("exports the documented functions and values", () => {
    for (const name of [
      "parse", "format", "formatText", "validate", "validateBound", "compile", "check", "bind", "toIR", "journeyId",
      "toXStateConfig", "xstateBindings", "renderPretty", "renderJson", "renderGithub", "escapeGithubData",
      "escapeGithubProperty", "suggest", "editDistance", "JourneyIRSchema", "ConditionSchema", "ActionSchema",
    ]) {
      expect(typeof (dsl as Record<string, unknown>)[name], name).not.toBe("undefined");
    }
    expect(dsl.IR_VERSION).toBe(1);
    expect(dsl.DIAGNOSTIC_CODES.JRN101.title).toBe("Unknown stage");
    expect(dsl.allRules.length).toBeGreaterThan(30);
  });

  it("compiles, checks, formats and renders one journey end to end", () => {
    const text = 'journey "Hello world" {\n  channels email\n  stage a initial {\n    on enter { send email "hi" }\n    go to b after 1 day\n  }\n  stage b terminal\n}\n';
    const result = dsl.compile(text, { file: "hello.journey" });
    expect(result.ok).toBe(true);
    expect(result.ir!.journey.id).toBe("hello-world");
    expect(result.xstate!.states.b).toEqual({ type: "final", entry: [] });
    expect(dsl.check(text).ok).toBe(true);
    expect(dsl.formatText(text).formatted).toBeDefined();
    const parsed = dsl.parse(text, { file: "hello.journey" });
    expect(dsl.validate(parsed.ast!, parsed.source)).toEqual([]);
  });

  it("never throws on non-journey input", () => {
    for (const bad of ["", "{}", "journey", "\uFFFF", 'journey "x" { stage a initial { go to a when event e with ((( } }']) {
      expect(() => dsl.compile(bad)).not.toThrow();
      expect(dsl.compile(bad).ok).toBe(false);
    }
  });
});

import { readFileSync } from "node:fs";
import { globSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createMachine } from "xstate";
import { describe, expect, it } from "vitest";
import { check, compile, JourneyIRSchema, journeyId } from "../../src/index.js";
import { prng } from "./ir-fixtures.js";
import { xstateReachable } from "./xstate-graph.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
const examples = globSync("examples/**/*.journey", { cwd: root }).sort();

/** Stages the reachability rule calls unreachable (JRN303), by name. */
function unreachableByRule(diagnostics: readonly { code: string; message: string }[]): Set<string> {
  return new Set(diagnostics.filter((d) => d.code === "JRN303").map((d) => /"([^"]+)"/.exec(d.message)![1]!));
}

describe("compile on the examples", () => {
  it("finds examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });
  for (const file of examples) {
    it(`compiles ${file} to a schema-valid IR and an XState machine whose graph matches the reachability rule`, () => {
      const text = readFileSync(join(root, file), "utf8");
      const result = compile(text, { file });
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(result.ok).toBe(true);
      const ir = result.ir!;
      expect(JourneyIRSchema.parse(ir)).toEqual(ir);
      const xstate = result.xstate!;
      expect(() => createMachine(xstate as never)).not.toThrow();
      expect(JSON.parse(JSON.stringify(xstate))).toEqual(xstate);
      const unreachable = unreachableByRule(result.diagnostics);
      const expected = new Set(ir.stages.map((s) => s.name).filter((s) => !unreachable.has(s)));
      expect(xstateReachable(ir, xstate)).toEqual(expected);
    });
  }
});

describe("compile on generated journeys with unreachable stages", () => {
  function generate(seed: number, n: number): string {
    const rnd = prng(seed);
    const pick = () => `s${Math.floor(rnd() * n)}`;
    const lines = ['journey "Gen" {', "  channels email", "  customer {", "    n number", "  }", "  event a", "  event b"];
    for (let i = 0; i < n; i++) {
      const terminal = i > 0 && rnd() < 0.15;
      if (terminal) {
        lines.push(`  stage s${i} terminal`);
        continue;
      }
      lines.push(`  stage s${i}${i === 0 ? " initial" : ""} {`);
      if (rnd() < 0.3) lines.push(`    after 1 hour { split x { variant v 50% { go to ${pick()} } control 50% } }`);
      if (rnd() < 0.2) lines.push(`    on event b { go to ${pick()} if n > 2 }`);
      const edges = Math.floor(rnd() * 3);
      for (let k = 0; k < edges; k++) {
        const r = rnd();
        const when = r < 0.4 ? "when event a" : r < 0.7 ? "after 2 days" : "when event b and n > 1 or inactive for 3 days";
        lines.push(`    go to ${pick()} ${when}`);
      }
      lines.push("  }");
    }
    lines.push("}");
    return lines.join("\n");
  }

  it("XState's getShortestPaths reaches exactly the stages the rule does not flag (150 journeys)", () => {
    let withUnreachable = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const text = generate(seed, 3 + (seed % 15));
      const result = compile(text, { file: `gen-${seed}.journey` });
      expect(result.diagnostics.filter((d) => d.severity === "error"), `seed ${seed}`).toEqual([]);
      const ir = result.ir!;
      const unreachable = unreachableByRule(result.diagnostics);
      if (unreachable.size > 0) withUnreachable++;
      const expected = new Set(ir.stages.map((s) => s.name).filter((s) => !unreachable.has(s)));
      expect(xstateReachable(ir, result.xstate!), `seed ${seed}`).toEqual(expected);
    }
    expect(withUnreachable).toBeGreaterThan(30);
  });
});

describe("compile and check", () => {
  it("returns no IR when there are errors, and never throws on garbage", () => {
    const bad = compile('journey "x" { stage a initial { go to nowhere after 1 day } }', { file: "x.journey" });
    expect(bad.ok).toBe(false);
    expect(bad.ir).toBeUndefined();
    expect(bad.xstate).toBeUndefined();
    expect(bad.diagnostics.map((d) => d.code)).toContain("JRN101");
    for (const junk of ["", "}", "journey", '\u0000journey "😀" {', "journey \"x\" { stage", "x".repeat(1000)]) {
      const r = compile(junk);
      expect(r.ok).toBe(false);
      expect(r.diagnostics.length).toBeGreaterThan(0);
    }
  });
  it("keeps warnings and still compiles", () => {
    const r = compile('journey "x" {\n  event unused\n  stage a initial terminal\n}\n');
    expect(r.ok).toBe(true);
    expect(r.ir).toBeDefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["JRN602"]);
  });
  it("check reports syntax and validation problems together, sorted", () => {
    const r = check('journey "x" {\n  stage a initial {\n    go to b when event nope\n  }\n  stage b terminal\n  stage\n}\n');
    expect(r.ok).toBe(false);
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes).toContain("JRN104");
    expect(codes.some((c) => c.startsWith("JRN0"))).toBe(true);
    const lines = r.diagnostics.map((d) => d.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });
});

describe("journeyId", () => {
  it("slugs names, keeping Unicode letters", () => {
    expect(journeyId("E-commerce lifecycle")).toBe("e-commerce-lifecycle");
    expect(journeyId("고객 여정 2024")).toBe("고객-여정-2024");
    expect(journeyId("  Hello,  World! ")).toBe("hello-world");
    expect(journeyId("!!!")).toBe("journey");
  });
});

it("example files are named relative to the repository", () => {
  expect(examples.every((f) => !relative(root, join(root, f)).startsWith(".."))).toBe(true);
});

describe("follow-on diagnostics", () => {
  it("does not add 'no stages' to a syntax error that swallowed the stages", () => {
    const text = 'journey "x" {\n  version 1\n  stgae a initial terminal\n}\n';
    for (const result of [check(text, { file: "t.journey" }), compile(text, { file: "t.journey" })])
      expect(result.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["JRN003", 3, 3]]);
  });

  it("after a syntax error, reports no finding the parser's recovery made up: a re-read event, unused or unreachable things", () => {
    const cases: [string, string[]][] = [
      // The unclosed block makes the parser leave the stage and re-read `event purchase` as a declaration.
      ['journey "x" {\n  channels email\n  event purchase\n  stage a initial {\n    after 3 days { send email "offer"\n    go to b when event purchase\n  }\n  stage b terminal\n}\n', ["JRN003"]],
      ['journey "x" {\n  channels email\n  event e {\n    v number\n  }\n  stage a initial {\n    on event e with event.v > 1 { send email "hi" }\n    go to z after 1 day\n  }\n  stage z terminal\n}\n', ["JRN003"]],
      // The cut at the nesting limit leaves the declared stage b unseen.
      [`journey "x" {\n  customer {\n    n number\n  }\n  stage a initial {\n    go to b when ${"(".repeat(65)}n > 1${")".repeat(65)}\n  }\n  stage b terminal\n}\n`, ["JRN005"]],
    ];
    for (const [text, codes] of cases) {
      const got = [...new Set(check(text, { file: "t.journey" }).diagnostics.map((d) => d.code))];
      expect(got, text).toEqual(codes);
    }
  });

  it("after a syntax error, keeps the findings before it that do not depend on the whole file", () => {
    const text = 'journey "x" {\n  customer {\n    n number\n  }\n  stage a initial {\n    go to b when n == "x"\n  }\n  stage b terminal\n  stage\n}\n';
    expect(check(text, { file: "t.journey" }).diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["JRN201", 6],
      ["JRN003", 10],
    ]);
  });

  it("still reports 'no stages' when the text parses", () => {
    expect(check('journey "x" {\n  version 1\n}\n').diagnostics.map((d) => d.code)).toEqual(["JRN306"]);
  });
});

import { compile, type JourneyIR } from "@journeys/dsl";
import { describe, expect, it } from "vitest";
import { describeCondition, describeDuration, stageEdges } from "./describe.js";
import { renderDot } from "./dot.js";
import { renderMermaid } from "./mermaid.js";

const TEXT = `journey "Graph \\"test\\"" {
  version 2
  channels email
  customer {
    email      text required
    plan       one of "free", "pro"
    orders     number
    last_seen  datetime
    interests  list of text
  }
  event purchase {
    value number required
  }
  event visit
  event unsubscribed
  segment vip = orders >= 5 and (plan == "pro" or interests contains "golf")
  goal stage buyer
  exit when event unsubscribed
  stage 인지 initial {
    label "Awareness; first"
    on event visit {
      go to buyer if plan in ("pro")
    }
    go to buyer when event purchase with value > 100
    go to lapsed when inactive for 60 days
    go to lapsed when last_seen more than 2 weeks ago and not vip
  }
  stage buyer {
    go to lapsed after 36 hours
  }
  stage lapsed terminal
}
`;

function ir(): JourneyIR {
  const result = compile(TEXT, { file: "graph.journey" });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.ir!;
}

describe("describeCondition / describeDuration", () => {
  it("reads durations in the largest exact unit", () => {
    expect(describeDuration(86_400_000)).toBe("1 day");
    expect(describeDuration(14 * 86_400_000)).toBe("14 days");
    expect(describeDuration(36 * 3_600_000)).toBe("36 hours");
    expect(describeDuration(90_000)).toBe("90 seconds");
  });

  it("renders conditions in the language's words", () => {
    const edges = stageEdges(ir());
    expect(edges.map((e) => `${e.from} -> ${e.to}: ${e.label}`)).toEqual([
      "인지 -> buyer: event purchase with value > 100",
      "인지 -> lapsed: inactive for 60 days",
      "인지 -> lapsed: last_seen more than 14 days ago and not vip",
      '인지 -> buyer: on event visit if plan in ("pro")',
      "buyer -> lapsed: after 36 hours",
    ]);
    expect(edges.map((e) => e.viaAction)).toEqual([false, false, false, true, false]);
  });

  it("parenthesises or inside and, and writes yes/no and dates as the language does", () => {
    const segment = ir().segments.vip!;
    expect(describeCondition(segment)).toBe('orders >= 5 and (plan == "pro" or interests contains "golf")');
    expect(describeCondition({ kind: "compare", ref: { source: "customer", field: "opted_in" }, op: "==", value: true, valueType: "boolean" })).toBe("opted_in == yes");
    expect(
      describeCondition({ kind: "compare", ref: { source: "customer", field: "since" }, op: ">=", value: "2026-01-01T00:00:00Z", valueType: "datetime" }),
    ).toBe('since >= date "2026-01-01T00:00:00Z"');
    expect(describeCondition({ kind: "not", cond: { kind: "or", any: [{ kind: "segment", name: "a" }, { kind: "segment", name: "b" }] } })).toBe("not (a or b)");
  });
});

describe("renderMermaid", () => {
  it("emits a stateDiagram with safe ids, labels and an entry and exit arrow", () => {
    const text = renderMermaid(ir());
    const lines = text.split("\n");
    expect(lines[0]).toBe("stateDiagram-v2");
    expect(lines).toContain("  %% goal: stage buyer");
    expect(lines).toContain("  %% exit when event unsubscribed");
    // A non-ASCII stage name gets a generated id; its label keeps the text, `;` made harmless.
    expect(lines).toContain('  state "Awareness, first" as s0');
    expect(lines).toContain("  [*] --> s0");
    expect(lines).toContain("  s0 --> buyer: event purchase with value > 100");
    expect(lines).toContain("  s0 --> buyer: go to, on event visit if plan in ('pro')");
    expect(lines).toContain("  lapsed --> [*]");
    expect(text.endsWith("\n")).toBe(true);
  });

  it("never gives a generated id that a stage already holds by name", () => {
    const { ir: named } = compile(
      `journey "Ids" {\n  event next\n  stage s0 initial {\n    go to 인지 when event next\n  }\n  stage 인지 {\n    go to s1 when event next\n  }\n  stage s1 {\n    go to 결정 when event next\n  }\n  stage 결정 terminal\n}\n`,
      { file: "ids.journey" },
    );
    const lines = renderMermaid(named!).split("\n");
    const states = lines.filter((line) => line.startsWith("  state "));
    const ids = states.map((line) => line.split(" as ")[1]);
    expect(new Set(ids).size).toBe(4);
    expect(states).toContain('  state "s0" as s0');
    expect(states).toContain('  state "s1" as s1');
    expect(lines).toContain("  [*] --> s0");
    // 인지 and 결정 get ids of their own: four distinct nodes and a chain of three edges.
    const 인지 = states.find((line) => line.startsWith('  state "인지"'))!.split(" as ")[1]!;
    const 결정 = states.find((line) => line.startsWith('  state "결정"'))!.split(" as ")[1]!;
    expect(lines).toContain(`  s0 --> ${인지}: event next`);
    expect(lines).toContain(`  ${인지} --> s1: event next`);
    expect(lines).toContain(`  s1 --> ${결정}: event next`);
    expect(lines).toContain(`  ${결정} --> [*]`);
  });

  it("keeps Mermaid keywords out of ids and colons out of transition labels", () => {
    const { ir: tricky } = compile(
      `journey "K" {\n  customer {\n    plan text\n  }\n  event next\n  stage note initial {\n    go to default_plan when plan in ("pro:annual")\n  }\n  stage default_plan {\n    label "Plan: default"\n    go to State when event next\n  }\n  stage State terminal\n}\n`,
      { file: "k.journey" },
    );
    const lines = renderMermaid(tricky!).split("\n");
    const idOf = (name: string) => lines.find((line) => line.startsWith(`  state "${name}" as `))!.split(" as ")[1]!;
    for (const name of ["note", "Plan#58; default", "State"]) expect(idOf(name)).toMatch(/^s\d+$/);
    // One ":" per transition line: Mermaid ends the label at a second one.
    const edge = lines.find((line) => line.includes("pro"))!;
    expect(edge).toBe(`  ${idOf("note")} --> ${idOf("Plan#58; default")}: plan in ('pro#58;annual')`);
    for (const line of lines.filter((l) => l.includes("-->"))) expect(line.split(":").length).toBeLessThanOrEqual(2);
  });

  it("turns markup in labels into Mermaid entity codes, so an HTML-label renderer shows it as text", () => {
    const { ir: marked } = compile(
      `journey "M" {\n  customer {\n    n number\n  }\n  stage a initial {\n    label "<img src=x onerror=alert(1)> & co"\n    go to b when n < 3\n  }\n  stage b terminal\n}\n`,
      { file: "m.journey" },
    );
    const text = renderMermaid(marked!);
    expect(text).toContain('state "#lt;img src=x onerror=alert(1)> #amp; co" as a');
    expect(text).toContain("a --> b: n #lt; 3");
    expect(text).not.toContain("<img");
  });
});

describe("renderDot", () => {
  it("emits a digraph with quoted ids, escaped labels, dashed action edges and double-bordered terminals", () => {
    const text = renderDot(ir());
    expect(text.startsWith('digraph "Graph \\"test\\"" {\n')).toBe(true);
    expect(text).toContain('"인지" [label="Awareness; first"];');
    expect(text).toContain('"lapsed" [label="lapsed", peripheries=2];');
    expect(text).toContain('"__start" -> "인지";');
    expect(text).toContain('"인지" -> "buyer" [label="go to, on event visit if plan in (\\"pro\\")", style=dashed];');
    expect(text).toContain('"buyer" -> "lapsed" [label="after 36 hours"];');
    expect(text.trimEnd().endsWith("}")).toBe(true);
  });
});

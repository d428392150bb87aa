import { compile, type JourneyIR } from "@journeys/dsl";
import type { JourneyMetrics } from "@journeys/runtime";
import { describe, expect, it } from "vitest";
import type { SimulationResult } from "../run/simulate.js";
import { buildRunReport, renderJsonReport } from "./funnel-json.js";
import { renderPrettyReport } from "./funnel-pretty.js";
import { humanDuration, percent, table, width } from "./table.js";

const TEXT = `journey "Shop" {
  channels email, sms
  customer { email text required }
  event purchase
  goal when event purchase
  stage 환영 initial {
    label "Welcome"
    on enter { send email "hi" }
    go to buyer when event purchase
  }
  stage buyer terminal
}`;

function ir(): JourneyIR {
  const { ir } = compile(TEXT);
  return ir!;
}

const DAY = 86_400_000;
const metrics: JourneyMetrics = {
  journeyId: "shop",
  version: 1,
  all: {
    enrolled: 4,
    goals: 1,
    goalConversion: 0.25,
    stages: [
      { stage: "환영", current: 3, entered: 4, exited: 1, timeInStage: { count: 1, medianMs: 1.5 * DAY, p90Ms: 1.5 * DAY } },
      { stage: "buyer", current: 1, entered: 1, exited: 0, timeInStage: { count: 0, medianMs: null, p90Ms: null } },
    ],
    conversions: [{ from: "환영", to: "buyer", count: 1, rate: 1 }],
  },
  variants: {},
};

function result(): SimulationResult {
  return {
    start: Date.parse("2026-01-05T00:00:00Z"),
    until: Date.parse("2026-02-04T00:00:00Z"),
    records: { read: 5, applied: 4, quarantined: 1 },
    events: { read: 3, applied: 2, duplicates: 1, quarantined: 0, afterUntil: 0, beforeStart: 0 },
    timersFired: 7,
    metrics,
    messages: {
      total: 5,
      byChannel: new Map([["sms", 1], ["email", 4]]),
      byTemplate: new Map([["sms\tpromo", 1], ["email\thi", 4]]),
      skipped: { holdout: 0, control: 1, condition: 2 },
    },
    variants: new Map([
      ["subject=b", { customers: 2, goals: 0, messages: 2 }],
      ["subject=a", { customers: 2, goals: 1, messages: 3 }],
    ]),
    quarantined: [
      { file: "events.ndjson", line: 3, customer: null, reason: "not valid JSON" },
      { file: "customers.csv", line: 9, customer: "c9", reason: 'customer "c9": bad' },
    ],
    quarantinedTotal: 2,
  };
}

const files = { journey: "shop.journey", records: "customers.csv", events: "events.ndjson" };

describe("buildRunReport / renderJsonReport", () => {
  it("builds plain data: labels, goal, sorted templates and variants, quarantine in file order", () => {
    const report = buildRunReport(ir(), result(), files);
    expect(report.simulation).toEqual({ start: "2026-01-05T00:00:00Z", until: "2026-02-04T00:00:00Z", timersFired: 7 });
    expect(report.stages[0]).toEqual({ stage: "환영", label: "Welcome", terminal: false, current: 3, entered: 4, exited: 1, medianTimeInStageMs: 1.5 * DAY });
    expect(report.stages[1]?.terminal).toBe(true);
    expect(report.goal).toEqual({ description: "event purchase", enrolled: 4, reached: 1, rate: 0.25 });
    expect(report.messages.byChannel).toEqual({ email: 4, sms: 1 });
    expect(Object.keys(report.messages.byChannel)).toEqual(["email", "sms"]);
    expect(report.messages.byTemplate).toEqual([
      { channel: "email", template: "hi", count: 4 },
      { channel: "sms", template: "promo", count: 1 },
    ]);
    expect(report.variants).toEqual([
      { group: "subject=a", customers: 2, goals: 1, goalConversion: 0.5, messages: 3 },
      { group: "subject=b", customers: 2, goals: 0, goalConversion: 0, messages: 2 },
    ]);
    expect(report.quarantine.listed.map((q) => `${q.file}:${q.line}`)).toEqual(["customers.csv:9", "events.ndjson:3"]);
    expect(JSON.parse(renderJsonReport(report))).toEqual(report);
  });
});

describe("renderPrettyReport", () => {
  it("renders every section, aligned, without colour by default", () => {
    const text = renderPrettyReport(buildRunReport(ir(), result(), files));
    expect(text).not.toContain("\u001b[");
    expect(text).toContain("Shop (version 1, shop.journey)\n");
    expect(text).toContain("Records: 5 read, 4 applied, 1 quarantined (customers.csv)\n");
    expect(text).toContain("Events:  3 read, 2 applied, 1 duplicate, 0 quarantined (events.ndjson)\n");
    expect(text).toContain(
      [
        "  stage           now  entered  left  median stay",
        "  Welcome (환영)    3        4     1     1.5 days",
        "  buyer             1        1     -            -",
      ].join("\n"),
    );
    expect(text).toContain("  환영  → buyer          1      100.0%\n");
    expect(text).toContain("  event purchase: 1 of 4 enrolled customers (25.0%)\n");
    expect(text).toContain("Messages (5 sent)\n  by channel: email 4, sms 1\n  channel  template  sent\n");
    expect(text).toContain("  not sent: 0 holdout, 1 split control, 2 condition not met\n");
    expect(text).toContain("  subject=a          2     1  50.0%         3\n");
    expect(text).toContain("Quarantined inputs (2)\n  customers.csv:9  customer \"c9\": bad\n  events.ndjson:3  not valid JSON\n");
  });

  it("colours when asked", () => {
    expect(renderPrettyReport(buildRunReport(ir(), result(), files), { color: true })).toContain("\u001b[1m");
  });
});

describe("table helpers", () => {
  it("aligns by display width (Hangul is two columns wide)", () => {
    expect(width("환영")).toBe(4);
    // Decomposed Hangul (as macOS may write it) and combining accents take the width they show.
    expect(width("환영".normalize("NFD"))).toBe(4);
    expect(width("Cafe\u0301")).toBe(4);
    expect(width("a\u200db")).toBe(2);
    expect(table([{ header: "a" }, { header: "n", align: "right" }], [["환영", "1"], ["x", "10"]], 0)).toBe("a      n\n환영   1\nx     10\n");
  });

  it("formats percentages and durations for people", () => {
    expect(percent(0.253)).toBe("25.3%");
    expect(humanDuration(DAY)).toBe("1 day");
    expect(humanDuration(3 * 3_600_000)).toBe("3 h");
    expect(humanDuration(90_000)).toBe("1.5 min");
    expect(humanDuration(0)).toBe("0 s");
  });
});

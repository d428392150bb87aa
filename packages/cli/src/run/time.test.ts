import { compile } from "@journeys/dsl";
import { describe, expect, it } from "vitest";
import { isoTime, longestTimerMs, parseDate, parseUntil } from "./time.js";

describe("parseUntil", () => {
  it("reads durations relative to the first input", () => {
    expect(parseUntil("90d")).toEqual({ kind: "after", ms: 90 * 86_400_000 });
    expect(parseUntil("12h")).toEqual({ kind: "after", ms: 12 * 3_600_000 });
    expect(parseUntil("2w")).toEqual({ kind: "after", ms: 14 * 86_400_000 });
    expect(parseUntil("30m")).toEqual({ kind: "after", ms: 1_800_000 });
  });

  it("reads ISO dates and date-times as absolute times", () => {
    expect(parseUntil("2026-04-01")).toEqual({ kind: "at", at: Date.parse("2026-04-01T00:00:00Z") });
    expect(parseUntil("2026-04-01T12:30:00+09:00")).toEqual({ kind: "at", at: Date.parse("2026-04-01T03:30:00Z") });
  });

  it("rejects anything else", () => {
    for (const bad of ["", "soon", "0d", "-3d", "90 days", "2026-13-01", "12x"]) expect(parseUntil(bad)).toBeUndefined();
  });

  it("rejects durations past 100 years, which would leave the range of a Date", () => {
    expect(parseUntil("36500d")).toEqual({ kind: "after", ms: 36_500 * 86_400_000 });
    expect(parseUntil("36501d")).toBeUndefined();
    expect(parseUntil("99999999999d")).toBeUndefined();
  });
});

describe("parseDate / isoTime", () => {
  it("round-trips whole seconds without milliseconds", () => {
    expect(isoTime(parseDate("2026-01-05T09:50:00Z")!)).toBe("2026-01-05T09:50:00Z");
    expect(isoTime(Date.parse("2026-01-05T09:50:00.250Z"))).toBe("2026-01-05T09:50:00.250Z");
    expect(parseDate("yesterday")).toBeUndefined();
  });

  it("refuses dates that are not on the calendar and date-times without an offset", () => {
    expect(parseDate("2026-02-30")).toBeUndefined();
    expect(parseDate("2026-02-30T10:00:00Z")).toBeUndefined();
    expect(parseDate("2026-01-01T12:00")).toBeUndefined();
    expect(parseDate("2026-01-01T12:00:00")).toBeUndefined();
    expect(parseDate("2026-01-01T12:00:00+09:00")).toBe(Date.parse("2026-01-01T03:00:00Z"));
    expect(parseDate("2026-01-01")).toBe(Date.parse("2026-01-01T00:00:00Z"));
  });
});

describe("longestTimerMs", () => {
  it("finds the longest wait among blocks, transitions, segments and exit rules", () => {
    const text = `journey "t" {
      channels email
      customer { seen datetime }
      event ping
      segment stale = seen more than 120 days ago
      exit when inactive for 100 days and stale
      stage a initial {
        after 2 days { send email "x" }
        every 7 days { send email "y" }
        go to b after 30 days
      }
      stage b terminal
    }`;
    const { ir, diagnostics } = compile(text);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(longestTimerMs(ir!)).toBe(120 * 86_400_000);
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile, type JourneyIR } from "@journeys/dsl";
import type { HistoryRow } from "@journeys/runtime";
import { describe, expect, it } from "vitest";
import { simulate } from "./simulate.js";
import { shortestTimerMs } from "./time.js";

const JOURNEY = `journey "Batch" {
  channels email
  customer {
    email text required
    seen  datetime
  }
  event ping
  event buy
  SEGMENT
  goal when event buy
  stage a initial {
    after 1 hour { send email "h1" }
    every 2 hours { send email "e2" }
    on event ping { send email "pong" }
    go to b when event buy
    go to c when inactive for 3 hours
  }
  stage b {
    after 1 hour { send email "thanks" }
    go to c after 5 hours
  }
  stage c terminal
}`;

function journey(withAgo: boolean): JourneyIR {
  const text = JOURNEY.replace("SEGMENT", withAgo ? "segment stale = seen more than 400 days ago" : "");
  const result = compile(text);
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.ir!;
}

/** 30 customers; pings and buys every 20 minutes over a day, so batches must be cut by timers. */
function inputs(): { records: string; events: string } {
  const dir = mkdtempSync(join(tmpdir(), "journey-sim-"));
  const records = join(dir, "customers.ndjson");
  const events = join(dir, "events.ndjson");
  const t0 = Date.parse("2026-01-05T00:00:00Z");
  writeFileSync(records, Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `c${i}`, email: `c${i}@x.io`, seen: "2026-01-01T00:00:00Z" })).join("\n"));
  const lines: string[] = [];
  for (let k = 0; k < 72; k++) {
    const customer = `c${(k * 7) % 30}`;
    const type = k % 9 === 4 ? "buy" : "ping";
    lines.push(JSON.stringify({ id: `e${k}`, customer, type, at: new Date(t0 + k * 20 * 60_000).toISOString() }));
  }
  writeFileSync(events, lines.join("\n"));
  return { records, events };
}

async function run(ir: JourneyIR, files: { records: string; events: string }) {
  const moves: string[] = [];
  const rows: string[] = [];
  const onHistory = (committed: readonly HistoryRow[]) => {
    for (const r of committed) {
      if (r.type === "enter" || r.type === "exit" || r.type === "goal") moves.push(`${r.at} ${r.customerId} ${r.type} ${r.stage}`);
      rows.push(JSON.stringify([r.at, r.customerId, r.type, r.stage, r.actionId, r.status, r.reason]));
    }
  };
  const result = await simulate({
    ir,
    records: { path: files.records, file: "customers.ndjson", format: "ndjson" },
    events: { path: files.events, file: "events.ndjson" },
    onHistory,
  });
  // Batches commit a batch's events before delivering its actions, so rows come in another order:
  // compared as sets of (time, customer, what), which must be equal.
  return { result, moves, rows: rows.sort() };
}

describe("simulate", () => {
  it("gives the same funnel, messages and moves whether events are batched or applied one by one", async () => {
    const batched = journey(false);
    const oneByOne = journey(true);
    expect(shortestTimerMs(batched)).toBe(3_600_000);
    expect(shortestTimerMs(oneByOne)).toBe(0);
    const files = inputs();
    const a = await run(batched, files);
    const b = await run(oneByOne, files);
    expect(a.result.metrics.all).toEqual(b.result.metrics.all);
    expect(Object.fromEntries(a.result.messages.byTemplate)).toEqual(Object.fromEntries(b.result.messages.byTemplate));
    expect(a.moves).toEqual(b.moves);
    expect(a.result.timersFired).toBe(b.result.timersFired);
    // The scenario exercises what batching must respect: timers firing between events.
    expect(a.result.timersFired).toBeGreaterThan(30);
    expect(a.result.messages.byTemplate.get("email\th1")).toBeGreaterThan(0);
    expect(a.result.metrics.all.goals).toBeGreaterThan(0);
  });

  it("stamps every history row, deliveries included, with the time one at a time gives (a send is delivered at its event's time, not at its batch's end)", async () => {
    const files = inputs();
    const a = await run(journey(false), files);
    const b = await run(journey(true), files);
    expect(a.rows).toEqual(b.rows);
    expect(a.rows.filter((r) => r.includes('"sent"')).length).toBeGreaterThan(50);
  });

  it("reports bad lines and the runtime's rejections of one batch in line order", async () => {
    const ir = journey(false);
    const files = inputs();
    const at = (m: number) => new Date(Date.parse("2026-01-05T00:00:00Z") + m * 60_000).toISOString();
    const lines = [
      JSON.stringify({ id: "x1", customer: "c1", type: "ping", at: at(1) }),
      "{not json",
      JSON.stringify({ id: "x2", customer: "c2", type: "nope", at: at(2) }),
      JSON.stringify({ id: "x3", customer: "c3", at: at(3) }),
      JSON.stringify({ id: "x4", customer: "c4", type: "ping", at: at(4) }),
      JSON.stringify({ id: "x5", customer: "c5", type: "ping", at: at(0) }),
      JSON.stringify({ id: "x1", customer: "c1", type: "ping", at: at(5) }),
      JSON.stringify({ id: "x6", customer: "c6", type: "nope", at: at(6) }),
      "{also not json",
    ];
    writeFileSync(files.events, lines.join("\n"));
    const seen: number[] = [];
    const result = await simulate({
      ir,
      records: { path: files.records, file: "customers.ndjson", format: "ndjson" },
      events: { path: files.events, file: "events.ndjson" },
      onQuarantine: (q) => seen.push(q.line),
    });
    expect(seen).toEqual([2, 3, 4, 6, 8, 9]);
    expect(result.quarantined.map((q) => q.line)).toEqual([2, 3, 4, 6, 8, 9]);
    expect(result.quarantined[2]!.customer).toBe("c3");
    expect(result.quarantined[4]!.reason).toContain('customer "c6"');
    expect(result.events).toEqual({ read: 9, applied: 2, duplicates: 1, quarantined: 6, afterUntil: 0, beforeStart: 0 });
  });
});

import { chmodSync, linkSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLES, FIXTURES, journey, REPO, tempDir } from "./helpers.js";

const MINI = join(FIXTURES, "run/mini.journey");
const RUN = "packages/cli/test/fixtures/run";

interface Report {
  simulation: { start: string; until: string; timersFired: number };
  inputs: { records: Record<string, number | string>; events: Record<string, number | string> | null };
  stages: Array<{ stage: string; current: number; entered: number; exited: number }>;
  conversions: Array<{ from: string; to: string; count: number; rate: number }>;
  goal: { enrolled: number; reached: number; rate: number } | null;
  messages: { total: number; byChannel: Record<string, number>; byTemplate: Array<{ channel: string; template: string; count: number }>; skipped: Record<string, number> };
  variants: Array<{ group: string; customers: number; goals: number; messages: number }>;
  quarantine: { total: number; listed: Array<{ file: string; line: number; reason: string }> };
}

async function runJson(args: string[], cwd?: string): Promise<{ code: number | null; report: Report; stderr: string }> {
  const r = await journey(["run", ...args, "--report", "json"], cwd ? { cwd } : {});
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

describe("journey run on the mini fixture (known outcomes)", () => {
  it("simulates records and events through the runtime and reports the funnel", async () => {
    const { code, report, stderr } = await runJson([MINI, "--records", `${RUN}/customers.ndjson`, "--events", `${RUN}/events.ndjson`]);
    expect(code).toBe(0);
    // Default --until: the last event (13:00) plus the longest timer (3 days).
    expect(report.simulation).toMatchObject({ start: "2026-01-05T10:00:00Z", until: "2026-01-08T13:00:00Z" });
    expect(report.inputs.records).toMatchObject({ read: 6, applied: 2, quarantined: 4 });
    expect(report.inputs.events).toMatchObject({ read: 6, applied: 1, duplicates: 1, quarantined: 4, afterUntil: 0 });
    expect(report.stages.map((s) => [s.stage, s.current, s.entered])).toEqual([
      ["fresh", 0, 2],
      ["buyer", 1, 1],
      ["lost", 1, 1],
    ]);
    expect(report.conversions).toEqual([
      { from: "fresh", to: "buyer", count: 1, rate: 0.5 },
      { from: "fresh", to: "lost", count: 1, rate: 0.5 },
    ]);
    expect(report.goal).toMatchObject({ enrolled: 2, reached: 1, rate: 0.5 });
    expect(report.messages.total).toBe(4);
    expect(report.messages.byChannel).toEqual({ email: 4 });
    expect(report.messages.byTemplate).toEqual([
      { channel: "email", template: "hello", count: 2 },
      { channel: "email", template: "nudge", count: 1 },
      { channel: "email", template: "thanks", count: 1 },
    ]);
    expect(report.quarantine.total).toBe(8);
    expect(report.quarantine.listed.map((q) => `${q.file.split("/").pop()}:${q.line}`)).toEqual([
      "customers.ndjson:2",
      "customers.ndjson:4",
      "customers.ndjson:5",
      "customers.ndjson:6",
      "events.ndjson:2",
      "events.ndjson:3",
      "events.ndjson:4",
      "events.ndjson:6",
    ]);
    // Each bad input is one clear line on stderr, never a stack trace.
    expect(stderr).toContain(`warning: ${RUN}/customers.ndjson:5: not valid JSON`);
    expect(stderr).toContain(`warning: ${RUN}/customers.ndjson:6: customer "c5":`);
    expect(stderr).toContain('"email"');
    expect(stderr).toContain(`warning: ${RUN}/customers.ndjson:4: record has no customer "id" (quarantined)`);
    expect(stderr).toContain(`warning: ${RUN}/events.ndjson:4: event "purchase" at 2026-01-05T09:00:00Z goes back in time`);
    expect(stderr).not.toMatch(/\n\s+at /);
    // Reported as they are met, in line order.
    const order = [...stderr.matchAll(/^warning: \S+\/(\w+\.ndjson):(\d+):/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(order).toEqual(report.quarantine.listed.map((q) => `${q.file.split("/").pop()}:${q.line}`));
  });

  it("reads CSV records, coercing numbers, yes/no and lists by the declared types", async () => {
    const { code, report, stderr } = await runJson([MINI, "--records", `${RUN}/customers.csv`, "--events", `${RUN}/events.ndjson`]);
    expect(code).toBe(0);
    expect(report.inputs.records).toMatchObject({ read: 5, applied: 2, quarantined: 3 });
    expect(stderr).toContain(`warning: ${RUN}/customers.csv:5: wrong number of columns (quarantined)`);
    expect(stderr).toMatch(new RegExp(`${RUN}/customers.csv:3: customer "c2": .*"orders"`));
    expect(report.goal).toMatchObject({ enrolled: 2, reached: 1 });
  });

  it("stops at --until (a duration from the first input) and counts later events", async () => {
    const { report } = await runJson([MINI, "--records", `${RUN}/customers.ndjson`, "--events", `${RUN}/events.ndjson`, "--until", "2h"]);
    expect(report.simulation.until).toBe("2026-01-05T12:00:00Z");
    // Events at 13:00 are after the horizon; the nudge (after 1 day) and the move to lost never happen.
    expect(report.inputs.events).toMatchObject({ afterUntil: 1 });
    expect(report.messages.byTemplate.map((m) => m.template)).toEqual(["hello", "thanks"]);
    expect(report.stages.find((s) => s.stage === "fresh")?.current).toBe(1);
  });

  it("counts events dated before --start without applying them (the simulated clock cannot go back)", async () => {
    const args = [MINI, "--records", `${RUN}/customers.ndjson`, "--events", `${RUN}/events.ndjson`, "--start", "2026-01-05T10:30:00Z"];
    const { code, report } = await runJson(args);
    expect(code).toBe(0);
    // e1 at 10:00 is before the start (e4 at 09:00 still goes back in time after e2 at 11:00);
    // e1 again at 13:00 is then its first application.
    expect(report.inputs.events).toMatchObject({ read: 6, applied: 1, duplicates: 0, quarantined: 4, beforeStart: 1, afterUntil: 0 });
    expect(report.simulation.start).toBe("2026-01-05T10:30:00Z");
    expect(report.stages.find((s) => s.stage === "buyer")?.current).toBe(1);
    const pretty = await journey(["run", ...args]);
    expect(pretty.stdout).toContain("1 before --start (not simulated)");
  });

  it("accepts an ISO date for --until and runs without an event file from --start", async () => {
    const { code, report } = await runJson([MINI, "--records", `${RUN}/customers.ndjson`, "--start", "2026-03-01", "--until", "2026-03-02T12:00:00Z"]);
    expect(code).toBe(0);
    expect(report.simulation).toMatchObject({ start: "2026-03-01T00:00:00Z", until: "2026-03-02T12:00:00Z" });
    expect(report.inputs.events).toBeNull();
    expect(report.messages.byTemplate).toEqual([
      { channel: "email", template: "hello", count: 2 },
      { channel: "email", template: "nudge", count: 2 },
    ]);
  });

  it("writes a trace: one JSON line per enter, exit and action with time, customer, stage and reason", async () => {
    const dir = tempDir();
    const trace = join(dir, "trace.ndjson");
    const r = await journey(["run", MINI, "--records", `${RUN}/customers.ndjson`, "--events", `${RUN}/events.ndjson`, "--trace", trace]);
    expect(r.code).toBe(0);
    const lines = readFileSync(trace, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(r.stderr).toContain(`Wrote ${lines.length} trace lines to ${trace}.`);
    for (const line of lines) expect(Object.keys(line)).toEqual(expect.arrayContaining(["at", "customer", "type", "stage", "reason"]));
    const c3 = lines.filter((l) => l.customer === "c3");
    expect(c3.filter((l) => l.type === "enter").map((l) => [l.at, l.stage])).toEqual([
      ["2026-01-05T10:00:00Z", "fresh"],
      ["2026-01-08T10:00:00Z", "lost"],
    ]);
    expect(c3.some((l) => l.type === "exit" && l.stage === "fresh")).toBe(true);
    expect(c3.filter((l) => l.type === "action" && l.status === "sent").map((l) => l.at)).toEqual(["2026-01-05T10:00:00Z", "2026-01-06T10:00:00Z"]);
  });

  it("prints the pretty report with the funnel, messages and quarantined inputs", async () => {
    const r = await journey(["run", MINI, "--records", `${RUN}/customers.ndjson`, "--events", `${RUN}/events.ndjson`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Mini \(version 1, .*mini\.journey\)\n/);
    expect(r.stdout).toContain("Stages (2 enrolled)");
    expect(r.stdout).toMatch(/fresh\s+→ buyer\s+1\s+50\.0%/);
    expect(r.stdout).toContain("event purchase: 1 of 2 enrolled customers (50.0%)");
    expect(r.stdout).toMatch(/email\s+hello\s+2/);
    expect(r.stdout).toContain("Quarantined inputs (8)");
  });
});

describe("journey run: bad input", () => {
  it("prints the diagnostics and exits 1 for a journey with errors", async () => {
    const r = await journey(["run", join(FIXTURES, "broken/unknown-stage.journey"), "--records", `${RUN}/customers.ndjson`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error[JRN101]");
  });

  it("exits 2 with one line for a missing record file, a folder, an unknown extension or a bad --until", async () => {
    const missing = await journey(["run", MINI, "--records", "nope.ndjson"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: Cannot read the record file: File not found: "nope.ndjson".\n');
    const folder = await journey(["run", MINI, "--records", RUN]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(`error: The record file "${RUN}" is a folder.\n`);
    const ext = await journey(["run", MINI, "--records", MINI]);
    expect(ext.code).toBe(2);
    expect(ext.stderr).toContain("name it .ndjson, .jsonl or .csv");
    const until = await journey(["run", MINI, "--records", `${RUN}/customers.ndjson`, "--until", "soon"]);
    expect(until.code).toBe(2);
    expect(until.stderr).toContain('Invalid --until "soon"');
    const noRecords = await journey(["run", MINI]);
    expect(noRecords.code).toBe(2);
    expect(noRecords.stderr).toContain("--records");
  });

  it("exits 2 with one line for a .csv record file of JSON lines, with a hint to name it .ndjson", async () => {
    const dir = tempDir({ "customers.csv": join(FIXTURES, "run/customers.ndjson") });
    const r = await journey(["run", MINI, "--records", "customers.csv"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      'error: Cannot read the record file "customers.csv": its header row is not valid CSV (a quote appears inside an unquoted field); it looks like NDJSON (one JSON object per line): name the file .ndjson or .jsonl.\n',
    );
  });

  it("exits 2 with one line for a CSV record file without an id column", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "customers.csv"), "customer_id,email\nc1,a@x.io\nc2,b@x.io\n");
    const r = await journey(["run", MINI, "--records", "customers.csv"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe('error: Cannot read the record file "customers.csv": its header row has no "id" column for the customer id (it names "customer_id", "email").\n');
  });

  it("quarantines a CSV row with several stray quotes once, and counts it as one record read", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "customers.csv"), 'id,email,orders\nc1,a"b@x.io,3"x\nc2,b@x.io,2\n');
    const { code, report, stderr } = await runJson([MINI, "--records", "customers.csv", "--start", "2026-01-01", "--until", "1d"], dir);
    expect(code).toBe(0);
    expect(report.inputs.records).toMatchObject({ read: 2, applied: 1, quarantined: 1 });
    expect(stderr.match(/customers\.csv:2:/g)).toHaveLength(1);
  });

  it("exits 2 with one line for a CSV file named .ndjson, records or events", async () => {
    const dir = tempDir({ "customers.ndjson": join(FIXTURES, "run/customers.csv"), "events.jsonl": join(FIXTURES, "run/customers.csv") });
    const records = await journey(["run", MINI, "--records", "customers.ndjson"], { cwd: dir });
    expect(records.code).toBe(2);
    expect(records.stdout).toBe("");
    expect(records.stderr).toBe(
      'error: The record file "customers.ndjson" looks like CSV, not NDJSON (its first line is "id,email,orders,vip,interests"): name it .csv, or write one JSON object per line.\n',
    );
    const events = await journey(["run", MINI, "--records", join(FIXTURES, "run/customers.csv"), "--events", "events.jsonl"], { cwd: dir });
    expect(events.code).toBe(2);
    expect(events.stderr).toMatch(/^error: The event file "events\.jsonl" looks like CSV, not NDJSON \(its first line is "id,email,.*"\): events must be one JSON object per line\.\n$/);
  });

  it("exits 2 with one line naming the kind of file for an unreadable record or event file", async () => {
    const dir = tempDir({ "mini.journey": MINI, "customers.ndjson": join(FIXTURES, "run/customers.ndjson"), "events.ndjson": join(FIXTURES, "run/events.ndjson") });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, "mini.journey"), 0o644);
    // Root reads any file: the binary then runs without that power (see journey()).
    const as = { unprivileged: true };
    chmodSync(join(dir, "customers.ndjson"), 0o000);
    chmodSync(join(dir, "events.ndjson"), 0o644);
    const records = await journey(["run", "mini.journey", "--records", "customers.ndjson"], { cwd: dir, ...as });
    expect(records.code).toBe(2);
    expect(records.stderr).toBe('error: Cannot read the record file: Permission denied: "customers.ndjson".\n');
    chmodSync(join(dir, "customers.ndjson"), 0o644);
    chmodSync(join(dir, "events.ndjson"), 0o000);
    const events = await journey(["run", "mini.journey", "--records", "customers.ndjson", "--events", "events.ndjson"], { cwd: dir, ...as });
    expect(events.code).toBe(2);
    expect(events.stderr).toBe('error: Cannot read the event file: Permission denied: "events.ndjson".\n');
  });

  it("warns when --until is before the first event, the start of the simulation", async () => {
    const { code, report, stderr } = await runJson([MINI, "--records", `${RUN}/customers.ndjson`, "--events", `${RUN}/events.ndjson`, "--until", "2020-01-01"]);
    expect(code).toBe(0);
    expect(stderr).toContain("warning: --until 2020-01-01 is before the start of the simulation (2026-01-05T10:00:00Z, the first event's time): nothing was simulated.\n");
    expect(report.simulation.until).toBe(report.simulation.start);
    const later = await runJson([MINI, "--records", `${RUN}/customers.ndjson`, "--events", `${RUN}/events.ndjson`, "--until", "2026-01-06"]);
    expect(later.stderr).not.toContain("--until");
  });

  it("tells why a date-time without a time zone is refused for --start and --until", async () => {
    const start = await journey(["run", MINI, "--records", `${RUN}/customers.ndjson`, "--start", "2026-01-05T09:00"]);
    expect(start.code).toBe(2);
    expect(start.stderr).toBe(
      'error: Invalid --start "2026-01-05T09:00": use an ISO date such as 2026-01-05 or 2026-01-05T09:00:00Z (a date-time needs Z or an offset such as +09:00).\n',
    );
    const until = await journey(["run", MINI, "--records", `${RUN}/customers.ndjson`, "--until", "2026-04-01 12:00:00"]);
    expect(until.code).toBe(2);
    expect(until.stderr).toMatch(/^error: Invalid --until "2026-04-01 12:00:00": .*\(a date-time needs Z or an offset such as \+09:00\)\.\n$/);
    const other = await journey(["run", MINI, "--records", `${RUN}/customers.ndjson`, "--start", "2026-13-01"]);
    expect(other.stderr).not.toContain("offset");
  });

  it("exits 2 when the trace file cannot be written", async () => {
    const r = await journey(["run", MINI, "--records", `${RUN}/customers.ndjson`, "--trace", join(tempDir(), "no/such/dir/trace.ndjson")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: Cannot write ".*trace\.ndjson": its folder does not exist\.\n$/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("quarantines record and event lines that are not valid UTF-8 instead of merging the customers their bad bytes would name", async () => {
    const dir = tempDir();
    const records = join(dir, "r.ndjson");
    const events = join(dir, "e.ndjson");
    const ok = (id: string) => Buffer.from(`{"id":"${id}","email":"${id}@x"}\n`);
    writeFileSync(records, Buffer.concat([ok("c1"), Buffer.from('{"id":"c'), Buffer.from([0xff]), Buffer.from('","email":"a@x"}\n{"id":"c'), Buffer.from([0xfe]), Buffer.from('","email":"b@x"}\n')]));
    writeFileSync(events, Buffer.concat([Buffer.from('{"id":"e1","customer":"c1","type":"purchase","at":"2026-03-01T10:00:00Z","properties":{"value":5,"note":"'), Buffer.from([0xe9]), Buffer.from('"}}\n')]));
    const r = await journey(["run", MINI, "--records", records, "--events", events, "--start", "2026-03-01", "--until", "1d", "--report", "json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { inputs: { records: object; events: object }; stages: { entered: number }[] };
    expect(report.inputs.records).toMatchObject({ read: 3, applied: 1, quarantined: 2 });
    expect(report.inputs.events).toMatchObject({ read: 1, applied: 0, quarantined: 1 });
    expect(r.stderr).toContain(`r.ndjson:2: not valid UTF-8 (byte 0xFF at byte 9 of the line) (quarantined)`);
    expect(r.stderr).toContain(`r.ndjson:3: not valid UTF-8 (byte 0xFE at byte 9 of the line) (quarantined)`);
    expect(r.stderr).toContain(`e.ndjson:1: not valid UTF-8 (byte 0xE9 at byte 106 of the line) (quarantined)`);
  });

  it("writes the trace in time order: a batch's deliveries are not written after later events", async () => {
    const dir = tempDir();
    const trace = join(dir, "trace.ndjson");
    const r = await journey(["run", join(EXAMPLES, "ecommerce/ecommerce.journey"), "--records", join(EXAMPLES, "ecommerce/customers.ndjson"), "--events", join(EXAMPLES, "ecommerce/events.ndjson"), "--until", "120d", "--trace", trace]);
    expect(r.code).toBe(0);
    const times = readFileSync(trace, "utf8").trimEnd().split("\n").map((l) => Date.parse((JSON.parse(l) as { at: string }).at));
    expect(times.length).toBeGreaterThan(1000);
    const backwards = times.filter((t, i) => i > 0 && t < times[i - 1]!).length;
    expect(backwards).toBe(0);
  });

  it("writes a long trace without Node warnings (no listener left behind at each wait for the disk)", async () => {
    const dir = tempDir();
    const records = join(dir, "many.ndjson");
    writeFileSync(records, Array.from({ length: 12_000 }, (_, i) => JSON.stringify({ id: `c${i}`, email: `c${i}@x` })).join("\n"));
    const r = await journey(["run", MINI, "--records", records, "--start", "2026-01-01", "--until", "1h", "--trace", join(dir, "trace.ndjson")]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("Warning");
    expect(r.stderr).toMatch(/Wrote \d+ trace lines/);
  });

  it("refuses a trace file that is one of its inputs, and leaves the input as it was", async () => {
    const dir = tempDir();
    const records = join(dir, "records.ndjson");
    const events = join(dir, "events.ndjson");
    const journeyFile = join(dir, "mini.journey");
    writeFileSync(records, readFileSync(join(REPO, RUN, "customers.ndjson")));
    writeFileSync(events, readFileSync(join(REPO, RUN, "events.ndjson")));
    writeFileSync(journeyFile, readFileSync(MINI));
    linkSync(events, join(dir, "events-link.ndjson"));
    const cases: [string, string][] = [
      [records, `error: --trace "${records}" is the record file: writing it would overwrite it. Choose another path.\n`],
      [join(dir, "events-link.ndjson"), `error: --trace "${join(dir, "events-link.ndjson")}" is the event file: writing it would overwrite it. Choose another path.\n`],
      [journeyFile, `error: --trace "${journeyFile}" is the journey file: writing it would overwrite it. Choose another path.\n`],
    ];
    for (const [trace, message] of cases) {
      const before = [records, events, journeyFile].map((f) => readFileSync(f, "utf8"));
      const r = await journey(["run", journeyFile, "--records", records, "--events", events, "--trace", trace]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(message);
      expect([records, events, journeyFile].map((f) => readFileSync(f, "utf8"))).toEqual(before);
    }
  });

  it("refuses a trace file it cannot write before running, not after", async () => {
    const dir = tempDir();
    const r = await journey(["run", MINI, "--records", `${RUN}/customers.ndjson`, "--trace", dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    // No quarantine warnings: the records were never read.
    expect(r.stderr).toBe(`error: Cannot write "${dir}": it is a folder.\n`);
  });

  it("does not hold the input in memory: a large event file streams through", async () => {
    const dir = tempDir();
    const events = join(dir, "events.ndjson");
    const lines: string[] = [];
    const t0 = Date.parse("2026-01-05T10:00:00Z");
    for (let i = 0; i < 20_000; i++) {
      lines.push(JSON.stringify({ id: `e${i}`, customer: `c${(i % 2) + 1}`, type: "purchase", at: new Date(t0 + i * 60_000).toISOString(), properties: { value: 1 } }));
    }
    writeFileSync(events, `${lines.join("\n")}\n`);
    const { code, report } = await runJson([MINI, "--records", `${RUN}/customers.ndjson`, "--events", events]);
    expect(code).toBe(0);
    expect(report.inputs.events).toMatchObject({ read: 20_000, applied: 20_000, quarantined: 0 });
  });
});

describe("journey run on the e-commerce example", () => {
  for (const records of ["customers.ndjson", "customers.csv"]) {
    it(`runs with ${records} and reports quarantine, duplicates, messages and variants`, async () => {
      const { code, report } = await runJson([
        "examples/ecommerce/ecommerce.journey",
        "--records",
        `examples/ecommerce/${records}`,
        "--events",
        "examples/ecommerce/events.ndjson",
        "--until",
        "120d",
      ]);
      expect(code).toBe(0);
      expect(report.inputs.records).toMatchObject({ read: 200, quarantined: 0 });
      expect(report.inputs.events).toMatchObject({ duplicates: 1, quarantined: 1 });
      expect(report.quarantine.listed[0]?.reason).toContain('"properties.value": Required field is missing');
      expect(report.goal!.reached).toBeGreaterThan(0);
      expect(report.messages.total).toBeGreaterThan(0);
      expect(report.messages.byChannel.email).toBeGreaterThan(0);
      expect(report.variants.map((v) => v.group)).toEqual(expect.arrayContaining(["welcome_subject=short", "welcome_subject=long", "holdout=control"]));
      expect(report.variants.find((v) => v.group === "holdout=control")?.messages).toBe(0);
    });
  }
});

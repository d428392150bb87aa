/**
 * The whole run, fast path against slow path: the same inputs written twice, once as generated
 * and once with the first key of every object line spelled with a `\u` escape (the same value for
 * JSON.parse, but a line the byte scanners always leave to JSON.parse and zod). Both files must
 * give the same simulation: counts, quarantine (lines, customers, reasons, order), funnel, moves.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile } from "@journeys/dsl";
import type { HistoryRow } from "@journeys/runtime";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonScanner, MAX_DEPTH } from "../io/json-scan.js";
import { MAX_NESTING } from "./inputs.js";
import { scannedRecord, scanRecordLine } from "./record-scan.js";
import { simulate } from "./simulate.js";

const ir = compile(`journey "Paths" {
  channels email
  customer {
    email text required
    nps number
  }
  event ping
  event buy
  event pay {
    value number required
  }
  goal when event buy
  stage a initial {
    on event ping { send email "pong" }
    go to b when event buy
    go to b when event pay with value > 5
    go to c when inactive for 3 hours
  }
  stage b {
    after 1 hour { send email "thanks" }
    go to c after 5 hours
  }
  stage c terminal
}`).ir!;

const T0 = Date.parse("2026-01-05T00:00:00Z");
const customer = fc.integer({ min: 0, max: 12 }).map((n) => `c${n}`);

const recordLine = fc.oneof(
  { weight: 8, arbitrary: fc.record({ id: customer, email: fc.constantFrom("a@x.io", "b@x.io"), nps: fc.integer({ min: 0, max: 10 }) }).map((r) => JSON.stringify(r)) },
  { weight: 1, arbitrary: customer.map((id) => JSON.stringify({ id, email: 7 })) },
  // Numbers as JSON writes them and JSON.stringify never does.
  { weight: 1, arbitrary: fc.tuple(customer, fc.constantFrom("-0", "1e400", "1E1", "0.5e1", "12345678901234567890", '"7"', "null")).map(([id, nps]) => `{"id":"${id}","email":"a@x.io","nps":${nps}}`) },
  { weight: 1, arbitrary: fc.constantFrom('{"email":"a@x.io"}', '{"id":"","email":"a@x.io"}', '{"id":5,"email":"a@x.io"}', "{bad", "", "[1]", '{"id":"c1","email":"x@y.z","id":"c2"}', '{"id":"c3","email":"\\u0041@x.io"}') },
);

const eventLine = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        id: fc.option(fc.stringMatching(/^e[0-9]{1,2}$/), { nil: undefined }),
        customer,
        type: fc.constantFrom("ping", "ping", "buy", "pay", "nope"),
        minutes: fc.integer({ min: 0, max: 600 }),
        // Properties as written (the runtime checks `pay`'s value): none, empty, and numbers JSON.stringify never writes.
        props: fc.constantFrom(undefined, "{}", "{ }", '{"n":1}', '{"value":7}', '{"value":-0}', '{"value":1e400}', '{"value":6E0}', '{"value":"7"}', '{"value":9,"value":2}', '{"value":[7]}'),
      })
      .map(({ minutes, props, ...e }) => `${JSON.stringify({ ...e, at: new Date(T0 + minutes * 60_000).toISOString() }).slice(0, -1)}${props === undefined ? "" : `,"properties":${props}`}}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('{"customer":"c1","type":"ping","at":"2026-02-30T00:00:00Z"}', '{"customer":"c1","type":"ping"}', '{"customer":"","type":"ping","at":"2026-01-05T01:00:00Z"}', "{bad", "", '{"customer":"c2","type":"ping","at":"2026-01-05T02:00:00+01:00"}', '{"customer":"c2","type":"ping","at":"2026-01-05T02:00:00Z","properties":null}') },
);

/** The same line, its first key escaped so that only the slow path can read it. */
function slowSpelling(line: string): string {
  return line.replace(/^([ \t\r]*)\{([ \t\r]*)"([a-z])/, (_, before: string, after: string, c: string) => `${before}{${after}"\\u00${c.charCodeAt(0).toString(16)}`);
}

async function run(records: string[] | Buffer, events: string[] | Buffer) {
  const dir = mkdtempSync(join(tmpdir(), "journey-paths-"));
  writeFileSync(join(dir, "r.ndjson"), Buffer.isBuffer(records) ? records : records.join("\n"));
  writeFileSync(join(dir, "e.ndjson"), Buffer.isBuffer(events) ? events : events.join("\n"));
  const moves: string[] = [];
  const result = await simulate({
    ir,
    records: { path: join(dir, "r.ndjson"), file: "r.ndjson", format: "ndjson" },
    events: { path: join(dir, "e.ndjson"), file: "e.ndjson" },
    start: T0,
    onHistory: (rows: readonly HistoryRow[]) => moves.push(...rows.map((r) => `${r.at} ${r.customerId} ${r.type} ${r.stage}`)),
  });
  return { ...result, moves, messages: [...result.messages.byTemplate], variants: [...result.variants] };
}

describe("the byte scanners in a whole run", () => {
  it("give the same simulation as JSON.parse and zod, quarantine included", async () => {
    let quarantined = 0;
    let moved = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(recordLine, { maxLength: 20 }), fc.array(eventLine, { maxLength: 40 }), fc.boolean(), async (records, events, sorted) => {
        // Mostly in time order (out-of-order events are quarantined, and should be tested too).
        const ordered = sorted ? [...events].sort((a, b) => (a.match(/"at":"([^"]*)"/)?.[1] ?? "").localeCompare(b.match(/"at":"([^"]*)"/)?.[1] ?? "")) : events;
        const fast = await run(records, ordered);
        const slow = await run(records.map(slowSpelling), ordered.map(slowSpelling));
        expect(fast).toEqual(slow);
        if (fast.quarantinedTotal > 0) quarantined++;
        if (fast.metrics.all.goals > 0) moved++;
      }),
      { numRuns: 60 },
    );
    expect(quarantined).toBeGreaterThan(10);
    expect(moved).toBeGreaterThan(10);
  });

  it("the escaped spelling does take the slow path", () => {
    // Guards the test above: if both spellings went the same way, it would prove nothing.
    const line = '{"id":"c1","email":"a@x.io"}';
    const scan = new JsonScanner();
    const take = (text: string) => scanRecordLine(scan, Buffer.from(text), 0, scannedRecord()) >= 0;
    expect(take(line)).toBe(true);
    expect(take(slowSpelling(line))).toBe(false);
  });
});

/**
 * A file built line by line as bytes, twice: as written, and with every line in the slow
 * spelling. `padTo` puts a chosen byte of the next line on a chosen offset of the file (a read
 * chunk's boundary) with filler lines in front.
 */
class TwoFiles {
  private readonly fast: Buffer[] = [];
  private readonly slow: Buffer[] = [];
  length = 0;

  add(line: Buffer | string, ending = "\n"): void {
    const bytes = Buffer.concat([typeof line === "string" ? Buffer.from(line) : line, Buffer.from(ending)]);
    this.fast.push(bytes);
    this.slow.push(Buffer.from(slowSpelling(bytes.toString("latin1")), "latin1"));
    this.length += bytes.length;
  }

  /** Filler lines (`filler(bytes)` makes one of exactly that many bytes, newline included) up to `offset - k`. */
  padTo(offset: number, k: number, filler: (bytes: number) => string): void {
    let gap = offset - k - this.length;
    if (gap < 200) throw new Error(`no room to pad to ${offset}`);
    while (gap > 600) {
      this.add(filler(300).slice(0, -1));
      gap -= 300;
    }
    this.add(filler(gap).slice(0, -1));
    expect(this.length).toBe(offset - k);
  }

  /** Lines added so far (the last one's number). */
  lineCount(): number {
    return this.fast.length;
  }

  files(): { fast: Buffer; slow: Buffer } {
    return { fast: Buffer.concat(this.fast), slow: Buffer.concat(this.slow) };
  }
}

describe("the byte scanners over a whole file", () => {
  it("read lines cut by the 1 MiB reads (a UTF-8 character, an invalid one, CR LF, a date), a BOM, blank lines and a last line without a newline as the slow path does", async () => {
    const MiB = 1024 * 1024;
    const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
    let second = 0;
    const eventFiller = (bytes: number) => {
      const head = `{"customer":"pad","type":"ping","at":"${iso(++second)}","note":"`;
      return `${head}${"x".repeat(bytes - head.length - 3)}"}\n`;
    };
    const events = new TwoFiles();
    events.add(`\ufeff{"customer":"c1","type":"ping","at":"${iso(++second)}"}`, "\r\n");
    events.add("");
    events.add(" \t\r");
    events.add(`\t{ "customer" : "c2" ,\t"type" : "buy" , "at" : "${iso(++second)}" } \r`);
    // Each cut line is timed after the filler lines that go before it (about 3,500 per MiB).
    let next = second + 4000;
    // A 4-byte character across the first read: its first two bytes end the chunk.
    const wide = `{"customer":"인지😀","type":"ping","at":"${iso(next)}"}`;
    events.padTo(MiB, Buffer.from(wide).indexOf(Buffer.from("😀")) + 2, eventFiller);
    events.add(wide);
    second = next;
    next += 4000;
    // CR at the end of the second read, its LF at the start of the third.
    const crlf = `{"customer":"c3","type":"buy","at":"${iso(next)}"}`;
    events.padTo(2 * MiB, crlf.length + 1, eventFiller);
    events.add(crlf, "\r\n");
    second = next;
    next += 4000;
    // An invalid UTF-8 sequence (a lead byte and one continuation byte) across the third read.
    const broken = Buffer.concat([Buffer.from('{"id":"e'), Buffer.from([0xe2, 0x82]), Buffer.from(`","customer":"c4","type":"ping","at":"${iso(next)}"}`)]);
    events.padTo(3 * MiB, 9, eventFiller);
    events.add(broken);
    const brokenLine = events.lineCount();
    second = next;
    next += 4000;
    // A date cut in two by the fourth read.
    const cut = `{"customer":"c5","type":"buy","at":"${iso(next)}"}`;
    events.padTo(4 * MiB, cut.indexOf("T", cut.indexOf('"at"')), eventFiller);
    events.add(cut);
    second = next;
    events.add(`{"customer":"c6","type":"ping","at":"${iso(5)}"}`); // back in time
    events.add('{"Customer":"c6","type":"ping"'); // not JSON (a key the slow spelling leaves alone: the message quotes a column)
    events.add(`{"customer":"c7","type":"ping","at":"${iso(++second)}"}`, "");

    const records = new TwoFiles();
    records.add('\ufeff{"id":"c1","email":"a@x.io"}', "\r\n");
    records.add('{"id":"c2","email":"b@x.io","nps":7}', "\r\n");
    records.add("");
    const recordFiller = (bytes: number) => {
      const head = '{"id":"pad","email":"';
      return `${head}${"x".repeat(bytes - head.length - 8)}@x.io"}\n`;
    };
    const wideId = '{"id":"인지😀","email":"c@x.io"}';
    records.padTo(MiB, Buffer.from(wideId).indexOf(Buffer.from("😀")) + 1, recordFiller);
    records.add(wideId);
    records.add('{"id":"c3","email":"d@x.io"}', "");

    const e = events.files();
    const r = records.files();
    const fast = await run(r.fast, e.fast);
    const slow = await run(r.slow, e.slow);
    // The slow spelling puts the bad byte further into its line.
    const place = (x: typeof fast) => ({ ...x, quarantined: x.quarantined.map((q) => ({ ...q, reason: q.reason.replace(/at byte \d+ of/, "at byte N of") })) });
    expect(place(fast)).toEqual(place(slow));
    // The cut lines were read whole and applied; the one that is not UTF-8 was quarantined, not
    // applied with U+FFFD in its id.
    expect(fast.quarantined.map((q) => [q.file, q.line, q.reason])).toEqual([
      ["e.ndjson", brokenLine, "not valid UTF-8 (byte 0xE2 at byte 9 of the line)"],
      ["e.ndjson", events.lineCount() - 2, expect.any(String)],
      ["e.ndjson", events.lineCount() - 1, expect.any(String)],
    ]);
    for (const customer of ["인지😀", "c3", "c5", "c7"]) expect(fast.moves.some((m) => m.split(" ")[1] === customer), customer).toBe(true);
    expect(fast.moves.some((m) => m.split(" ")[1] === "c4")).toBe(false);
    expect(fast.records).toEqual({ read: records.lineCount() - 1, applied: records.lineCount() - 1, quarantined: 0 });
  });
});

describe("lines nested very deep", () => {
  it("are quarantined with their line and field, and the run goes on (it used to stop on a stack overflow)", async () => {
    const deep = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    const records = ['{"id":"c1","email":"a@x.io"}', `{"id":"c2","email":"b@x.io","x":${deep(5000)}}`, `{"id":"c3","email":"c@x.io","x":${deep(MAX_NESTING)}}`];
    const objects = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${"}".repeat(levels - 1)}`;
    const events = [`{"customer":"c1","type":"ping","at":"2026-01-05T00:00:00Z","properties":{"y":${deep(5000)}}}`, `{"customer":"c3","type":"ping","at":"2026-01-05T00:01:00Z","properties":{"y":${objects(MAX_NESTING)}}}`];
    // The byte scanners never take what the slow path refuses as too deep.
    expect(MAX_DEPTH).toBeLessThan(MAX_NESTING);
    const result = await run(records, events);
    expect(result.quarantined).toEqual([
      { file: "r.ndjson", line: 2, customer: null, reason: `record "x" is nested more than ${MAX_NESTING} levels deep` },
      { file: "e.ndjson", line: 1, customer: "c1", reason: `event "properties.y" is nested more than ${MAX_NESTING} levels deep` },
    ]);
    expect([result.records.applied, result.events.applied]).toEqual([2, 1]);
  });
});

describe("a file of bad lines", () => {
  it("is reported as it is read, in line order, not held until the end of the file", async () => {
    // Regression: bad event lines waited in the batch until a valid event flushed it, so a file
    // of bad lines was held in memory whole (memory must grow with customers, not with files).
    const dir = mkdtempSync(join(tmpdir(), "journey-bad-"));
    const bad = `{"customer":"c1","type":"ping","at":"not a date ${"x".repeat(40)}"}`;
    const lines = [...Array.from({ length: 30_000 }, () => bad), '{"customer":"c1","type":"ping","at":"2026-01-05T00:00:00Z"}'];
    writeFileSync(join(dir, "r.ndjson"), '{"id":"c1","email":"a@x.io"}\n');
    writeFileSync(join(dir, "e.ndjson"), lines.join("\n"));
    const reported: number[] = [];
    const reportedAtRead: number[] = [];
    const result = await simulate({
      ir,
      records: { path: join(dir, "r.ndjson"), file: "r.ndjson", format: "ndjson" },
      events: { path: join(dir, "e.ndjson"), file: "e.ndjson" },
      start: T0,
      onQuarantine: (q) => reported.push(q.line),
      onBytes: () => reportedAtRead.push(reported.length),
    });
    expect(result.events).toMatchObject({ read: 30_001, applied: 1, quarantined: 30_000 });
    expect(reported).toEqual(Array.from({ length: 30_000 }, (_, i) => i + 1));
    // One read of the records, then three of the events (1 MiB each, about 11,500 of these lines):
    // by the third, most of the lines of the first two have been reported.
    expect(reportedAtRead).toHaveLength(4);
    expect(reportedAtRead[3]).toBeGreaterThan(15_000);
  });
});

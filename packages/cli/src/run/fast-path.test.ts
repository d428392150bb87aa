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
import { JsonScanner } from "../io/json-scan.js";
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
  goal when event buy
  stage a initial {
    on event ping { send email "pong" }
    go to b when event buy
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
  { weight: 1, arbitrary: fc.constantFrom('{"email":"a@x.io"}', '{"id":"","email":"a@x.io"}', '{"id":5,"email":"a@x.io"}', "{bad", "", "[1]", '{"id":"c1","email":"x@y.z","id":"c2"}', '{"id":"c3","email":"\\u0041@x.io"}') },
);

const eventLine = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({ id: fc.option(fc.stringMatching(/^e[0-9]{1,2}$/), { nil: undefined }), customer, type: fc.constantFrom("ping", "ping", "buy", "nope"), minutes: fc.integer({ min: 0, max: 600 }), props: fc.constantFrom(undefined, {}, { n: 1 }) })
      .map(({ minutes, props, ...e }) => JSON.stringify({ ...e, at: new Date(T0 + minutes * 60_000).toISOString(), ...(props === undefined ? {} : { properties: props }) })),
  },
  { weight: 1, arbitrary: fc.constantFrom('{"customer":"c1","type":"ping","at":"2026-02-30T00:00:00Z"}', '{"customer":"c1","type":"ping"}', '{"customer":"","type":"ping","at":"2026-01-05T01:00:00Z"}', "{bad", "", '{"customer":"c2","type":"ping","at":"2026-01-05T02:00:00+01:00"}', '{"customer":"c2","type":"ping","at":"2026-01-05T02:00:00Z","properties":null}') },
);

/** The same line, its first key escaped so that only the slow path can read it. */
function slowSpelling(line: string): string {
  return line.replace(/^\{"([a-z])/, (_, c: string) => `{"\\u00${c.charCodeAt(0).toString(16)}`);
}

async function run(records: string[], events: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "journey-paths-"));
  writeFileSync(join(dir, "r.ndjson"), records.join("\n"));
  writeFileSync(join(dir, "e.ndjson"), events.join("\n"));
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

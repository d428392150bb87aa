import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertSame, embedded, keyText, lineBytes, objectText, stringBody, valueText } from "../io/json-lines.testkit.js";
import { JsonScanner } from "../io/json-scan.js";
import { parseLine } from "../io/ndjson.js";
import { eventAtText, scanEventLine, scannedEvent } from "./event-scan.js";
import { parseEventLine } from "./inputs.js";
import { parseDate } from "./time.js";

/** Event times as event files write them. */
const isoText = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }).map((ms) => new Date(ms).toISOString());

/** Event times: the common shape, other valid forms, and invalid ones. */
const atText = fc.oneof(
  { weight: 6, arbitrary: isoText },
  { weight: 2, arbitrary: fc.constantFrom("2026-01-05", "2026-01-05T12:00Z", "2026-01-05T12:00:00Z", "2026-01-05T12:00:00.5Z", "2026-01-05T12:00:00+02:00", "2026-01-05T12:00:00.123456Z", "0500-01-01T00:00:00Z") },
  { weight: 1, arbitrary: fc.constantFrom("2026-02-30T00:00:00Z", "2026-01-05T12:00:00", "2026-01-05T25:00:00Z", "yesterday", "", "2026-01-05T12:00:00.000z") },
);

const text = (body: fc.Arbitrary<string>) => body.map((s) => `"${s}"`);
const simple = fc.stringMatching(/^[a-z0-9.]{1,8}$/);

/** Values for the event's own fields: usually the right type, often not. */
const fieldValues: Record<string, fc.Arbitrary<string>> = {
  at: fc.oneof({ weight: 8, arbitrary: text(atText) }, { weight: 1, arbitrary: valueText }),
  properties: fc.oneof(
    { weight: 4, arbitrary: fc.constant("{}") },
    { weight: 3, arbitrary: fc.array(fc.tuple(keyText, valueText), { maxLength: 3 }).chain((m) => objectText(m)) },
    { weight: 3, arbitrary: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.oneof(simple, fc.integer(), fc.double(), fc.boolean(), fc.constant(null))).map((p) => JSON.stringify(p)) },
    { weight: 1, arbitrary: fc.constantFrom("null", "[]", '"x"', "1", '{"__proto__":{}}') },
  ),
  other: fc.oneof({ weight: 12, arbitrary: text(simple) }, { weight: 1, arbitrary: fc.constantFrom('""', "7", "1.5", "-0", "null", "true", '"é"', '"c\\u0031"') }, { weight: 1, arbitrary: text(stringBody) }, { weight: 1, arbitrary: valueText }),
};
const fieldValue = (key: string) => (Object.hasOwn(fieldValues, key) ? fieldValues[key]! : fieldValues.other!);

/** Event lines: mostly the usual fields in any order, sometimes one missing, repeated or extra. */
const eventLine = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.shuffledSubarray(["id", "customer", "type", "at", "properties"], { minLength: 5, maxLength: 5 }) },
      { weight: 2, arbitrary: fc.shuffledSubarray(["customer", "type", "at"], { minLength: 3, maxLength: 3 }) },
      { weight: 1, arbitrary: fc.shuffledSubarray(["id", "customer", "type", "at", "properties"], { minLength: 0, maxLength: 5 }) },
    ),
    fc.oneof({ weight: 5, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.array(fc.oneof(keyText, fc.constantFrom("type", "at", "id")), { minLength: 1, maxLength: 3 }) }),
    fc.nat(),
  )
  .chain(([fields, extra, seed]) => {
    const keys = [...fields];
    for (const [n, k] of extra.entries()) keys.splice((seed + n) % (keys.length + 1), 0, k);
    return fc.tuple(...keys.map((k) => fieldValue(k).map((v) => [k, v] as const))).chain((members) => objectText(members));
  });

/** What the slow path makes of a line (JSON.parse, zod, parseDate), as apply-events uses it. */
function slow(line: Buffer, lineNumber: number) {
  const parsed = parseLine(line.toString("utf8"), lineNumber);
  if (parsed === undefined || !parsed.ok) return undefined;
  const event = parseEventLine(parsed.value);
  return event.success ? { ...event.data, ms: parseDate(event.data.at) } : undefined;
}

describe("scanEventLine", () => {
  it("takes only lines the slow path accepts, with exactly the slow path's event", () => {
    const scan = new JsonScanner();
    const out = scannedEvent();
    let taken = 0;
    fc.assert(
      fc.property(lineBytes(eventLine), fc.integer({ min: 1, max: 3 }), fc.boolean(), (line, lineNumber, last) => {
        const { buf, start, end } = embedded(line, last);
        const found = scanEventLine(scan, buf, start, out);
        if (found < 0) return;
        taken++;
        expect(found).toBe(end);
        const expected = slow(line, lineNumber);
        expect(expected, line.toString()).toBeDefined();
        expect(out.id).toBe(expected!.id);
        expect(out.customer).toBe(expected!.customer);
        expect(out.type).toBe(expected!.type);
        expect(out.at).toBe(expected!.ms);
        expect(eventAtText(buf, out)).toBe(expected!.at);
        // `{}` and no properties are the same to the runtime; the scanner makes no object for either.
        const props = expected!.properties;
        assertSame(out.properties, props === undefined || Reflect.ownKeys(props).length === 0 ? undefined : props);
      }),
      { numRuns: 20_000 },
    );
    // About 1,270-1,450 of the 20,000 lines are taken (8 runs); half that proves the fast path is exercised without failing on a seed.
    expect(taken).toBeGreaterThan(600);
  });

  it("takes the lines event files are made of", () => {
    const scan = new JsonScanner();
    const out = scannedEvent();
    fc.assert(
      fc.property(
        fc.record({ id: fc.stringMatching(/^c[0-9]{1,7}\.[0-9]$/), customer: fc.stringMatching(/^c[0-9]{1,7}$/), type: fc.constantFrom("visit", "referral", "purchase"), at: isoText, properties: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.oneof(simple, fc.integer(), fc.double(), fc.boolean())) }),
        (event) => {
          const line = Buffer.from(JSON.stringify(event));
          expect(scanEventLine(scan, line, 0, out)).toBe(line.length);
          expect([out.id, out.customer, out.type, out.at]).toEqual([event.id, event.customer, event.type, Date.parse(event.at)]);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("leaves repeated fields, number ids and offsets it cannot read itself to the slow path or parseDate", () => {
    const scan = new JsonScanner();
    const out = scannedEvent();
    const take = (text: string) => scanEventLine(scan, Buffer.from(text), 0, out) >= 0;
    expect(take('{"customer":"c1","type":"a","at":"2026-01-01T00:00:00Z","type":"b"}')).toBe(false);
    expect(take('{"id":7,"customer":"c1","type":"a","at":"2026-01-01T00:00:00Z"}')).toBe(false);
    expect(take('{"customer":"c1","type":"a","at":"2026-01-01T01:00:00+01:00"}')).toBe(true);
    expect(out.at).toBe(Date.parse("2026-01-01T00:00:00Z"));
    expect(out.id).toBeUndefined();
  });
});

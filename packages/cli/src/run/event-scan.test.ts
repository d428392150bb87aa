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

describe("scanEventLine on edge cases the generators rarely make", () => {
  const at = (text: string, extra = "") => `{"customer":"c1","type":"t","at":${JSON.stringify(text)}${extra}}`;
  const long = "x".repeat(40);
  /** Lines the fast path must take (they are in its subset), each read as the slow path reads it. */
  const taken: (string | Buffer)[] = [
    // Every date form parseDate accepts, the ones date-scan reads and the ones it hands to parseDate.
    ...["2026-01-05", "2026-01-05T12:00Z", "2026-01-05T12:00:00Z", "2026-01-05T12:00:00.5Z", "2026-01-05T12:00:00.05Z", "2026-01-05T12:00:00.000Z", "2026-01-05T12:00:00.1234Z", "2026-01-05T12:00:00.123456789Z"].map((t) => at(t)),
    ...["2026-01-05T12:00:00+00:00", "2026-01-05T12:00:00-00:00", "2026-01-05T12:00+05:30", "2026-01-05T12:00:00.5-14:00", "1000-01-01T00:00:00.000-14:00", "9999-12-31T23:59:59.999+00:00", "9999-12-31T23:59:59.999Z"].map((t) => at(t)),
    ...["0999-01-05", "0100-01-05T00:00:00Z", "2024-02-29T00:00:00Z", "2000-02-29", "1969-12-31T23:59:59.999Z", "1970-01-01T00:00Z"].map((t) => at(t)),
    // Numbers, nesting, repeated keys and odd keys inside properties, and fields the event ignores.
    at("2026-01-05T12:00:00Z", ',"properties":{"n":-0,"m":1e400,"k":1E5,"j":0.1e-7,"h":12345678901234567890,"g":-9007199254740993,"f":-1e-400}'),
    at("2026-01-05T12:00:00Z", ',"properties":{"a":1,"a":{"b":[1,{"c":null}]},"10":true,"2":false,"constructor":"x","toString":[]}'),
    at("2026-01-05T12:00:00Z", `,"properties":{"${long}":"${long}"},"__proto__":{"customer":"c9"},"constructor":[[],{}],"${long}":0`),
    // Whitespace of every JSON kind between tokens, CR before the line feed, long and unusual texts.
    '\t{ "customer" : "c1" ,\t"type":"t" ,\r"at" :"2026-01-05T12:00:00Z" , "properties" : { } }\r\r',
    `{"id":"${long}","customer":"${long}","type":"${long}","at":"2026-01-05T12:00:00Z"}`,
    '{"id":" ","customer":" ","type":"a b","at":"2026-01-05T12:00:00Z"}',
    '{"customer":"__proto__","type":"constructor","id":"hasOwnProperty","at":"2026-01-05T12:00:00Z"}',
    '{"customer":"인지 😀","type":"구매","id":"e\u2028\u00a0\ufeff","at":"2026-01-05T12:00:00Z"}',
    // Invalid UTF-8 in the texts: a lone continuation byte, a cut sequence, an encoded surrogate (CESU-8), a byte never in UTF-8.
    Buffer.from('{"customer":"c\x80","type":"t\xe2\x82","id":"\xed\xa0\x80\xff","at":"2026-01-05T12:00:00Z"}', "latin1"),
  ];
  /** Lines the slow path rejects, and lines only it reads (a number, an escape, a repeated field, a BOM): declined. */
  const declined: (string | Buffer)[] = [
    ...["2026-01-05T12:00:60Z", "2026-01-05T24:00:00Z", "2026-01-05T24:00Z", "2026-13-05", "2026-00-05", "2026-02-29", "1900-02-29", "2026-04-31", "0099-01-05", "0000-01-01"].map((t) => at(t)),
    ...["+002026-01-05T00:00:00Z", "10000-01-05", "2026-01-05T12:00:00.Z", "2026-01-05t12:00:00Z", "2026-01-05T12:00:00z", "2026-01-05T12:00:00+24:00", "2026-01-05T12:00:00+01:60", "2026-01-05T12:00:00+0100"].map((t) => at(t)),
    ...["2026-01-05 12:00:00Z", "2026-01-05T12Z", "2026-01-05T12:00:00", "2026-W01-1", "2026-005", "2026-1-5", " 2026-01-05", "2026-01-05T12:00:00.1234567891Z", "2026-01-05T12:00:00Z\u0000"].map((t) => at(t)),
    at("2026-01-05T12:00:00Z", ',"properties":{"__proto__":1}'),
    at("2026-01-05T12:00:00Z", ',"properties":{"s":"\\ud800"}'),
    at("2026-01-05T12:00:00Z", ',"properties":[]'),
    at("2026-01-05T12:00:00Z", ',"properties":null'),
    at("2026-01-05T12:00:00Z", ',"id":7'),
    at("2026-01-05T12:00:00Z", ',"x":01'),
    at("2026-01-05T12:00:00Z", ',"x":1.'),
    at("2026-01-05T12:00:00Z", ',"customer":"c2"'),
    '{"customer":5,"type":"t","at":"2026-01-05T12:00:00Z"}',
    '{"customer":"","type":"t","at":"2026-01-05T12:00:00Z"}',
    '{"customer":"c\\u0000","type":"t","at":"2026-01-05T12:00:00Z"}',
    '{"customer":"c1","type":"t","at":"2026-01-05T12:00:00Z"} {}',
    '{"customer":"c1","type":"t","at":"2026-01-05T12:00:00Z",}',
    '{"customer":"c1","type":"t","at":"2026-01-05T12:00:00Z"}\u00a0',
    "\ufeff" + at("2026-01-05T12:00:00Z"),
    Buffer.from('{"customer":"c1","type":"t","at":"2026-01-05T12:00:00Z"\xff}', "latin1"),
    Buffer.from('{"customer":"c1","type":"t","at":"2026-01-05T12:00:00\xc3\xa9"}', "latin1"),
  ];
  const bytes = (line: string | Buffer) => (typeof line === "string" ? Buffer.from(line) : line);

  it("takes the lines of its subset with exactly the slow path's event", () => {
    const scan = new JsonScanner();
    const out = scannedEvent();
    for (const line of taken.map(bytes)) {
      for (const last of [false, true]) {
        const { buf, start, end } = embedded(line, last);
        expect(scanEventLine(scan, buf, start, out), line.toString()).toBe(end);
        const expected = slow(line, 2)!;
        expect(expected, line.toString()).toBeDefined();
        expect([out.id, out.customer, out.type, out.at, eventAtText(buf, out)]).toEqual([expected.id, expected.customer, expected.type, expected.ms, expected.at]);
        const props = expected.properties;
        assertSame(out.properties, props === undefined || Reflect.ownKeys(props).length === 0 ? undefined : props);
      }
    }
  });

  it("declines the rest", () => {
    const scan = new JsonScanner();
    const out = scannedEvent();
    for (const line of declined.map(bytes)) {
      const { buf, start } = embedded(line);
      expect(scanEventLine(scan, buf, start, out), line.toString()).toBe(-1);
    }
  });
});

describe("scanEventLine on JSON.stringify's output", () => {
  it("reads any event JSON.stringify writes (any text, deep properties) as the slow path does", () => {
    // The other generators write JSON by hand around a small alphabet; this one lets fast-check
    // pick whole values (full Unicode texts, lone surrogates, doubles, nesting past the scanner's
    // depth) and JSON.stringify write them.
    const text = fc.oneof({ weight: 4, arbitrary: fc.string({ unit: "grapheme" }) }, fc.string({ unit: "binary" }), fc.string({ unit: "grapheme", minLength: 13 }), fc.jsonValue({ maxDepth: 1 }));
    const time = fc.oneof(fc.integer({ min: -5e13, max: 2.5e14 }).map((ms) => new Date(ms).toISOString()), fc.integer({ min: -5e13, max: 2.5e14 }).map((ms) => new Date(ms).toISOString().slice(0, 10)), text);
    const event = fc.record(
      {
        id: text,
        customer: text,
        type: text,
        at: fc.oneof({ weight: 4, arbitrary: time }, fc.jsonValue({ maxDepth: 1 })),
        properties: fc.oneof({ weight: 3, arbitrary: fc.dictionary(fc.string({ unit: "binary" }), fc.jsonValue({ maxDepth: 10 })) }, fc.jsonValue({ maxDepth: 1 })),
        other: fc.jsonValue({ maxDepth: 10 }),
      },
      { requiredKeys: ["customer", "type", "at"] },
    );
    const scan = new JsonScanner();
    const out = scannedEvent();
    let taken = 0;
    fc.assert(
      fc.property(event, (e) => {
        const line = Buffer.from(JSON.stringify(e));
        if (scanEventLine(scan, line, 0, out) < 0) return;
        taken++;
        const expected = slow(line, 1);
        expect(expected, line.toString()).toBeDefined();
        expect([out.id, out.customer, out.type, out.at, eventAtText(line, out)]).toEqual([expected!.id, expected!.customer, expected!.type, expected!.ms, expected!.at]);
        const props = expected!.properties;
        assertSame(out.properties, props === undefined || Reflect.ownKeys(props).length === 0 ? undefined : props);
      }),
      { numRuns: 10_000 },
    );
    // About 520-580 of the 10,000 lines are taken (4 runs).
    expect(taken).toBeGreaterThan(250);
  });
});

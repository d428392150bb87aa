import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertSame, embedded, keyText, lineBytes, objectText, valueText } from "../io/json-lines.testkit.js";
import { JsonScanner } from "../io/json-scan.js";
import { parseLine } from "../io/ndjson.js";
import { splitRecord } from "./inputs.js";
import { scannedRecord, scanRecordLine } from "./record-scan.js";

const idValue = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^c[0-9]{1,7}$/).map((s) => `"${s}"`) },
  { weight: 1, arbitrary: fc.constantFrom('""', "7", "7.5", "-0", "null", '"é"', '"c\\u0031"', "{}", "[]") },
  { weight: 1, arbitrary: valueText },
);

/** Field values as JSON.stringify writes them (in the subset unless a string needs an escape). */
const plainValue = fc.oneof(fc.stringMatching(/^[a-zA-Z0-9@. ]{0,10}$/), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 })).map((v) => JSON.stringify(v));

/** Record lines: an id among other fields (or none, or two), with keys JSON.parse treats specially. */
const recordLine = fc
  .tuple(fc.array(fc.tuple(keyText, fc.oneof({ weight: 3, arbitrary: plainValue }, { weight: 1, arbitrary: valueText })), { maxLength: 5 }), fc.array(idValue, { minLength: 0, maxLength: 2 }), fc.nat())
  .chain(([members, ids, seed]) => {
    const all: (readonly [string, string])[] = [...members];
    for (const [n, id] of ids.entries()) all.splice((seed + n) % (all.length + 1), 0, ["id", id]);
    return objectText(all);
  });

describe("scanRecordLine", () => {
  it("takes only records the slow path accepts, with exactly its id and fields", () => {
    const scan = new JsonScanner();
    const out = scannedRecord();
    let taken = 0;
    fc.assert(
      fc.property(lineBytes(recordLine), fc.integer({ min: 1, max: 3 }), fc.boolean(), (line, lineNumber, last) => {
        const { buf, start, end } = embedded(line, last);
        const found = scanRecordLine(scan, buf, start, out);
        if (found < 0) return;
        taken++;
        expect(found).toBe(end);
        const parsed = parseLine(line.toString("utf8"), lineNumber);
        expect(parsed?.ok, line.toString()).toBe(true);
        const expected = splitRecord(parsed!.ok ? parsed!.value : undefined);
        expect(expected.ok).toBe(true);
        if (!expected.ok) return;
        expect(out.id).toBe(expected.id);
        assertSame(out.fields, expected.fields);
      }),
      { numRuns: 20_000 },
    );
    // About 1,000-1,100 of the 20,000 lines are taken (8 runs); half that proves the fast path is exercised without failing on a seed.
    expect(taken).toBeGreaterThan(500);
  });

  it("takes the lines record files are made of, keeping the fields' order", () => {
    const scan = new JsonScanner();
    const out = scannedRecord();
    const line = Buffer.from('{"email":"c0@example.com","id":"c0","nps":5,"tags":["a"],"1":null}');
    expect(scanRecordLine(scan, line, 0, out)).toBe(line.length);
    expect(out.id).toBe("c0");
    assertSame(out.fields, { 1: null, email: "c0@example.com", nps: 5, tags: ["a"] });
  });

  it("leaves number ids, repeated ids and __proto__ keys to the slow path", () => {
    const scan = new JsonScanner();
    const out = scannedRecord();
    for (const text of ['{"id":7}', '{"id":"a","id":"b"}', '{"id":"a","__proto__":{"x":1}}', '{"id":""}', "{}"]) {
      const line = Buffer.from(text);
      expect(scanRecordLine(scan, line, 0, out), text).toBe(-1);
    }
  });
});

describe("scanRecordLine on edge cases the generators rarely make", () => {
  const long = "y".repeat(40);
  const taken: (string | Buffer)[] = [
    '{"id":"c1","n":-0,"m":1e400,"k":1E5,"j":0.1e-7,"h":12345678901234567890,"g":-9007199254740993,"f":-1e-400,"e":-0.0e-0}',
    '{"a":1,"id":"c1","a":{"b":[1,{"c":null}]},"10":true,"2":false,"4294967295":0,"4294967294":1,"01":2,"":3}',
    `{"constructor":"x","toString":[],"hasOwnProperty":{},"${long}":"${long}","id":"${long}"}`,
    '\t{ "id" : "c1" ,\t"x" :\r[ 1 , { } ] }\r\r',
    '{"id":" "}',
    '{"id":"__proto__","valueOf":null}',
    '{"id":"인지 😀","name":"값 \u2028"}',
    Buffer.from('{"id":"c\x80\xe2\x82","x":"\xed\xa0\x80\xff"}', "latin1"),
  ];
  const declined: (string | Buffer)[] = [
    '{"id":7}',
    '{"id":"c1","이름":"값"}',
    '{"id":"c1","id":"c2"}',
    '{"id":""}',
    '{"id":"c1","__proto__":{"x":1}}',
    '{"id":"c1","x":{"__proto__":null}}',
    '{"id":"c1","x":"\\u0041"}',
    '{"id":"c1","x":01}',
    '{"id":"c1","x":-}',
    '{"id":"c1","x":[1,]}',
    '{"id":"c1"}{}',
    "[]",
    '"c1"',
    "\ufeff{\"id\":\"c1\"}",
  ];
  const bytes = (line: string | Buffer) => (typeof line === "string" ? Buffer.from(line) : line);

  it("takes the records of its subset with exactly the slow path's id and fields", () => {
    const scan = new JsonScanner();
    const out = scannedRecord();
    for (const line of taken.map(bytes)) {
      for (const last of [false, true]) {
        const { buf, start, end } = embedded(line, last);
        expect(scanRecordLine(scan, buf, start, out), line.toString()).toBe(end);
        const parsed = parseLine(line.toString("utf8"), 2);
        const expected = splitRecord(parsed?.ok ? parsed.value : undefined);
        expect(expected.ok, line.toString()).toBe(true);
        if (!expected.ok) continue;
        expect(out.id).toBe(expected.id);
        assertSame(out.fields, expected.fields);
      }
    }
  });

  it("declines the rest", () => {
    const scan = new JsonScanner();
    const out = scannedRecord();
    for (const line of declined.map(bytes)) {
      const { buf, start } = embedded(line);
      expect(scanRecordLine(scan, buf, start, out), line.toString()).toBe(-1);
    }
  });
});

describe("scanRecordLine on JSON.stringify's output", () => {
  it("reads any record JSON.stringify writes (any text, deep values) as the slow path does", () => {
    const value = fc.oneof(fc.string({ unit: "grapheme" }), fc.jsonValue({ maxDepth: 10 }));
    // An id, usually a text, among the other fields at any place.
    const record = fc
      .tuple(fc.oneof({ weight: 4, arbitrary: fc.string({ unit: "binary" }) }, value), fc.array(fc.tuple(fc.string({ unit: "binary" }), value), { maxLength: 5 }), fc.nat())
      .map(([id, members, at]) => Object.fromEntries(members.toSpliced(at % (members.length + 1), 0, ["id", id])));
    const scan = new JsonScanner();
    const out = scannedRecord();
    let taken = 0;
    fc.assert(
      fc.property(record, (r) => {
        const line = Buffer.from(JSON.stringify(r));
        if (scanRecordLine(scan, line, 0, out) < 0) return;
        taken++;
        const parsed = parseLine(line.toString("utf8"), 1);
        const expected = splitRecord(parsed?.ok ? parsed.value : undefined);
        expect(expected.ok, line.toString()).toBe(true);
        if (!expected.ok) return;
        expect(out.id).toBe(expected.id);
        assertSame(out.fields, expected.fields);
      }),
      { numRuns: 10_000 },
    );
    // About 1,430-1,460 of the 10,000 lines are taken (4 runs).
    expect(taken).toBeGreaterThan(700);
  });
});

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

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertSame, embedded, lineBytes, objectText, space, valueText } from "./json-lines.testkit.js";
import { JsonScanner } from "./json-scan.js";

/** What the slow path makes of a line: JSON.parse of its UTF-8 text, or the fact that it throws. */
function slow(line: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(line.toString("utf8")) as unknown };
  } catch {
    return { ok: false };
  }
}

describe("JsonScanner.line", () => {
  it("gives exactly JSON.parse's value for every line it takes, and takes no line JSON.parse rejects", () => {
    const scan = new JsonScanner();
    let taken = 0;
    fc.assert(
      fc.property(lineBytes(fc.tuple(space, valueText, space).map((p) => p.join(""))), (line) => {
        const { buf, start, end } = embedded(line);
        if (!scan.line(buf, start, end)) return;
        taken++;
        const expected = slow(line);
        expect(expected.ok).toBe(true);
        if (expected.ok) assertSame(scan.scanned, expected.value);
      }),
      { numRuns: 20_000 },
    );
    // The property says nothing if the scanner declines everything.
    expect(taken).toBeGreaterThan(5_000);
  });

  it("agrees with JSON.parse on objects with repeated keys, index-like keys and -0", () => {
    const scan = new JsonScanner();
    for (const text of ['{"a":1,"b":2,"a":3}', '{"b":1,"10":2,"1":3,"-1":4,"01":5}', '{"n":-0,"m":[-0,0.0,-0.0]}', '{"x":{"y":{"z":[[],{}]}}}', '{"toString":1,"constructor":{}}']) {
      const buf = Buffer.from(text);
      expect(scan.line(buf, 0, buf.length), text).toBe(true);
      assertSame(scan.scanned, JSON.parse(text));
    }
  });

  it("declines __proto__ keys (an own property for JSON.parse, the prototype for an assignment)", () => {
    const scan = new JsonScanner();
    const buf = Buffer.from('{"__proto__":{"polluted":true}}');
    expect(scan.line(buf, 0, buf.length)).toBe(false);
  });

  it("declines escapes, control characters, BOMs and deep nesting for the slow path", () => {
    const scan = new JsonScanner();
    for (const text of ['{"a":"x\\ny"}', '{"a\\u0041":1}', '{"a":"\u0001"}', "\ufeff{}", `${"[".repeat(20)}${"]".repeat(20)}`]) {
      const buf = Buffer.from(text);
      expect(scan.line(buf, 0, buf.length), text).toBe(false);
    }
  });

  it("decodes non-ASCII string values, valid or not, as the whole line's UTF-8 decode does", () => {
    const scan = new JsonScanner();
    const lines = [Buffer.from('{"name":"인지 단계 😀"}'), Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0x22, 0x7d]), Buffer.from([0x5b, 0x22, 0xff, 0xc3, 0x22, 0x5d])];
    for (const line of lines) {
      expect(scan.line(line, 0, line.length)).toBe(true);
      assertSame(scan.scanned, JSON.parse(line.toString("utf8")));
    }
  });

  it("reads the same value wherever the line sits in the buffer, and never past its end", () => {
    const scan = new JsonScanner();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("a", "b", "id"), valueText), { maxLength: 5 }).chain((m) => objectText(m)),
        (text) => {
          const line = Buffer.from(text);
          const alone = scan.line(line, 0, line.length);
          const aloneValue = scan.scanned;
          const { buf, start, end } = embedded(line);
          expect(scan.line(buf, start, end)).toBe(alone);
          if (alone) assertSame(scan.scanned, aloneValue);
        },
      ),
      { numRuns: 3_000 },
    );
  });
});

describe("JsonScanner numbers", () => {
  it("reads every number form as JSON.parse does, and declines what it rejects", () => {
    const scan = new JsonScanner();
    const valid = ["0", "-0", "0e0", "-0e-0", "-0.0", "1E5", "1e+5", "0.1e-7", "1e400", "-1e400", "1e-400", "-1e-400", "5e-324", "4.9406564584124654e-324", "2.2250738585072011e-308", "1.7976931348623157e308", "1.7976931348623159e308", "0.30000000000000004"];
    const integers = ["999999999999999", "-999999999999999", "1000000000000000", "9007199254740993", "-9007199254740993", "123456789012345678901234567890", "100000000000000000000000000000000000000000000000000000000000000000000000"];
    for (const text of [...valid, ...integers]) {
      for (const line of [text, `[${text}]`, `{"n":${text}}`, `[ ${text} ,${text}\t]`]) {
        const buf = Buffer.from(line);
        expect(scan.line(buf, 0, buf.length), line).toBe(true);
        assertSame(scan.scanned, JSON.parse(line));
      }
    }
    for (const text of ["01", "-01", "00", "1.", ".5", "+1", "1e", "1e+", "-", "--1", "0x10", "1_000", "1.e5", "-.5", "NaN", "Infinity", "-Infinity", "0b1", "1e5.5", "1..2"]) {
      const buf = Buffer.from(`[${text}]`);
      expect(scan.line(buf, 0, buf.length), text).toBe(false);
      expect(() => JSON.parse(`[${text}]`)).toThrow();
    }
  });
});

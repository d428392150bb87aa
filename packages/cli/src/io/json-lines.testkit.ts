/**
 * Test support for the byte scanners (imported by *.test.ts only): generators of NDJSON lines in
 * the scanners' subset and near it, and a comparison stricter than `toEqual` (key order,
 * prototypes, own `__proto__` keys, -0).
 */
import fc from "fast-check";

/** Whether two values are the same down to key order, prototypes and -0 (throws with a path if not). */
export function assertSame(actual: unknown, expected: unknown, path = "$"): void {
  if (actual === null || expected === null || typeof actual !== "object" || typeof expected !== "object") {
    if (!Object.is(actual, expected)) throw new Error(`${path}: ${String(actual)} is not ${String(expected)}`);
    return;
  }
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) throw new Error(`${path}: different prototypes`);
  const a = Reflect.ownKeys(actual);
  const e = Reflect.ownKeys(expected);
  if (a.length !== e.length || a.some((k, i) => k !== e[i])) throw new Error(`${path}: keys [${a.map(String).join()}] are not [${e.map(String).join()}]`);
  for (const k of e) {
    const da = Object.getOwnPropertyDescriptor(actual, k)!;
    const de = Object.getOwnPropertyDescriptor(expected, k)!;
    if (da.enumerable !== de.enumerable || da.writable !== de.writable || da.configurable !== de.configurable) throw new Error(`${path}.${String(k)}: different descriptor`);
    assertSame(da.value, de.value, `${path}.${String(k)}`);
  }
}

/** JSON whitespace, mostly none, and characters that look like whitespace but are not JSON's. */
export const space = fc.oneof(
  { weight: 8, arbitrary: fc.constant("") },
  { weight: 3, arbitrary: fc.constantFrom(" ", "\t", "\r", "  ", " \t") },
  { weight: 1, arbitrary: fc.constantFrom("\u00a0", "\f", "\v", "\u2028", "\ufeff") },
);

/** Number texts: JSON's grammar in every form, and texts JSON.parse rejects. */
export const numberText = fc.oneof(
  fc.integer().map(String),
  fc.integer({ min: 0, max: 99 }).map(String),
  fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc
    .tuple(
      fc.constantFrom("", "-"),
      fc.oneof(fc.constant("0"), fc.stringMatching(/^[1-9][0-9]{0,20}$/)),
      fc.oneof(fc.constant(""), fc.stringMatching(/^\.[0-9]{1,20}$/)),
      fc.oneof(fc.constant(""), fc.stringMatching(/^[eE][+-]?[0-9]{1,4}$/)),
    )
    .map((parts) => parts.join("")),
  fc.constantFrom("-0", "0", "1.0", "1e5", "1E+5", "-0.0", "1e400", "-1e400", "5e-324", "1e-400", "9007199254740993", "123456789012345", "1234567890123456"),
  fc.constantFrom("01", "-01", "1.", ".5", "+1", "1e", "1e+", "-", "--1", "0x10", "Infinity", "NaN", "1_000", "1.e5", "00", "-.5"),
);

/** String contents (between the quotes, as written in the line). */
export const stringBody = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-zA-Z0-9@._:+ -]{0,12}$/) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 8 }).map((s) => JSON.stringify(s).slice(1, -1)) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom("\\n", "\\u0041", "\\\"", "\\\\", "\\/", "\\x", "\t", "\u0001", "\u007f", "é", "인지", "😀", "\ud800", "a\\") },
);

export const stringText = stringBody.map((s) => `"${s}"`);

/** Keys that matter to JSON.parse, to the scanners and to events and records. */
export const keyText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("id", "customer", "type", "at", "properties", "email", "nps", "plan") },
  { weight: 2, arbitrary: fc.constantFrom("__proto__", "constructor", "toString", "0", "1", "10", "-1", "01", "4294967295", "", "a b", "é", "\\u0069d", "i\\u0064") },
  { weight: 1, arbitrary: stringBody },
);

/** A JSON-like value text of bounded depth: mostly valid, sometimes not. */
export const valueText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: stringText },
    { weight: 3, arbitrary: numberText },
    { weight: 2, arbitrary: fc.constantFrom("true", "false", "null", "tru", "nul", "True", "undefined", "") },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }).chain((items) => joined("[", items, "]")) },
    { weight: 1, arbitrary: fc.array(fc.tuple(keyText, tie("value")), { maxLength: 4 }).chain((members) => objectText(members)) },
  ),
})).value;

/** `{"k":v,…}` with random whitespace and, now and then, a broken separator. */
export function objectText(members: readonly (readonly [string, string])[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(fc.tuple(space, space, fc.oneof({ weight: 20, arbitrary: fc.constant(":") }, { weight: 1, arbitrary: fc.constantFrom("", "=", "::") })), { minLength: members.length, maxLength: members.length }))
    .chain(([gaps]) => joined("{", members.map(([k, v], i) => `"${k}"${gaps[i]![0]}${gaps[i]![2]}${gaps[i]![1]}${v}`), "}"));
}

function joined(open: string, items: readonly string[], close: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(space, { minLength: items.length + 1, maxLength: items.length + 1 }), fc.oneof({ weight: 20, arbitrary: fc.constant(",") }, { weight: 1, arbitrary: fc.constantFrom("", ",,", ";") }), fc.oneof({ weight: 20, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constant(",") }))
    .map(([gaps, comma, trailing]) => `${open}${gaps[0]}${items.map((item, i) => `${item}${gaps[i + 1]}`).join(comma)}${items.length > 0 ? trailing : ""}${close}`);
}

/**
 * A line as bytes: the text with, sometimes, a BOM in front, garbage after, a raw byte anywhere
 * (invalid UTF-8 included) or a character cut out.
 */
export function lineBytes(text: fc.Arbitrary<string>): fc.Arbitrary<Buffer> {
  return fc
    .tuple(
      text,
      fc.oneof({ weight: 12, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom("\ufeff", " ", "x") }),
      fc.oneof({ weight: 12, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom("\r", " \r", "x", "}", "{}", "\u0000") }),
      fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })) }),
      fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.nat() }),
    )
    .map(([body, before, after, insert, cut]) => {
      let bytes = Buffer.from(before + body + after, "utf8");
      if (cut !== undefined && bytes.length > 0) {
        const at = cut % bytes.length;
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
      }
      if (insert !== undefined && insert[1] !== 10) {
        const at = insert[0] % (bytes.length + 1);
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([insert[1]]), bytes.subarray(at)]);
      }
      // A line never holds a line feed (the reader splits on it).
      return Buffer.from(bytes.filter((b) => b !== 10));
    });
}

/**
 * A line placed in a larger buffer as the reader hands it over: other bytes before it, and after
 * it a line feed and another line, or nothing (the file's last line). A scanner that reads past
 * its line, or misses where it ends, is caught.
 */
export function embedded(line: Buffer, last = false): { buf: Buffer; start: number; end: number } {
  const before = Buffer.from('{"x":"1"}\n');
  const after = Buffer.from(last ? "" : '\n{"y":2}\n');
  return { buf: Buffer.concat([before, line, after]), start: before.length, end: before.length + line.length };
}

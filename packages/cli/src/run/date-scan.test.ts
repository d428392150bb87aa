import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scanIsoTime } from "./date-scan.js";
import { parseDate } from "./time.js";

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Date texts around the ISO forms: every field in and out of range, every zone, odd lengths. */
const nearIso = fc
  .tuple(
    fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1000, max: 9999 }).map((y) => pad(y, 4)) }, fc.integer({ min: 0, max: 1100 }).map((y) => pad(y, 4)), fc.constantFrom("999", "10000", "+2026", "202a")),
    fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 12 }) }, fc.constantFrom(0, 13, 99)).map((m) => pad(m, 2)),
    fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 31 }) }, fc.constantFrom(0, 32, 29, 30)).map((d) => pad(d, 2)),
    fc.oneof(
      fc.constant(""),
      fc
        .tuple(
          fc.constantFrom("T", "T", "T", "T", "t", " "),
          fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 23 }) }, fc.constantFrom(24, 25, 99)).map((h) => pad(h, 2)),
          fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 59 }) }, fc.constantFrom(60, 99)).map((m) => `:${pad(m, 2)}`),
          fc.oneof(
            fc.constant(""),
            fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 59 }) }, fc.constantFrom(60, 61, 99)).map((s) => `:${pad(s, 2)}`),
            fc.constantFrom(":5", ":"),
          ),
          fc.oneof(fc.constant(""), fc.stringMatching(/^\.[0-9]{0,4}$/), fc.stringMatching(/^\.[0-9]{0,10}$/), fc.constantFrom(".a", ",5")),
          fc.constantFrom("Z", "Z", "Z", "Z", "Z", "Z", "z", "", "+01:00", "-00:00", "+24:00", "+0100", "+01", "ZZ"),
        )
        .map((parts) => parts.join("")),
    ),
  )
  .map(([y, m, d, time]) => `${y}-${m}-${d}${time}`);

const anyText = fc.oneof({ weight: 4, arbitrary: nearIso }, fc.string({ maxLength: 26 }), fc.stringMatching(/^[0-9TZ:.+-]{8,26}$/));

describe("scanIsoTime", () => {
  it("agrees with parseDate on every text it reads, and leaves the rest to it", () => {
    let read = 0;
    fc.assert(
      fc.property(anyText, (text) => {
        const buf = Buffer.from(`"${text}"`, "utf8");
        const ms = scanIsoTime(buf, 1, buf.length - 1);
        if (Number.isNaN(ms)) return;
        read++;
        expect(parseDate(text)).toBe(ms);
      }),
      { numRuns: 30_000 },
    );
    expect(read).toBeGreaterThan(3_000);
  });

  it("reads every valid UTC time in the forms event files use", () => {
    const min = Date.UTC(1000, 0, 1);
    const max = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    fc.assert(
      fc.property(fc.integer({ min, max }), fc.constantFrom(24, 20, 17, 10, 23, 22), (ms, length) => {
        const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
        const text = length === 24 ? iso : length === 10 ? iso.slice(0, 10) : `${iso.slice(0, length - 1)}Z`;
        const buf = Buffer.from(text);
        const read = scanIsoTime(buf, 0, buf.length);
        expect(read).not.toBeNaN();
        expect(read).toBe(parseDate(text));
      }),
      { numRuns: 10_000 },
    );
  });

  it("leaves dates off the calendar and times out of range to parseDate (which rejects them)", () => {
    for (const text of ["2026-02-29", "2024-02-30", "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T12:60Z", "0099-01-01"]) {
      const buf = Buffer.from(text);
      expect(scanIsoTime(buf, 0, buf.length), text).toBeNaN();
    }
    expect(scanIsoTime(Buffer.from("2024-02-29"), 0, 10)).toBe(Date.UTC(2024, 1, 29));
  });
});

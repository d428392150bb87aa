/**
 * Event times read straight from the line's bytes. Event files repeat one shape millions of
 * times (`2026-01-05T12:00:00.000Z`); reading its digits is much cheaper than a string, a regular
 * expression and `Date.parse`. Only the forms below are read here, and only when valid; anything
 * else (offsets, years before 1000, more than 3 fraction digits, an invalid date) is answered NaN
 * and the caller asks {@link parseDate}, the one date rule, so the answer never differs from it.
 */

const DAY_MS = 86_400_000;

/**
 * The epoch milliseconds of an ISO-8601 time in `buf[start..end)`, or NaN when this reader does
 * not take the text (then {@link parseDate} decides). Read: `YYYY-MM-DD` (midnight UTC) and
 * `YYYY-MM-DDTHH:MM[:SS[.f|.ff|.fff]]Z`, on the calendar, hours 00–23, minutes and seconds 00–59,
 * years 1000–9999.
 *
 * @example
 * ```ts
 * scanIsoTime(Buffer.from("2026-01-05T12:00:00.000Z"), 0, 24); // 1767614400000
 * scanIsoTime(Buffer.from("2026-01-05T12:00:00+01:00"), 0, 25); // NaN: ask parseDate
 * ```
 */
export function scanIsoTime(buf: Buffer, start: number, end: number): number {
  const len = end - start;
  if (len !== 10 && len !== 17 && len !== 20 && len !== 22 && len !== 23 && len !== 24) return NaN;
  if (buf[start + 4] !== 0x2d || buf[start + 7] !== 0x2d) return NaN;
  const year = digits4(buf, start);
  const month = digits2(buf, start + 5);
  const day = digits2(buf, start + 8);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return NaN;
  const date = daysFromCivil(year, month, day) * DAY_MS;
  if (len === 10) return date;
  if (buf[start + 10] !== 0x54 || buf[start + 13] !== 0x3a || buf[end - 1] !== 0x5a) return NaN;
  const hour = digits2(buf, start + 11);
  const minute = digits2(buf, start + 14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  let time = hour * 3_600_000 + minute * 60_000;
  if (len === 17) return date + time;
  // `:SS` and then an optional `.` with 1 to 3 digits.
  if (buf[start + 16] !== 0x3a) return NaN;
  const second = digits2(buf, start + 17);
  if (second < 0 || second > 59) return NaN;
  time += second * 1000;
  if (len === 20) return date + time;
  if (buf[start + 19] !== 0x2e) return NaN;
  let ms = 0;
  let scale = 100;
  for (let i = start + 20; i < end - 1; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return NaN;
    ms += d * scale;
    scale /= 10;
  }
  return date + time + ms;
}

/** Four ASCII digits as a number; a negative or huge number when any is not a digit. */
function digits4(buf: Buffer, i: number): number {
  return digits2(buf, i) * 100 + digits2(buf, i + 2);
}

/** Two ASCII digits as a number; negative (so rejected by every range check) otherwise. */
function digits2(buf: Buffer, i: number): number {
  const a = buf[i]! - 0x30;
  const b = buf[i + 1]! - 0x30;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -10_000;
  return a * 10 + b;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * Time arguments of `journey run`: `--until` (a duration such as `90d` or `12h` counted from the
 * first input time, or an ISO date) and `--start`, and the default horizon of a simulation.
 */
import { isIsoDate, type JourneyIR } from "@journeys/dsl";
import { forEachNode } from "./ir-walk.js";

const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** The longest `--until` duration: 100 years (beyond it, times leave the range a Date can hold). */
export const MAX_UNTIL_MS = 36_500 * 86_400_000;

/** A parsed `--until`: an absolute time, or a duration after the simulation's first input. */
export type Until = { readonly kind: "at"; readonly at: number } | { readonly kind: "after"; readonly ms: number };

/**
 * Parses `--until`: `<n>s|m|h|d|w` (`90d`, `12h`, `2w`) or an ISO-8601 date (`2026-04-01`,
 * `2026-04-01T12:00:00Z`). Returns `undefined` for anything else.
 *
 * @example
 * ```ts
 * parseUntil("90d");        // { kind: "after", ms: 7_776_000_000 }
 * parseUntil("2026-04-01"); // { kind: "at", at: Date.parse("2026-04-01") }
 * ```
 */
export function parseUntil(text: string): Until | undefined {
  const trimmed = text.trim();
  const duration = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(trimmed);
  if (duration) {
    const ms = Number(duration[1]) * (UNIT_MS[duration[2]!.toLowerCase()] ?? 0);
    return Number.isFinite(ms) && ms > 0 && ms <= MAX_UNTIL_MS ? { kind: "after", ms } : undefined;
  }
  const at = parseDate(trimmed);
  return at === undefined ? undefined : { kind: "at", at };
}

/**
 * Parses an ISO-8601 date (midnight UTC) or a date-time with `Z` or an offset, the same rule as
 * the language's `date "…"` literals and the runtime's event times. `undefined` when invalid:
 * a date that is not on the calendar (`2026-02-30`, which `Date.parse` would roll over to
 * March) or a date-time without an offset (which would be read in this machine's time zone).
 *
 * @example
 * ```ts
 * parseDate("2026-01-05T12:00:00Z"); // 1767614400000
 * ```
 */
export function parseDate(text: string): number | undefined {
  // An event file in time order repeats each timestamp many times: the last answer is kept.
  if (text === lastDateText) return lastDateMs;
  const ms = isIsoDate(text) ? Date.parse(text) : NaN;
  lastDateText = text;
  lastDateMs = Number.isFinite(ms) ? ms : undefined;
  return lastDateMs;
}

let lastDateText: string | undefined;
let lastDateMs: number | undefined;

/**
 * The longest delay the journey can wait for: the largest `after` / `every` block, `go to … after`,
 * `inactive for`, `in stage for` or `… ago` duration anywhere in it. The default `--until` is the
 * last event's time plus this, so every timer the last event could arm gets its chance to fire.
 *
 * @example
 * ```ts
 * longestTimerMs(ir); // 5_184_000_000 for a journey whose longest wait is "60 days"
 * ```
 */
export function longestTimerMs(ir: JourneyIR): number {
  let longest = 0;
  // Every duration in the IR is an `ms` field (timed blocks and time conditions).
  forEachNode([ir.stages, ir.exit, ir.segments, ir.goal], (node) => {
    if (typeof node.ms === "number" && node.ms > longest) longest = node.ms;
  });
  return longest;
}

/**
 * The shortest delay between an input and a timer it can arm: the smallest duration anywhere in
 * the journey. `0` when the journey has a `… ago` condition, whose wake time depends on a field's
 * value and so has no lower bound. The simulation applies events in batches shorter than this,
 * knowing that no timer can fall due inside a batch.
 *
 * @example
 * ```ts
 * shortestTimerMs(ir); // 3_600_000 for a journey whose shortest wait is "1 hour"
 * ```
 */
export function shortestTimerMs(ir: JourneyIR): number {
  let shortest = Infinity;
  let unbounded = false;
  forEachNode([ir.stages, ir.exit, ir.segments, ir.goal, ir.enroll], (node) => {
    if (node.kind === "ago") unbounded = true;
    if (typeof node.ms === "number" && node.ms < shortest) shortest = node.ms;
  });
  return unbounded ? 0 : shortest;
}

/**
 * An epoch-millisecond time as an ISO string without milliseconds when they are zero.
 *
 * @example
 * ```ts
 * isoTime(Date.parse("2026-01-05T12:00:00Z")); // "2026-01-05T12:00:00Z"
 * ```
 */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/**
 * The checks that decide whether a customer doc has the usual shape the customer table keeps as
 * numbers (see customer-table.ts): exact integers, times, own-key counts, the one journey id.
 */
import type { JourneyState } from "./types.js";

export function int32(x: unknown): x is number {
  return typeof x === "number" && (x | 0) === x && !Object.is(x, -0);
}

export function time(x: unknown): boolean {
  return typeof x === "number" && !Number.isNaN(x);
}

export function nullableTime(x: unknown): boolean {
  return x === null || time(x);
}

export function ownKeyCount(o: object): number {
  let n = 0;
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) n++;
  return n;
}

/** The single journey id of `journeys`, or undefined when it has none or several. */
export function onlyKey(journeys: Record<string, JourneyState>): string | undefined {
  let key: string | undefined;
  for (const k in journeys) {
    if (!Object.prototype.hasOwnProperty.call(journeys, k)) continue;
    if (key !== undefined) return undefined;
    key = k;
  }
  return key;
}

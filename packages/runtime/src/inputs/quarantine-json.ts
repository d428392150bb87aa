/**
 * The raw input a quarantine row keeps (S7), as JSON: what the host sent, so that it can be
 * listed, corrected and replayed. Plain JSON data is kept exactly as `JSON.stringify` would write
 * it. What JSON cannot hold is kept as a marker text in its place, never by giving up on the
 * whole input: the envelope (kind, customer id, event id) and every other field survive.
 */
import { setData } from "../data.js";
import { messageOf } from "../thrown.js";
import type { Json } from "../store/types.js";
import { MAX_DATA_DEPTH, MAX_DATA_OBJECTS } from "./validate.js";

/** Objects and arrays still to visit for the input under way (past it: a marker). */
interface Budget {
  left: number;
}

function jsonOf(v: unknown, depth: number, path: Set<object>, budget: Budget): Json | undefined {
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      // JSON has no NaN or Infinity: keep what was sent, as text, rather than a null.
      return Number.isFinite(v) ? v : String(v);
    case "bigint":
      return `${v}n`;
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (v === null) return null;
  try {
    return objectJson(v as object, depth, path, budget);
  } catch (e) {
    // A proxy whose traps throw (getPrototypeOf, ownKeys, ...), a revoked proxy.
    return `[unreadable: ${messageOf(e)}]`;
  }
}

function objectJson(v: object, depth: number, path: Set<object>, budget: Budget): Json | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "[Invalid Date]" : v.toISOString();
  const o = v;
  if (path.has(o)) return "[contains itself]";
  if (depth >= MAX_DATA_DEPTH) return `[nested more than ${MAX_DATA_DEPTH} levels deep]`;
  if (--budget.left < 0) return `[past ${MAX_DATA_OBJECTS} objects and arrays]`;
  path.add(o);
  try {
    // What JSON.stringify would write for it (a Decimal, a Luxon DateTime, ...).
    let viaToJSON: { value: unknown } | null = null;
    try {
      const toJSON = (o as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === "function") viaToJSON = { value: toJSON.call(o) };
    } catch (e) {
      return `[unreadable: ${messageOf(e)}]`;
    }
    if (viaToJSON !== null) return jsonOf(viaToJSON.value, depth + 1, path, budget);
    if (Array.isArray(o)) {
      const out: Json[] = [];
      for (let i = 0; i < o.length; i++) out.push(field(o, i, depth, path, budget) ?? null);
      return out;
    }
    const out: Record<string, Json> = {};
    for (const k in o) {
      if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
      const x = field(o, k, depth, path, budget);
      if (x !== undefined) setData(out, k, x);
    }
    return out;
  } finally {
    path.delete(o);
  }
}

/** One field of `o`, read safely: a getter that throws is kept as its error's text. */
function field(o: object, k: string | number, depth: number, path: Set<object>, budget: Budget): Json | undefined {
  let x: unknown;
  try {
    x = (o as Record<string | number, unknown>)[k];
  } catch (e) {
    return `[unreadable: ${messageOf(e)}]`;
  }
  return jsonOf(x, depth + 1, path, budget);
}

/**
 * `raw` as JSON for a quarantine row. Plain JSON data comes out as `JSON.parse(JSON.stringify(raw))`
 * would; in place of what JSON cannot hold: a BigInt as its digits and `n` (`"3n"`), NaN and
 * Infinity as text, an invalid Date as `"[Invalid Date]"`, an object inside itself as
 * `"[contains itself]"`, data nested too deep or past {@link MAX_DATA_OBJECTS} objects as a marker,
 * a throwing getter as `"[unreadable: …]"`. Functions, symbols and `undefined` are left out as
 * JSON leaves them out.
 *
 * @example
 * ```ts
 * quarantineJson({ kind: "record", customerId: "c", record: { orders: 3n } });
 * // { kind: "record", customerId: "c", record: { orders: "3n" } }
 * ```
 */
export function quarantineJson(raw: unknown): Json {
  return jsonOf(raw, 0, new Set(), { left: MAX_DATA_OBJECTS + 2 }) ?? null;
}

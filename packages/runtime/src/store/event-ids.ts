/**
 * Processed event ids of one customer, compactly: a string `"\0id1\0id2\0"` while there are few,
 * a set past {@link MAX_EVENT_STRING}. An id that starts with the customer id (the usual
 * `"<customer>.<n>"` style) is stored as `"\u0001" + rest`, so a million customers do not keep
 * their own id once more per event. Ids holding `\0` or `\u0001` go to the set form.
 */

/**
 * The bit of `id` in a customer's 32 event bits when it reads `<customerId>.<n>`, n in 0..31
 * written without leading zeros (one id per bit, so the bits are exact), else -1. Hosts that
 * number a customer's events this way (the benchmarks do) then keep no string per customer: a
 * new id string per event was garbage the collector promoted and later swept, customer by customer.
 */
export function eventBit(id: string, customerId: string): number {
  const n = customerId.length;
  const len = id.length;
  if ((len !== n + 2 && len !== n + 3) || id.charCodeAt(n) !== 46 || !id.startsWith(customerId)) return -1;
  const d0 = id.charCodeAt(n + 1) - 48;
  if (d0 < 0 || d0 > 9) return -1;
  if (len === n + 2) return d0;
  const d1 = id.charCodeAt(n + 2) - 48;
  if (d0 === 0 || d1 < 0 || d1 > 9) return -1;
  const v = d0 * 10 + d1;
  return v < 32 ? v : -1;
}

/** Per-customer processed ids: null (none), the compact string, or a set of raw ids. */
export type EventIds = string | Set<string> | null;

const MAX_EVENT_STRING = 16;
const SEP = 0;
const MARK = 1;

function plain(id: string): boolean {
  return !id.includes("\u0000") && !id.includes("\u0001");
}

/** Whether `ev` holds the token of `id` (see the module comment), without building the token. */
function inString(ev: string, id: string, customerId: string): boolean {
  const factored = customerId.length > 0 && id.startsWith(customerId);
  const from = factored ? customerId.length : 0;
  const len = id.length - from;
  // The token starts right after a separator: with MARK when factored, with the id's first char otherwise.
  for (let at = ev.indexOf("\u0000"); at >= 0 && at < ev.length - 1; at = ev.indexOf("\u0000", at + 1)) {
    let p = at + 1;
    if (factored) {
      if (ev.charCodeAt(p) !== MARK) continue;
      p++;
    } else if (ev.charCodeAt(p) === MARK) continue;
    if (ev.charCodeAt(p + len) !== SEP || p + len >= ev.length) continue;
    let same = true;
    for (let j = 0; j < len; j++) {
      if (ev.charCodeAt(p + j) !== id.charCodeAt(from + j)) {
        same = false;
        break;
      }
    }
    if (same) return true;
  }
  return false;
}

function tokenOf(id: string, customerId: string): string {
  return customerId.length > 0 && id.startsWith(customerId) ? `\u0001${id.slice(customerId.length)}` : id;
}

/** Whether `id` was recorded in `ev` for `customerId`. */
export function hasEventId(ev: EventIds, id: string, customerId: string): boolean {
  if (ev === null) return false;
  if (typeof ev !== "string") return ev.has(id);
  return plain(id) && inString(ev, id, customerId);
}

/** `ev` with `id` added (a new string, or the same set grown). */
export function addEventId(ev: EventIds, id: string, customerId: string): EventIds {
  if (ev === null) return plain(id) ? `\u0000${tokenOf(id, customerId)}\u0000` : new Set([id]);
  if (typeof ev !== "string") return ev.add(id);
  // Each id takes at least one character and one separator: a short string holds few ids.
  let count = 0;
  if (ev.length > 2 * MAX_EVENT_STRING) for (let i = 0; i < ev.length; i++) if (ev.charCodeAt(i) === SEP) count++;
  if (count - 1 >= MAX_EVENT_STRING || !plain(id)) {
    const set = new Set<string>();
    // "\0a\0b\0" splits into ["", "a", "b", ""]: the ends are not ids (an empty id is one in the middle).
    for (const t of ev.split("\u0000").slice(1, -1)) set.add(t.charCodeAt(0) === MARK ? customerId + t.slice(1) : t);
    return set.add(id);
  }
  // join builds a flat string (no cons-string chain)
  return customerId.length > 0 && id.startsWith(customerId) ? [ev, "\u0001", id.slice(customerId.length), "\u0000"].join("") : [ev, id, "\u0000"].join("");
}

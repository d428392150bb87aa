/**
 * Processed event ids of one customer that are not kept as UUIDs (uuid-chains.ts), compactly: a
 * string `"\0tok1\0tok2\0"` while there are few, a set of raw ids past {@link MAX_EVENT_STRING}.
 * A token is the id itself, except that an id starting with the customer id is `"\u0001"` + the
 * rest, so a customer's own id is not kept once more per event. Ids holding `\0` or `\u0001`
 * go to the set form, so a plain token never starts like a shortened one.
 */

/** Per-customer processed ids: null (none), the compact string, or a set of raw ids. */
export type EventIds = string | Set<string> | null;

const MAX_EVENT_STRING = 16;
const SEP = 0;
const MARK = 1;

function plain(id: string): boolean {
  return !id.includes("\u0000") && !id.includes("\u0001");
}

/** The token of `id` in the compact string (see the module comment), or null when `id` is not plain. */
function tokenOf(id: string, customerId: string): string | null {
  // A lookup and the addition after it ask for the same token: keep the last one.
  if (id === lastId && customerId === lastCustomer) return lastToken;
  const token = !plain(id) ? null : customerId.length > 0 && id.startsWith(customerId) ? `\u0001${id.slice(customerId.length)}` : id;
  lastId = id;
  lastCustomer = customerId;
  lastToken = token;
  return token;
}
let lastId = "";
let lastCustomer = "";
let lastToken: string | null = "";

/** The raw id of a token. */
function idOf(token: string, customerId: string): string {
  return token.charCodeAt(0) === MARK ? customerId + token.slice(1) : token;
}

/** Whether `ev` holds `token` between two separators. */
function inString(ev: string, token: string): boolean {
  const len = token.length;
  for (let at = ev.indexOf("\u0000"); at >= 0 && at < ev.length - 1; at = ev.indexOf("\u0000", at + 1)) {
    const p = at + 1;
    if (p + len >= ev.length || ev.charCodeAt(p + len) !== SEP) continue;
    if (ev.startsWith(token, p)) return true;
  }
  return false;
}

/** Whether `id` was recorded in `ev` for `customerId`. */
export function hasEventId(ev: EventIds, id: string, customerId: string): boolean {
  if (ev === null) return false;
  if (typeof ev !== "string") return ev.has(id);
  const token = tokenOf(id, customerId);
  return token !== null && inString(ev, token);
}

/** `ev` with `id` added (a new string, or the same set grown). */
export function addEventId(ev: EventIds, id: string, customerId: string): EventIds {
  if (typeof ev !== "string" && ev !== null) return ev.add(id);
  const token = tokenOf(id, customerId);
  if (ev === null) return token !== null ? `\u0000${token}\u0000` : new Set([id]);
  // Each id takes at least one character and one separator: a short string holds few ids.
  let count = 0;
  if (ev.length > 2 * MAX_EVENT_STRING) for (let i = 0; i < ev.length; i++) if (ev.charCodeAt(i) === SEP) count++;
  if (count - 1 >= MAX_EVENT_STRING || token === null) {
    const set = new Set<string>();
    // "\0a\0b\0" splits into ["", "a", "b", ""]: the ends are not ids (an empty id is one in the middle).
    for (const t of ev.split("\u0000").slice(1, -1)) set.add(idOf(t, customerId));
    return set.add(id);
  }
  // join builds a flat string (no cons-string chain)
  return [ev, token, "\u0000"].join("");
}

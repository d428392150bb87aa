/**
 * Processed event ids of one customer, compactly: a string `"\0tok1\0tok2\0"` while there are
 * few, a set of raw ids past {@link MAX_EVENT_STRING}. A token is the id itself, except:
 * - a canonical UUID (lowercase hex, 8-4-4-4-12: what tracking pipelines put on events) is
 *   `"\u0002"` + its 128 bits in 19 characters of 7 bits (0x20-0x9f), 20 characters instead of 36;
 * - an id that starts with the customer id is `"\u0001"` + the rest, so a customer's own id is
 *   not kept once more per event.
 * The first character tells the kinds apart; ids holding `\0`, `\u0001` or `\u0002` go to the
 * set form, so a plain token never starts like a packed one.
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
const UUID_MARK = 2;

function plain(id: string): boolean {
  return !id.includes("\u0000") && !id.includes("\u0001") && !id.includes("\u0002");
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/**
 * A canonical lowercase UUID packed into 19 characters of 7 bits each (0x20-0x9f), or null for
 * any other id. Exact: two ids pack alike only when they are the same string.
 */
export function packUuid(id: string): string | null {
  if (id.length !== 36) return null;
  const codes = PACKED;
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < 36; i++) {
    const c = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return null;
      continue;
    }
    const v = hexValue(c);
    if (v < 0) return null;
    acc = (acc << 4) | v;
    bits += 4;
    if (bits >= 7) {
      bits -= 7;
      codes[n++] = 0x20 + ((acc >> bits) & 0x7f);
      acc &= (1 << bits) - 1;
    }
  }
  codes[n] = 0x20 + ((acc << (7 - bits)) & 0x7f);
  return String.fromCharCode.apply(null, codes);
}

/** The 19 character codes of the last packed UUID (reused: no array per id). */
const PACKED: number[] = new Array<number>(19).fill(0);

/** The UUID that {@link packUuid} packed into `packed`. */
export function unpackUuid(packed: string): string {
  let hex = "";
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < packed.length && hex.length < 32; i++) {
    acc = (acc << 7) | (packed.charCodeAt(i) - 0x20);
    bits += 7;
    while (bits >= 4 && hex.length < 32) {
      bits -= 4;
      hex += ((acc >> bits) & 0xf).toString(16);
      acc &= (1 << bits) - 1;
    }
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The token of `id` in the compact string (see the module comment), or null when `id` is not plain. */
function tokenOf(id: string, customerId: string): string | null {
  // A lookup and the addition after it ask for the same token: keep the last one.
  if (id === lastId && customerId === lastCustomer) return lastToken;
  const packed = packUuid(id);
  // A canonical UUID is plain (hex digits and dashes).
  const token = packed !== null ? `\u0002${packed}` : !plain(id) ? null : customerId.length > 0 && id.startsWith(customerId) ? `\u0001${id.slice(customerId.length)}` : id;
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
  const kind = token.charCodeAt(0);
  if (kind === UUID_MARK) return unpackUuid(token.slice(1));
  return kind === MARK ? customerId + token.slice(1) : token;
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

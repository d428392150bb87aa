/**
 * Finding the byte that makes text not UTF-8, so that a reader can say where a file or a line
 * goes wrong instead of decoding it with U+FFFD in place of what the author wrote.
 */
/**
 * The index of the first byte of `buf[start, end)` where UTF-8 decoding fails (RFC 3629: no
 * overlongs, surrogates or code points past U+10FFFF), or `start` when none does: callers ask
 * only about text that `isUtf8` has refused.
 *
 * @example
 * ```ts
 * firstInvalidUtf8(Buffer.from([0x61, 0xff]), 0, 2); // 1
 * ```
 */
export function firstInvalidUtf8(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = buf[i]!;
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = i + k < end ? buf[i + k]! : -1;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return start;
}

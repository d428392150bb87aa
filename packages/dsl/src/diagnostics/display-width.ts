/**
 * Terminal display width of text, so carets line up under Korean, CJK and emoji in a
 * monospace terminal (wide characters take two cells, combining marks none).
 */

const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x2e80, 0x303e], // CJK radicals, punctuation
  [0x3041, 0x33ff], // Kana, CJK symbols
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xff60], // Fullwidth forms
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f], // Pictographs, emoticons
  [0x1f900, 0x1f9ff], // Supplemental symbols and pictographs
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const ZERO_WIDTH = /[\p{Mn}\p{Me}\u200b-\u200f\ufe00-\ufe0f]/u;

/** Cells one code point takes in a terminal: 0, 1 or 2. Tabs count as 4. */
export function codePointWidth(char: string): number {
  const cp = char.codePointAt(0) ?? 0;
  if (cp === 9) return 4;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp < 0x1100) return ZERO_WIDTH.test(char) ? 0 : 1;
  if (ZERO_WIDTH.test(char)) return 0;
  for (const [lo, hi] of WIDE_RANGES) if (cp >= lo && cp <= hi) return 2;
  return EMOJI_PRESENTATION.test(char) ? 2 : 1;
}

/**
 * Cells a string takes in a terminal.
 *
 * @example
 * ```ts
 * displayWidth("stage 인지"); // 10
 * ```
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += codePointWidth(char);
  return width;
}

/**
 * The text as a frame prints it: tabs expanded, and control characters (a binary file's NUL and
 * escape bytes, which would otherwise reach the terminal) shown as U+FFFD. Character for
 * character, so the width of a printed prefix is the width of `printable(prefix)`.
 *
 * @example
 * ```ts
 * printable("a\tb\u0000c"); // "a    b\ufffdc"
 * ```
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, "\ufffd").replace(/\t/g, "    ");
}

/** The last code points of `text` that fit in `cells` terminal cells. */
export function lastCells(text: string, cells: number): string {
  const chars = [...text];
  let width = 0;
  let i = chars.length;
  while (i > 0 && width + codePointWidth(chars[i - 1]!) <= cells) width += codePointWidth(chars[--i]!);
  return chars.slice(i).join("");
}

/** The first code points of `text` that fit in `cells` terminal cells. */
export function firstCells(text: string, cells: number): string {
  const chars = [...text];
  let width = 0;
  let i = 0;
  while (i < chars.length && width + codePointWidth(chars[i]!) <= cells) width += codePointWidth(chars[i++]!);
  return chars.slice(0, i).join("");
}

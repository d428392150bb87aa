/**
 * Plain-text tables for the pretty report: columns padded to their widest cell (by display
 * width, so Korean labels line up), numbers right-aligned.
 */

/** A column: its header and whether its cells are right-aligned. */
export interface Column {
  readonly header: string;
  readonly align?: "left" | "right";
}

/**
 * Renders rows under headers, each line indented by `indent` spaces.
 *
 * @example
 * ```ts
 * table([{ header: "stage" }, { header: "now", align: "right" }], [["welcome", "12"]]);
 * // "  stage    now\n  welcome   12\n"
 * ```
 */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[], indent = 2): string {
  const widths = columns.map((c, i) => Math.max(width(c.header), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: readonly string[]) =>
    " ".repeat(indent) +
    cells
      .map((cell, i) => {
        const pad = " ".repeat(Math.max(0, (widths[i] ?? 0) - width(cell)));
        return columns[i]?.align === "right" ? pad + cell : cell + pad;
      })
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join("\n") + "\n";
}

/**
 * Display width: East Asian wide characters take two columns; combining marks, zero-width
 * characters and the vowel and final jamo of decomposed (NFD) Hangul take none.
 */
export function width(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    w += isZeroWidth(ch, cp) ? 0 : isWide(cp) ? 2 : 1;
  }
  return w;
}

const COMBINING = /^[\p{Mn}\p{Me}]$/u;

function isZeroWidth(ch: string, cp: number): boolean {
  if (cp < 0x300) return false;
  return (cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0x200b && cp <= 0x200f) || cp === 0xfeff || COMBINING.test(ch);
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/**
 * A fraction as a percentage with one decimal: `0.253` → `"25.3%"`.
 */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/**
 * A duration for people: `3.5 days`, `6 hours`, `45 min`.
 */
export function humanDuration(ms: number): string {
  const day = 86_400_000;
  if (ms >= day) return `${trim(ms / day)} day${ms === day ? "" : "s"}`;
  if (ms >= 3_600_000) return `${trim(ms / 3_600_000)} h`;
  if (ms >= 60_000) return `${trim(ms / 60_000)} min`;
  return `${trim(ms / 1000)} s`;
}

function trim(n: number): string {
  return n.toFixed(1).replace(/\.0$/, "");
}

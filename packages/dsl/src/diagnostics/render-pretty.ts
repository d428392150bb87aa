/**
 * Human-readable diagnostics in the rustc / Elm style: a header with severity and code, the
 * location, a gutter with the source line, carets under the span, the hint as `help:`, and
 * each related location as a `note:` with its own frame.
 */
import { createColors } from "picocolors";
import type { Diagnostic, Span } from "./diagnostic.js";
import { displayWidth, firstCells, lastCells, printable } from "./display-width.js";
import { SourceCache, type SourceLookup } from "./sources.js";

export interface PrettyOptions {
  /** Emit ANSI colours. Off by default: the caller (the CLI) decides, honouring NO_COLOR. */
  readonly color?: boolean;
}

type Colors = ReturnType<typeof createColors>;

/** A source line wider than this is shown as a window of {@link CONTEXT_CELLS} cells each side of the span. */
const MAX_FRAME_CELLS = 160;
const CONTEXT_CELLS = 60;

interface Frame {
  readonly file: string;
  readonly span: Span;
  readonly line: number;
  readonly column: number;
}

/**
 * Renders diagnostics for a terminal, separated by blank lines.
 *
 * @example
 * ```ts
 * renderPretty(diagnostics, { "shop.journey": text });
 * // error[JRN101]: Unknown stage "purchse". Did you mean "purchase"?
 * //   --> shop.journey:9:11
 * //    |
 * //  9 |     go to purchse when event visit
 * //    |           ^^^^^^^
 * //    = help: Use the name of a declared stage.
 * ```
 */
export function renderPretty(
  diagnostics: readonly Diagnostic[],
  sources?: SourceLookup,
  options: PrettyOptions = {},
): string {
  const colors = createColors(options.color === true);
  const cache = new SourceCache(sources);
  return diagnostics.map((d) => renderOne(d, cache, colors)).join("\n");
}

function renderOne(d: Diagnostic, cache: SourceCache, c: Colors): string {
  const frames: Frame[] = [d, ...(d.related ?? [])];
  const gutter = Math.max(...frames.map((f) => String(f.line).length));
  const paint = d.severity === "error" ? c.red : c.yellow;
  const out: string[] = [];
  out.push(`${c.bold(paint(`${d.severity}[${d.code}]`))}${c.bold(`: ${d.message}`)}`);
  out.push(...frame(d, gutter, cache, c, paint));
  if (d.hint !== undefined && d.hint !== "") {
    out.push(`${" ".repeat(gutter + 2)}${c.blue("=")} ${c.bold("help")}: ${d.hint}`);
  }
  for (const related of d.related ?? []) {
    out.push(`${c.bold(c.cyan("note"))}: ${related.message}`);
    out.push(...frame(related, gutter, cache, c, c.cyan));
  }
  return `${out.join("\n")}\n`;
}

function frame(
  f: Frame,
  gutter: number,
  cache: SourceCache,
  c: Colors,
  paint: (s: string) => string,
): string[] {
  // One leading space before line numbers, as in the issue's `  --> shop.journey:9:11`.
  const pad = " ".repeat(gutter + 1);
  const lines = [`${pad}${c.blue("-->")} ${f.file}:${f.line}:${f.column}`];
  const source = cache.get(f.file);
  const lineStart = source?.lineStart(f.line);
  if (source === undefined || lineStart === undefined) return lines;
  const text = source.lineText(f.line);
  const startInLine = clamp(f.span.start - lineStart, 0, text.length);
  const endInLine = clamp(f.span.end - lineStart, startInLine, text.length);
  // Only the text near the span is looked at: measuring the whole line for each of thousands of
  // diagnostics on one long line was quadratic. Past SCAN_UNITS the window below cuts anyway.
  const preFrom = pairStart(text, Math.max(0, startInLine - SCAN_UNITS));
  const midTo = pairEnd(text, Math.min(endInLine, startInLine + SCAN_UNITS));
  const postTo = pairEnd(text, Math.min(text.length, endInLine + SCAN_UNITS));
  const cut = preFrom > 0 || midTo < endInLine || postTo < text.length;
  let pre = printable(text.slice(preFrom, startInLine));
  let mid = printable(text.slice(startInLine, midTo));
  let post = printable(text.slice(endInLine, postTo));
  // A very long line (minified or binary input) is shown as a window around the span.
  if (cut || displayWidth(pre) + displayWidth(mid) + displayWidth(post) > MAX_FRAME_CELLS) {
    if (preFrom > 0 || displayWidth(pre) > CONTEXT_CELLS) pre = `…${lastCells(pre, CONTEXT_CELLS)}`;
    if (midTo < endInLine || displayWidth(mid) > CONTEXT_CELLS) mid = `${firstCells(mid, CONTEXT_CELLS - 1)}…`;
    if (postTo < text.length || displayWidth(post) > CONTEXT_CELLS) post = `${firstCells(post, CONTEXT_CELLS)}…`;
  }
  const before = displayWidth(pre);
  const width = Math.max(1, displayWidth(mid));
  const bar = c.blue("|");
  const barPad = " ".repeat(gutter + 2);
  lines.push(`${barPad}${bar}`);
  lines.push(` ${c.blue(String(f.line).padStart(gutter))} ${bar} ${pre}${mid}${post}`);
  const carets = paint("^".repeat(width));
  lines.push(`${barPad}${bar} ${" ".repeat(before)}${carets}`);
  return lines;
}

/** UTF-16 units of the line read on each side of (and inside) a span; more than a window shows. */
const SCAN_UNITS = 8 * MAX_FRAME_CELLS;

/** `at`, moved past a low surrogate so a slice from it does not start inside a pair. */
function pairStart(text: string, at: number): number {
  return at > 0 && isLow(text.charCodeAt(at)) && isHigh(text.charCodeAt(at - 1)) ? at + 1 : at;
}

/** `at`, moved back before a high surrogate so a slice up to it does not end inside a pair. */
function pairEnd(text: string, at: number): number {
  return at > 0 && isLow(text.charCodeAt(at)) && isHigh(text.charCodeAt(at - 1)) ? at - 1 : at;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

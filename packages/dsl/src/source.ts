/**
 * A `.journey` source text with its file name, and line/column lookup for UTF-16 offsets.
 *
 * Line starts are computed once, on the first lookup; a lookup is a binary search, so reporting many diagnostics on
 * a large file stays linear-ish. Columns count Unicode code points (an astral character such as
 * an emoji is one column), matching how editors and the diagnostic renderer place carets.
 */

import type { Diagnostic, Span } from "./diagnostics/diagnostic.js";
import { DIAGNOSTIC_CODES, type DiagnosticCode } from "./diagnostics/codes.js";

/** A 1-based line and column (column counted in Unicode code points). */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/**
 * A source file.
 *
 * @example
 * ```ts
 * const source = new Source('journey "인지" {}', "k.journey");
 * source.lineColumn(13); // { line: 1, column: 14 }
 * ```
 */
export class Source {
  readonly text: string;
  readonly file: string;
  /** UTF-16 offset at which each line starts; computed on first use (most parses need none). */
  private starts: readonly number[] | undefined;

  constructor(text: string, file = "<input>") {
    this.text = text;
    this.file = file;
  }

  /** UTF-16 offset of the high half of each surrogate pair; computed with `starts`. */
  private pairs: readonly number[] = [];

  private get lineStarts(): readonly number[] {
    if (this.starts === undefined) {
      const pairs: number[] = [];
      this.starts = computeLineStarts(this.text, pairs);
      this.pairs = pairs;
    }
    return this.starts;
  }

  /** Number of lines (a file without newline has one). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The 1-based line and code-point column of a UTF-16 offset (clamped to the text). */
  lineColumn(offset: number): LineColumn {
    const clamped = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, this.text.length));
    const index = this.lineIndex(clamped);
    const lineStart = this.lineStarts[index] ?? 0;
    // Pairs that end before `clamped` count once; counting them by binary search, not by walking
    // the line, keeps many diagnostics on one very long line linear.
    const pairsBefore = lowerBound(this.pairs, clamped - 1) - lowerBound(this.pairs, lineStart);
    return { line: index + 1, column: clamped - lineStart - pairsBefore + 1 };
  }

  /** The text of a 1-based line, without its line break (empty when out of range). */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return "";
    const next = this.lineStarts[line];
    let end = next === undefined ? this.text.length : next;
    while (end > start && (this.text[end - 1] === "\n" || this.text[end - 1] === "\r")) end--;
    return this.text.slice(start, end);
  }

  /** The UTF-16 offset at which a 1-based line starts, or `undefined` when out of range. */
  lineStart(line: number): number | undefined {
    return this.lineStarts[line - 1];
  }

  /**
   * A diagnostic at `span` in this file, with line/column filled in and the registry's severity.
   *
   * @example
   * ```ts
   * source.diagnostic("JRN003", 'Expected "{" after the stage name, found "go".', { start: 40, end: 42 });
   * ```
   */
  diagnostic(code: DiagnosticCode, message: string, span: Span, hint?: string): Diagnostic {
    const { line, column } = this.lineColumn(span.start);
    return {
      code,
      severity: DIAGNOSTIC_CODES[code].severity,
      message,
      file: this.file,
      span,
      line,
      column,
      ...(hint === undefined ? {} : { hint }),
    };
  }

  private lineIndex(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Line starts; also fills `pairs` with the offset of each surrogate pair's high half. */
function computeLineStarts(text: string, pairs: number[]): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      // "\r\n" is one line break; a lone "\r" is one too.
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c >= 0xd800 && c <= 0xdbff) {
      // A high surrogate followed by a low one is one code point.
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) pairs.push(i++);
    }
  }
  return starts;
}

/** The number of entries of the ascending `sorted` below `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

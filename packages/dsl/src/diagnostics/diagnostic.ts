/**
 * The one diagnostic type of the whole pipeline: lexer, parser, binder, validation rules and
 * compiler all report through it. Rendering (pretty, JSON, GitHub annotations) is separate.
 */

/** A half-open range of UTF-16 offsets into the source text: `[start, end)`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Severity = "error" | "warning";

/** A secondary location, e.g. the first definition of a duplicated name. */
export interface RelatedInformation {
  readonly message: string;
  readonly file: string;
  readonly span: Span;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in Unicode code points (so `인지` is two columns). */
  readonly column: number;
}

/**
 * A problem found in a `.journey` file.
 *
 * @example
 * ```ts
 * const d: Diagnostic = {
 *   code: "JRN101", severity: "error",
 *   message: 'Unknown stage "purchse". Did you mean "purchase"?',
 *   file: "shop.journey", span: { start: 120, end: 127 }, line: 9, column: 11,
 *   hint: "Declare the stage with `stage purchse { ... }` or fix the name.",
 * };
 * ```
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  /** One sentence ending in a period; user names in double quotes. */
  readonly message: string;
  readonly file: string;
  readonly span: Span;
  readonly line: number;
  readonly column: number;
  readonly related?: readonly RelatedInformation[];
  readonly hint?: string;
}

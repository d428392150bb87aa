/**
 * Builds `Diagnostic` objects from a code, a span and a `Source`, so every reporter fills in
 * severity (from the registry), line and column the same way.
 */
import type { Source } from "../source.js";
import { DIAGNOSTIC_CODES, type DiagnosticCode } from "./codes.js";
import type { Diagnostic, RelatedInformation, Span } from "./diagnostic.js";

/** A related location before line/column are resolved. */
export interface RelatedSpan {
  readonly message: string;
  readonly span: Span;
}

/**
 * Creates a diagnostic with the registry's default severity for `code`.
 *
 * @example
 * ```ts
 * createDiagnostic(source, "JRN101", id.loc, 'Unknown stage "x".', "Declare it.");
 * ```
 */
export function createDiagnostic(
  source: Source,
  code: DiagnosticCode,
  span: Span,
  message: string,
  hint: string,
  related: readonly RelatedSpan[] = [],
): Diagnostic {
  const { line, column } = source.lineColumn(span.start);
  const base = {
    code,
    severity: DIAGNOSTIC_CODES[code].severity,
    message,
    file: source.file,
    span: { start: span.start, end: span.end },
    line,
    column,
    hint,
  };
  if (related.length === 0) return base;
  const resolved: RelatedInformation[] = related.map((r) => {
    const pos = source.lineColumn(r.span.start);
    return { message: r.message, file: source.file, span: { start: r.span.start, end: r.span.end }, ...pos };
  });
  return { ...base, related: resolved };
}

/** Sorts by file, then position, then code: a stable order for output and snapshots. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

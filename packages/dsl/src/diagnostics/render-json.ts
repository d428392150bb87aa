/**
 * Diagnostics as plain JSON-ready objects (`journey check --format json`): stable keys, no
 * `undefined`, so tools can rely on every field being present.
 */
import type { Diagnostic, Severity, Span } from "./diagnostic.js";

/** One related location in JSON form. */
export interface JsonRelated {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly span: Span;
}

/** One diagnostic in JSON form; `hint` is `null` when there is none, `related` may be empty. */
export interface JsonDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint: string | null;
  readonly span: Span;
  readonly related: readonly JsonRelated[];
}

/**
 * Converts diagnostics to plain objects (pass the result to `JSON.stringify`).
 *
 * @example
 * ```ts
 * JSON.stringify(renderJson(diagnostics), null, 2);
 * ```
 */
export function renderJson(diagnostics: readonly Diagnostic[]): JsonDiagnostic[] {
  return diagnostics.map((d) => ({
    file: d.file,
    line: d.line,
    column: d.column,
    code: d.code,
    severity: d.severity,
    message: d.message,
    hint: d.hint ?? null,
    span: { start: d.span.start, end: d.span.end },
    related: (d.related ?? []).map((r) => ({
      file: r.file,
      line: r.line,
      column: r.column,
      message: r.message,
      span: { start: r.span.start, end: r.span.end },
    })),
  }));
}

/**
 * What a validation rule sees: the bound journey, and `report` to add a diagnostic.
 */
import type { BoundJourney } from "../bind.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import { createDiagnostic, type RelatedSpan } from "../diagnostics/create.js";
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import type { Source } from "../source.js";

export interface ValidationContext {
  readonly bound: BoundJourney;
  readonly source: Source;
  /** Reports a problem; severity comes from the code registry. */
  report(code: DiagnosticCode, span: Span, message: string, hint: string, related?: readonly RelatedSpan[]): void;
}

/** A validation rule: inspects the bound journey and reports through the context. */
export type ValidationRule = (context: ValidationContext) => void;

export function createContext(bound: BoundJourney, sink: Diagnostic[]): ValidationContext {
  return {
    bound,
    source: bound.source,
    report(code, span, message, hint, related = []) {
      sink.push(createDiagnostic(bound.source, code, span, message, hint, related));
    },
  };
}

/** The source text of a span, shortened for a message. */
export function excerpt(source: Source, span: Span, max = 60): string {
  const text = source.text.slice(span.start, span.end).replace(/\s+/g, " ");
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/**
 * The registry of diagnostic codes: every code the pipeline can report, its default severity,
 * and a one-line title used by `docs/diagnostics.md`. Ranges:
 * JRN0xx syntax and limits, JRN1xx names, JRN2xx types, JRN3xx stage graph,
 * JRN4xx experiments and durations, JRN5xx logic, JRN6xx unused declarations.
 */
import type { Severity } from "./diagnostic.js";

export interface DiagnosticCodeInfo {
  readonly severity: Severity;
  readonly title: string;
}

export const DIAGNOSTIC_CODES = {
  JRN001: { severity: "error", title: "Unexpected character" },
  JRN002: { severity: "error", title: "Unterminated string" },
  JRN003: { severity: "error", title: "Syntax error" },
  JRN004: { severity: "error", title: "File too large" },
  JRN005: { severity: "error", title: "Nesting too deep" },
  JRN006: { severity: "error", title: "Invalid number or duration" },
} as const satisfies Record<string, DiagnosticCodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

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
  JRN007: { severity: "error", title: "Duplicate header line" },
  JRN008: { severity: "error", title: "Invalid escape sequence" },
  JRN009: { severity: "error", title: "Internal parser error" },
  // ---- JRN1xx names (validation engineer) ----
  JRN101: { severity: "error", title: "Unknown stage" },
  JRN102: { severity: "error", title: "Unknown customer field" },
  JRN103: { severity: "error", title: "Unknown segment" },
  JRN104: { severity: "error", title: "Unknown event" },
  JRN105: { severity: "error", title: "Unknown event property" },
  JRN106: { severity: "error", title: "Unknown channel" },
  JRN110: { severity: "error", title: "Duplicate stage" },
  JRN111: { severity: "error", title: "Duplicate customer field" },
  JRN112: { severity: "error", title: "Duplicate event" },
  JRN113: { severity: "error", title: "Duplicate event property" },
  JRN114: { severity: "error", title: "Duplicate segment" },
  JRN115: { severity: "error", title: "Duplicate split variant" },
  JRN116: { severity: "error", title: "Duplicate channel" },
  JRN117: { severity: "error", title: "Duplicate data key in send" },
  JRN118: { severity: "error", title: "More than one goal" },
  JRN119: { severity: "error", title: "Duplicate choice in one of" },
  JRN120: { severity: "error", title: "Segment defined in terms of itself" },
  JRN121: { severity: "error", title: "Event condition inside a segment" },
  JRN122: { severity: "error", title: "Reserved name" },
  JRN123: { severity: "error", title: "Journey name without letters or digits" },
  // ---- JRN2xx types ----
  JRN201: { severity: "error", title: "Type mismatch in comparison" },
  JRN202: { severity: "error", title: "Value outside the one-of choices" },
  JRN203: { severity: "error", title: "contains used on a non-list" },
  JRN204: { severity: "error", title: "ago used on a non-datetime" },
  JRN205: { severity: "error", title: "add used on a non-number field" },
  JRN206: { severity: "error", title: "set value of the wrong type" },
  JRN207: { severity: "error", title: "event property used with no event in scope" },
  JRN208: { severity: "error", title: "Invalid date literal" },
  JRN209: { severity: "error", title: "Ordering comparison on an unordered type" },
  // ---- JRN3xx stage graph ----
  JRN301: { severity: "error", title: "No initial stage" },
  JRN302: { severity: "error", title: "Several initial stages" },
  JRN303: { severity: "warning", title: "Unreachable stage" },
  JRN304: { severity: "warning", title: "Stage with no way out" },
  JRN305: { severity: "error", title: "Terminal stage with transitions or timed/event blocks" },
  JRN306: { severity: "error", title: "Journey has no stages" },
  JRN307: { severity: "error", title: "go to inside an on exit block" },
  // ---- JRN4xx experiments and durations ----
  JRN401: { severity: "error", title: "Split weights do not sum to 100" },
  JRN403: { severity: "error", title: "Percent out of range" },
  JRN404: { severity: "error", title: "Split without arms" },
  JRN405: { severity: "error", title: "Several control arms in a split" },
  JRN406: { severity: "error", title: "Split name reused with other arms" },
  // ---- JRN5xx logic ----
  JRN501: { severity: "warning", title: "Condition can never hold" },
  JRN502: { severity: "warning", title: "Condition always holds" },
  // ---- JRN6xx unused declarations ----
  JRN601: { severity: "warning", title: "Unused segment" },
  JRN602: { severity: "warning", title: "Unused event" },
  JRN603: { severity: "warning", title: "Unused channel" },
} as const satisfies Record<string, DiagnosticCodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

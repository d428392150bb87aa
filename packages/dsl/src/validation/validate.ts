/**
 * Runs validation rules over a parsed journey.
 */
import type { Journey } from "../ast.js";
import { bind, type BoundJourney } from "../bind.js";
import { sortDiagnostics } from "../diagnostics/create.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Source } from "../source.js";
import { createContext, type ValidationRule } from "./context.js";
import { allRules } from "./rules.js";

/**
 * Validates a parsed journey with `rules` (all rules by default) and returns the diagnostics
 * sorted by position. Never throws: a rule that fails unexpectedly is skipped.
 *
 * @example
 * ```ts
 * const { ast, source } = parse(text, { file: "shop.journey" });
 * const diagnostics = validate(ast, source);
 * ```
 */
export function validate(ast: Journey, source: Source, rules: readonly ValidationRule[] = allRules): Diagnostic[] {
  return validateBound(bind(ast, source), rules);
}

/**
 * Like `validate`, on an already bound journey (the compiler binds once for both).
 *
 * @example
 * ```ts
 * const bound = bind(ast, source);
 * const warnings = validateBound(bound, [UnusedSegmentsRule, UnusedEventsRule]);
 * ```
 */
export function validateBound(bound: BoundJourney, rules: readonly ValidationRule[] = allRules): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const context = createContext(bound, diagnostics);
  for (const rule of rules) {
    const before = diagnostics.length;
    try {
      rule(context);
    } catch {
      // A partial tree a rule did not anticipate must not crash the pipeline; drop its partial output.
      diagnostics.length = before;
    }
  }
  return sortDiagnostics(diagnostics);
}

/**
 * The whole pipeline on one text: parse → bind → validate → IR → XState config.
 */
import { bind } from "../bind.js";
import { sortDiagnostics } from "../diagnostics/create.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { JourneyIR } from "../ir/schema.js";
import { parse, type ParseOptions } from "../parse.js";
import { validateBound } from "../validation/validate.js";
import { toIR } from "./to-ir.js";
import { toXStateConfig, type JourneyXStateConfig } from "./to-xstate.js";

export interface CompileResult {
  /** The IR, present only when there are no error diagnostics. */
  readonly ir?: JourneyIR;
  /** The XState machine config of `ir`, present exactly when `ir` is. */
  readonly xstate?: JourneyXStateConfig;
  /** Every diagnostic (errors and warnings), sorted by position. */
  readonly diagnostics: Diagnostic[];
  /** True when there are no error diagnostics (warnings allowed). */
  readonly ok: boolean;
}

export interface CheckResult {
  readonly diagnostics: Diagnostic[];
  readonly ok: boolean;
}

const hasError = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === "error");

/**
 * Parse problems after which the parser's recovery skips or misreads text: an unterminated
 * string, a syntax error, the cut at a nesting limit, an internal error. (A duplicate header
 * line or a bad escape is reported and the text around it read as written.)
 */
const DERAILING: ReadonlySet<string> = new Set(["JRN002", "JRN003", "JRN005", "JRN009"]);

/**
 * Findings about the whole file, which text the parser skipped can make false: the stage graph
 * (no initial stage, unreachable, no way out, no stages), a stage named but not (seen) declared,
 * and unused declarations (their uses may be in what was skipped). A misspelt `stgae` takes its
 * whole stage with it; "no stages" or "never used" would tell the same mistake twice, wrongly.
 */
const WHOLE_FILE: ReadonlySet<string> = new Set(["JRN101", "JRN301", "JRN303", "JRN304", "JRN306", "JRN601", "JRN602", "JRN603"]);

/**
 * The parse diagnostics and the validation ones, without the follow-ons of a syntax error: after
 * one, only the validation findings that lie before it and do not depend on the whole file are
 * kept (what comes after it may have been skipped or misread: a stage's `event` re-read as a
 * second declaration of that event, say). Fixing the syntax and checking again shows the rest.
 */
function merged(parsed: readonly Diagnostic[], validation: readonly Diagnostic[]): Diagnostic[] {
  let derailedAt = Infinity;
  for (const d of parsed) if (DERAILING.has(d.code) && d.span.start < derailedAt) derailedAt = d.span.start;
  const kept = derailedAt === Infinity ? validation : validation.filter((d) => !WHOLE_FILE.has(d.code) && d.span.start < derailedAt);
  return sortDiagnostics([...parsed, ...kept]);
}

/**
 * Parses and validates a `.journey` text: every syntax, name, type, graph and logic problem.
 * Never throws.
 *
 * @example
 * ```ts
 * const { ok, diagnostics } = check(text, { file: "shop.journey" });
 * ```
 */
export function check(text: string, options: ParseOptions = {}): CheckResult {
  const parsed = parse(text, options);
  if (parsed.ast === undefined) return { diagnostics: parsed.diagnostics, ok: !hasError(parsed.diagnostics) };
  const diagnostics = merged(parsed.diagnostics, validateBound(bind(parsed.ast, parsed.source)));
  return { diagnostics, ok: !hasError(diagnostics) };
}

/**
 * Compiles a `.journey` text to the IR and its XState config. The IR is only produced when
 * there are no errors. Never throws.
 *
 * @example
 * ```ts
 * const result = compile(text, { file: "shop.journey" });
 * if (result.ok) await runtime.deploy(result.ir!);
 * else process.stderr.write(renderPretty(result.diagnostics, { "shop.journey": text }));
 * ```
 */
export function compile(text: string, options: ParseOptions = {}): CompileResult {
  const parsed = parse(text, options);
  if (parsed.ast === undefined) return { diagnostics: parsed.diagnostics, ok: false };
  const bound = bind(parsed.ast, parsed.source);
  const diagnostics = merged(parsed.diagnostics, validateBound(bound));
  if (hasError(diagnostics)) return { diagnostics, ok: false };
  try {
    const ir = toIR(bound);
    return { ir, xstate: toXStateConfig(ir), diagnostics, ok: true };
  } catch (error) {
    // Only a compiler bug gets here (validation accepted a tree the compiler cannot handle).
    const message = error instanceof Error ? error.message : String(error);
    const internal: Diagnostic = {
      code: "JRN009",
      severity: "error",
      message: `Internal compiler error: ${message}`,
      file: parsed.source.file,
      span: { start: 0, end: 0 },
      line: 1,
      column: 1,
      hint: "Please report this with the journey file.",
    };
    return { diagnostics: [...diagnostics, internal], ok: false };
  }
}

/**
 * Typed errors. Callers test `error.code`, never `instanceof` (errors cross package boundaries).
 */

/** Every error code this package throws or records. */
export type RuntimeErrorCode =
  | "INVALID_JOURNEY"
  | "MISSING_HANDLER"
  | "INVALID_INPUT"
  | "UNKNOWN_CUSTOMER"
  | "STORE_CONFLICT"
  | "MIGRATION_FAILED"
  /** Stored state names a stage the customer's journey version does not have. */
  | "CORRUPT_STATE";

/** One problem with one field of an input. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `"email"` or `"properties.value"`. */
  path: string;
  message: string;
}

/**
 * The error type of `@journeys/runtime`.
 *
 * @example
 * ```ts
 * try { createRuntime({ journeys: [ir], handlers: {} }); }
 * catch (e) { if ((e as JourneyRuntimeError).code === "MISSING_HANDLER") console.error(e.message); }
 * ```
 */
export class JourneyRuntimeError extends Error {
  readonly code: RuntimeErrorCode;
  readonly issues: FieldIssue[];
  constructor(code: RuntimeErrorCode, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = "JourneyRuntimeError";
    this.code = code;
    this.issues = issues;
  }
}

/**
 * Whether `e` is a runtime error with `code` (duck-typed, works across package copies).
 *
 * @example
 * ```ts
 * if (isRuntimeError(e, "INVALID_INPUT")) showIssues(e.issues);
 * ```
 */
export function isRuntimeError(e: unknown, code?: RuntimeErrorCode): e is JourneyRuntimeError {
  if (typeof e !== "object" || e === null) return false;
  const c = (e as { code?: unknown }).code;
  return typeof c === "string" && (code === undefined || c === code) && Array.isArray((e as { issues?: unknown }).issues);
}

/**
 * `@journeys/dsl`: the `.journey` language — parser, formatter, validator, compiler to the
 * journey IR and to a plain-JSON XState v5 machine config, and diagnostic renderers.
 *
 * Nothing here throws on bad input: problems come back as `Diagnostic`s with positions.
 *
 * @example
 * ```ts
 * import { compile, renderPretty } from "@journeys/dsl";
 * const result = compile(text, { file: "shop.journey" });
 * if (!result.ok) console.error(renderPretty(result.diagnostics, { "shop.journey": text }, { color: true }));
 * ```
 */

// Pipeline entry points
export { parse, MAX_SOURCE_BYTES, MAX_CONDITION_DEPTH, MAX_BLOCK_DEPTH, type ParseOptions, type ParseResult } from "./parse.js";
export { format, formatText, type FormatOptions, type FormatTextResult } from "./printer.js";
export { compile, check, type CompileResult, type CheckResult } from "./compile/compile.js";
export { validate, validateBound } from "./validation/validate.js";
export { allRules } from "./validation/rules.js";
export type { ValidationContext, ValidationRule } from "./validation/context.js";
export { bind, type BoundJourney, type SymbolTable, type Reference, type DeclaredType } from "./bind.js";
export { toIR, journeyId } from "./compile/to-ir.js";
export {
  toXStateConfig,
  xstateBindings,
  type JourneyXStateConfig,
  type XStateBindings,
  type XStateNode,
  type XTransition,
  type XActionRef,
  type XCondGuard,
  type XTimerGuard,
  type BoundAction,
} from "./compile/to-xstate.js";
export { collectEvents } from "./ir/conditions.js";
export { isIsoDate } from "./validation/rules/valid-dates.js";
export { Source, type LineColumn } from "./source.js";
export { suggest, editDistance } from "./suggest.js";

// Diagnostics
export type { Diagnostic, RelatedInformation, Severity, Span } from "./diagnostics/diagnostic.js";
export { DIAGNOSTIC_CODES, type DiagnosticCode, type DiagnosticCodeInfo } from "./diagnostics/codes.js";
export { renderPretty, type PrettyOptions } from "./diagnostics/render-pretty.js";
export { renderJson, type JsonDiagnostic, type JsonRelated } from "./diagnostics/render-json.js";
export { renderGithub, escapeGithubData, escapeGithubProperty } from "./diagnostics/render-github.js";
export type { SourceLookup } from "./diagnostics/sources.js";

// The IR (the contract with @journeys/runtime)
export {
  IR_VERSION,
  JourneyIRSchema,
  ConditionSchema,
  ActionSchema,
  StageSchema,
  TransitionSchema,
  FieldTypeSchema,
  type JourneyIR,
  type Stage,
  type Condition,
  type Action,
  type SplitVariant,
  type Transition,
  type TimedBlock,
  type EventBlock,
  type FieldType,
  type ValueExpr,
  type Ref,
  type Literal,
  type CompareOp,
  type Goal,
  type Reentry,
} from "./ir/schema.js";

// The AST (namespaced: several node names, e.g. `Stage` and `Condition`, also exist in the IR)
export type * as AST from "./ast.js";
export type { Journey, Comment } from "./ast.js";

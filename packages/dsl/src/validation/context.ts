/**
 * What a validation rule sees: the bound journey, and `report` to add a diagnostic.
 */
import type * as AST from "../ast.js";
import type { ActionUse, BoundJourney, Reference, ReferenceKind, TestUse } from "../bind.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import { createDiagnostic, type RelatedSpan } from "../diagnostics/create.js";
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import type { Source } from "../source.js";

export interface ValidationContext {
  readonly bound: BoundJourney;
  readonly source: Source;
  /** Reports a problem; severity comes from the code registry. */
  report(code: DiagnosticCode, span: Span, message: string, hint: string, related?: readonly RelatedSpan[]): void;
  /**
   * The references of one kind, in source order. Indexed once per validation and shared, so a
   * rule about one kind of name does not scan every reference (graphql-js caches the same way).
   */
  referencesOf(kind: ReferenceKind): readonly Reference[];
  /** The action uses whose action is of one kind (split arms included), in source order. */
  actionsOf<K extends AST.Action["kind"]>(kind: K): readonly ActionUseOf<K>[];
  /** The test uses whose test is of one kind, in source order. */
  testsOf<K extends AST.Test["kind"]>(kind: K): readonly TestUseOf<K>[];
}

/** An action use narrowed to one kind of action. */
export type ActionUseOf<K extends AST.Action["kind"]> = ActionUse & { readonly action: Extract<AST.Action, { kind: K }> };

/** A test use narrowed to one kind of test. */
export type TestUseOf<K extends AST.Test["kind"]> = TestUse & { readonly atom: AST.TestAtom & { readonly test: Extract<AST.Test, { kind: K }> } };

/** A validation rule: inspects the bound journey and reports through the context. */
export type ValidationRule = (context: ValidationContext) => void;

/** Groups `items` by `keyOf` (items without a key are left out), keeping their order. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

const NONE: readonly never[] = [];

export function createContext(bound: BoundJourney, sink: Diagnostic[]): ValidationContext {
  let references: Map<string, Reference[]> | undefined;
  let actions: Map<string, ActionUse[]> | undefined;
  let tests: Map<string, TestUse[]> | undefined;
  return {
    bound,
    source: bound.source,
    report(code, span, message, hint, related = []) {
      sink.push(createDiagnostic(bound.source, code, span, message, hint, related));
    },
    referencesOf(kind) {
      references ??= groupBy(bound.references, (r) => r.kind);
      return references.get(kind) ?? NONE;
    },
    actionsOf<K extends AST.Action["kind"]>(kind: K) {
      actions ??= groupBy(bound.actions, (a) => a.action.kind);
      return (actions.get(kind) ?? NONE) as readonly ActionUseOf<K>[];
    },
    testsOf<K extends AST.Test["kind"]>(kind: K) {
      tests ??= groupBy(bound.tests, (t) => t.atom.test?.kind);
      return (tests.get(kind) ?? NONE) as readonly TestUseOf<K>[];
    },
  };
}

/**
 * A string literal as the lexer reads it (closed, unterminated or single-quoted), or a run of
 * whitespace and `#` comments. Matching strings first keeps a `#` inside one.
 */
const STRING_OR_GAP = /"(?:[^"\\\r\n]|\\[^\r\n])*(?:"|\\)?|'[^'\r\n]*'|(?:\s|#[^\r\n]*)+/g;

/**
 * The source text of a span as a message quotes it: comments left out, each run of
 * whitespace one space, shortened to `max` characters.
 *
 * @example
 * ```ts
 * // Source: `n > 5 # big spenders⏎      and n < 3`
 * excerpt(source, condition.loc); // "n > 5 and n < 3"
 * ```
 */
export function excerpt(source: Source, span: Span, max = 60): string {
  const text = source.text.slice(span.start, span.end).replace(STRING_OR_GAP, shownPiece);
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** A string literal with each run of whitespace as one space; a gap as one space. */
function shownPiece(piece: string): string {
  return piece[0] === '"' || piece[0] === "'" ? piece.replace(/\s+/g, " ") : " ";
}

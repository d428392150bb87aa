/**
 * Small readers over Chevrotain CST nodes for the AST builder.
 *
 * After error recovery a CST can hold tokens the parser invented (`isInsertedInRecovery`, no
 * real offsets) and nodes cut short; these readers treat invented tokens as missing so the
 * builder sees `undefined` instead of empty names at NaN offsets.
 */
import type { CstElement, CstNode, IToken } from "chevrotain";
import type { Span } from "./diagnostics/diagnostic.js";

function isToken(element: CstElement): element is IToken {
  return (element as IToken).tokenType !== undefined;
}

/** True for a token that really is in the text. */
export function isRealToken(token: IToken | undefined): token is IToken {
  return token !== undefined && token.isInsertedInRecovery !== true && Number.isFinite(token.startOffset);
}

/** The `index`-th real token stored under `key` (a token type name) in `node`. */
export function token(node: CstNode | undefined, key: string, index = 0): IToken | undefined {
  const list = node?.children[key];
  if (list === undefined) return undefined;
  // Fast path: no token of this list was invented by recovery.
  const direct = list[index] as IToken | undefined;
  if (direct !== undefined && direct.isInsertedInRecovery !== true && list.length === index + 1) return direct;
  let seen = 0;
  for (const element of list) {
    if (isToken(element) && isRealToken(element)) {
      if (seen === index) return element;
      seen++;
    }
  }
  return undefined;
}

/** Every real token stored under `key` in `node`. */
export function tokens(node: CstNode | undefined, key: string): IToken[] {
  const list = node?.children[key];
  if (!list) return [];
  return list.filter((e): e is IToken => isToken(e) && isRealToken(e));
}

const NO_NODES: CstNode[] = [];

// A key of `children` holds either tokens (a token type name) or nodes (a rule name), never
// both, so the node readers need no filtering.

/** The `index`-th sub-rule node named `key` in `node`. */
export function child(node: CstNode | undefined, key: string, index = 0): CstNode | undefined {
  return node?.children[key]?.[index] as CstNode | undefined;
}

/** Every sub-rule node named `key` in `node`. */
export function children(node: CstNode | undefined, key: string): readonly CstNode[] {
  return (node?.children[key] as CstNode[] | undefined) ?? NO_NODES;
}

/** The span of one token (Chevrotain end offsets are inclusive). */
export function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: (t.endOffset ?? t.startOffset + t.image.length - 1) + 1 };
}

/**
 * The span of a node: from its location when the parser tracked one, otherwise from the
 * real tokens under it, otherwise an empty span at `fallback`.
 */
export function nodeSpan(node: CstNode, fallback = 0): Span {
  const loc = node.location;
  if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset)) {
    return { start: loc.startOffset, end: (loc.endOffset as number) + 1 };
  }
  let start = Infinity;
  let end = -Infinity;
  const stack: CstNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const list of Object.values(current.children)) {
      for (const element of list) {
        if (isToken(element)) {
          if (!isRealToken(element)) continue;
          const span = tokenSpan(element);
          if (span.start < start) start = span.start;
          if (span.end > end) end = span.end;
        } else stack.push(element);
      }
    }
  }
  return Number.isFinite(start) ? { start, end } : { start: fallback, end: fallback };
}

/** A span from the start of `a` to the end of `b`. */
export function joinSpans(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/**
 * The lexer of the `.journey` language: text → tokens, by hand.
 *
 * It reads exactly the tokens `LEXER_TOKENS` (tokens.ts) defines, first matching pattern
 * wins, and recovers from unexpected characters as Chevrotain's lexer does (one problem per
 * run of characters at which no token can start); `lexer.test.ts` checks the two agree on
 * random text. By hand because the lexer is a large share of `compile()`: `scan` records
 * each token's final type (keywords resolved, slips such as `&&` rewritten) in a compact
 * `TokenList`, with no object per token; `lex` turns that into Chevrotain tokens. Comments go
 * to their own list so the parser never sees them and the formatter can put them back.
 */
import type { IToken, TokenType } from "chevrotain";
import { TokenList } from "./token-list.js";
import * as T from "./tokens.js";

export * from "./tokens.js";
export { TokenList } from "./token-list.js";

/** A lexing problem, before it becomes a diagnostic. */
export interface LexProblem {
  readonly code: "JRN001" | "JRN002" | "JRN006";
  readonly offset: number;
  readonly length: number;
  readonly message: string;
  readonly hint?: string;
}

export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly problems: LexProblem[];
}

// What `matchAt` matched: a token type, or one of these markers.
const SKIP = 0;
const COMMENT = 1;
const UNTERMINATED = 2;
const SINGLE_QUOTED = 3;
const C_AND = 4;
const C_OR = 5;
const WORD = 6;
const TYPED = 7;

/** Set by `matchAt`: the kind of the match, and its token type when the kind is `TYPED`. */
let matchedKind = SKIP;
let matchedType: TokenType = T.Identifier;

function typed(type: TokenType, end: number): number {
  matchedKind = TYPED;
  matchedType = type;
  return end;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The end offset of the token starting at `offset` (the first pattern of `LEXER_TOKENS` that
 * matches there), or -1 when no token can start there. Sets `matchedKind` / `matchedType`.
 */
function matchAt(text: string, offset: number): number {
  const n = text.length;
  const c = text.charCodeAt(offset);
  switch (c) {
    case 34: {
      // "..." with escapes; without its closing quote on the line, an unterminated string
      // (which takes a trailing backslash too).
      let i = offset + 1;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 34) return typed(T.StringLiteral, i + 1);
        if (d === 10 || d === 13) break;
        if (d === 92) {
          const e = text.charCodeAt(i + 1);
          if (i + 1 >= n || e === 10 || e === 13) {
            i++;
            break;
          }
          i += 2;
        } else i++;
      }
      matchedKind = UNTERMINATED;
      return i;
    }
    case 35: {
      let i = offset + 1;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 10 || d === 13) break;
        i++;
      }
      matchedKind = COMMENT;
      return i;
    }
    case 39: {
      let i = offset + 1;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 39) {
          matchedKind = SINGLE_QUOTED;
          return i + 1;
        }
        if (d === 10 || d === 13) break;
        i++;
      }
      return -1;
    }
    case 38:
      if (text.charCodeAt(offset + 1) !== 38) return -1;
      matchedKind = C_AND;
      return offset + 2;
    case 124:
      if (text.charCodeAt(offset + 1) !== 124) return -1;
      matchedKind = C_OR;
      return offset + 2;
    case 61:
      return text.charCodeAt(offset + 1) === 61 ? typed(T.EqEq, offset + 2) : typed(T.Equals, offset + 1);
    case 33:
      return text.charCodeAt(offset + 1) === 61 ? typed(T.NotEq, offset + 2) : -1;
    case 60:
      return text.charCodeAt(offset + 1) === 61 ? typed(T.LtEq, offset + 2) : typed(T.Lt, offset + 1);
    case 62:
      return text.charCodeAt(offset + 1) === 61 ? typed(T.GtEq, offset + 2) : typed(T.Gt, offset + 1);
    case 123:
      return typed(T.LBrace, offset + 1);
    case 125:
      return typed(T.RBrace, offset + 1);
    case 40:
      return typed(T.LParen, offset + 1);
    case 41:
      return typed(T.RParen, offset + 1);
    case 44:
      return typed(T.Comma, offset + 1);
    case 58:
      return typed(T.Colon, offset + 1);
    case 46:
      return typed(T.Dot, offset + 1);
    default:
      break;
  }
  if (isSpace(c)) {
    let i = offset + 1;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    matchedKind = SKIP;
    return i;
  }
  if (isDigit(c) || (c === 45 && isDigit(text.charCodeAt(offset + 1)))) {
    // -?\d+(\.\d+)?, then % for a percentage.
    let i = offset + 1;
    while (isDigit(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
      i += 2;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    return text.charCodeAt(i) === 37 ? typed(T.PercentLiteral, i + 1) : typed(T.NumberLiteral, i);
  }
  if (c === 121 && text.startsWith("yes/no", offset)) return typed(T.YesNo, offset + 6);
  const end = T.identifierEnd(text, offset);
  matchedKind = WORD;
  return end;
}

function problem(problems: LexProblem[], offset: number, length: number, message: string, hint: string | undefined): void {
  problems.push({ code: "JRN001", offset, length, message, hint });
}

/** What `scan` returns: the tokens as a compact list, the comments, the problems. */
export interface ScanResult {
  readonly tokens: TokenList;
  readonly comments: IToken[];
  readonly problems: LexProblem[];
}

/**
 * Splits text into tokens. Unterminated strings are reported and turned into string tokens so
 * the parser can go on; unexpected characters are reported and skipped.
 *
 * @example
 * ```ts
 * const { tokens, comments, problems } = lex('stage lost terminal # the end');
 * ```
 */
export function lex(text: string): LexResult {
  const { tokens, comments, problems } = scan(text);
  return { tokens: tokens.tokens(0, tokens.length), comments, problems };
}

/**
 * `lex` without an object per token: the tokens come as a `TokenList` (what `parse` uses).
 *
 * @example
 * ```ts
 * const { tokens } = scan("stage a");
 * tokens.image(1); // "a"
 * ```
 */
export function scan(text: string): ScanResult {
  const n = text.length;
  // About one token per 6 characters in real journeys; the list doubles when that is short.
  const tokens = new TokenList(text, Math.max(16, n >> 2));
  const comments: IToken[] = [];
  const problems: LexProblem[] = [];
  let offset = 0;
  while (offset < n) {
    const end = matchAt(text, offset);
    if (end < 0) {
      // Skip to the next offset at which some token can start; one problem for the run.
      const start = offset;
      do offset++;
      while (offset < n && matchAt(text, offset) < 0);
      const first = String.fromCodePoint(text.slice(start, offset).codePointAt(0) ?? 0xfffd);
      problem(problems, start, offset - start, `Unexpected character ${quoteChar(first)}.`, hintForCharacter(first));
      continue;
    }
    let type: TokenType;
    switch (matchedKind) {
      case SKIP:
        offset = end;
        continue;
      case COMMENT:
        comments.push({ image: text.slice(offset, end), startOffset: offset, endOffset: end - 1, tokenTypeIdx: T.CommentToken.tokenTypeIdx!, tokenType: T.CommentToken });
        offset = end;
        continue;
      case TYPED:
        type = matchedType;
        if (type === T.NumberLiteral) {
          // `1e3`, `1_000`, `4.`: forms of other languages. One JRN006 for the whole form; the
          // digits stay a number token and the rest is skipped, so the parser goes on quietly.
          const rest = numberSuffix(text, end);
          if (rest > end) {
            problems.push({
              code: "JRN006",
              offset,
              length: rest - offset,
              message: `Invalid number "${text.slice(offset, rest)}": numbers are plain decimals.`,
              hint: "Write it out, as in `1000`, `0.001` or `4.5`.",
            });
            tokens.push(type, offset, end);
            offset = rest;
            continue;
          }
        }
        break;
      case WORD:
        type = T.keywordAt(text, offset, end)?.type ?? T.Identifier;
        break;
      case UNTERMINATED:
        problems.push({
          code: "JRN002",
          offset,
          length: end - offset,
          message: "Unterminated string.",
          hint: 'Close the string with a double quote (`"`) on the same line.',
        });
        type = T.StringLiteral;
        break;
      case SINGLE_QUOTED:
        problem(problems, offset, 1, `Unexpected character "'".`, hintForCharacter("'"));
        type = T.StringLiteral;
        break;
      case C_AND:
        problem(problems, offset, 2, `Unexpected "&&".`, "Write `and` to combine conditions.");
        type = T.And;
        break;
      default:
        problem(problems, offset, 2, `Unexpected "||".`, "Write `or` to combine conditions.");
        type = T.Or;
        break;
    }
    tokens.push(type, offset, end);
    offset = end;
  }
  return { tokens, comments, problems };
}

const NUMBER_SUFFIX = /(?:[eE][+-]?\d+|(?:_\d+)+|\.(?!\d))(?![\p{L}\p{N}_%.])/uy;

/** The end of an exponent (`e3`, `E-7`), digit separators (`_000`) or a bare `.` right after a number's digits at `at`; `at` when there is none. */
function numberSuffix(text: string, at: number): number {
  // Not when more of a name, a number or a percentage follows (`1e3days`, `1e3%`): the parser
  // reports that as it stands.
  NUMBER_SUFFIX.lastIndex = at;
  const m = NUMBER_SUFFIX.exec(text);
  return m ? at + m[0].length : at;
}

function quoteChar(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  if (cp < 0x20 || cp === 0x7f) return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  return `"${c}"`;
}

function hintForCharacter(c: string): string {
  switch (c) {
    case "'":
      return 'Strings use double quotes: "like this".';
    case "&":
      return "Write `and` to combine conditions.";
    case "|":
      return "Write `or` to combine conditions.";
    case "!":
      return "Write `not` to negate a condition, or `!=` to compare.";
    case "%":
      return "Write the percent sign right after the number, as in `50%`.";
    case "/":
      return "Comments start with `#`.";
    default:
      return "Delete it. Names are letters, digits and `_`; any other text goes inside double quotes.";
  }
}

/**
 * The token types of the `.journey` language (Chevrotain `TokenType`s, which the parser
 * matches on) and their patterns, which define the lexical grammar.
 *
 * `lexer.ts` scans text into these tokens by hand; `LEXER_TOKENS` below is the reference
 * definition it must agree with (a Chevrotain `Lexer` built from it is compared with the
 * scanner in `lexer.test.ts`). Keywords are lowercase; words are read whole and then looked
 * up, so `inactive` is never `in` + `active` and `notes` is a name.
 */
import { createToken, Lexer, type IToken, type TokenType } from "chevrotain";

// ---------------------------------------------------------------------------------------------
// Trivia

export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

export const CommentToken = createToken({ name: "Comment", pattern: /#[^\r\n]*/, group: "comments" });

// ---------------------------------------------------------------------------------------------
// Names and literals

const identifierPattern = /[\p{L}_][\p{L}\p{N}_]*/uy;
/** Reused match result: Chevrotain only reads `[0]`, and a fresh exec array per word is garbage. */
const identifierMatch: [string] = [""];

function isAsciiNamePart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * End offset of the name starting at `offset`, or -1. ASCII names are matched by a char-code
 * loop, anything with other characters by a sticky Unicode regex (Chevrotain cannot compile
 * `\p{L}` patterns, and the loop is faster).
 */
export function identifierEnd(text: string, offset: number): number {
  const first = text.charCodeAt(offset);
  if (first < 128) {
    if (!isAsciiNamePart(first) || (first >= 48 && first <= 57)) return -1;
    let end = offset + 1;
    let c = text.charCodeAt(end);
    while (end < text.length && isAsciiNamePart(c)) c = text.charCodeAt(++end);
    if (end >= text.length || c < 128) return end;
  }
  identifierPattern.lastIndex = offset;
  return identifierPattern.test(text) ? identifierPattern.lastIndex : -1;
}

/** `identifierEnd` as a Chevrotain custom pattern (for the reference lexer). */
function matchIdentifier(text: string, offset: number): RegExpExecArray | null {
  const end = identifierEnd(text, offset);
  if (end < 0) return null;
  identifierMatch[0] = text.slice(offset, end);
  return identifierMatch as unknown as RegExpExecArray;
}

/** Start characters for the identifier matcher: ASCII/Latin-1 letters, `_`, and one per bucket above. */
function identifierStartHints(): number[] {
  const hints: number[] = [0x5f];
  for (let c = 0x41; c <= 0x5a; c++) hints.push(c, c + 0x20);
  for (const c of [0xaa, 0xb5, 0xba]) hints.push(c);
  for (let c = 0xc0; c <= 0xff; c++) if (c !== 0xd7 && c !== 0xf7) hints.push(c);
  // Chevrotain buckets char codes above 255 by blocks of 255: one hint per block covers them all.
  for (let c = 0x100; c < 0x10000; c += 255) hints.push(c);
  hints.push(0xffff);
  return hints;
}

export const Identifier = createToken({
  name: "Identifier",
  label: "a name",
  pattern: { exec: matchIdentifier },
  start_chars_hint: identifierStartHints(),
  line_breaks: false,
});

/** Escapes allowed in strings: `\"`, `\\`, `\n`, `\r`, `\t` (others are reported by the parser). */
export const StringLiteral = createToken({ name: "String", label: "a string", pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/ });

/** A string missing its closing quote; `parse` reports JRN002 and reads it as a string. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  label: "a string",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
});

/** A string in single quotes: reported (strings use double quotes) and read as a string. */
export const SingleQuotedString = createToken({ name: "SingleQuotedString", label: "a string", pattern: /'[^'\r\n]*'/ });

/** `&&` / `||` from other languages: reported and read as `and` / `or`. */
export const CStyleAnd = createToken({ name: "CStyleAnd", label: '"and"', pattern: "&&" });
export const CStyleOr = createToken({ name: "CStyleOr", label: '"or"', pattern: "||" });

export const PercentLiteral = createToken({ name: "Percent", label: "a percentage", pattern: /-?\d+(?:\.\d+)?%/ });
export const NumberLiteral = createToken({ name: "Number", label: "a number", pattern: /-?\d+(?:\.\d+)?/ });

// ---------------------------------------------------------------------------------------------
// Punctuation

export const LBrace = createToken({ name: "LBrace", label: '"{"', pattern: "{" });
export const RBrace = createToken({ name: "RBrace", label: '"}"', pattern: "}" });
export const LParen = createToken({ name: "LParen", label: '"("', pattern: "(" });
export const RParen = createToken({ name: "RParen", label: '")"', pattern: ")" });
export const Comma = createToken({ name: "Comma", label: '","', pattern: "," });
export const Colon = createToken({ name: "Colon", label: '":"', pattern: ":" });
export const Dot = createToken({ name: "Dot", label: '"."', pattern: "." });
export const EqEq = createToken({ name: "EqEq", label: '"=="', pattern: "==" });
export const NotEq = createToken({ name: "NotEq", label: '"!="', pattern: "!=" });
export const LtEq = createToken({ name: "LtEq", label: '"<="', pattern: "<=" });
export const GtEq = createToken({ name: "GtEq", label: '">="', pattern: ">=" });
export const Lt = createToken({ name: "Lt", label: '"<"', pattern: "<" });
export const Gt = createToken({ name: "Gt", label: '">"', pattern: ">" });
export const Equals = createToken({ name: "Equals", label: '"="', pattern: "=" });

/** Category of the comparison operators (`==` `!=` `<` `<=` `>` `>=`). */
export const CompareOperator = createToken({ name: "CompareOperator", label: "a comparison", pattern: Lexer.NA });
for (const op of [EqEq, NotEq, LtEq, GtEq, Lt, Gt]) op.CATEGORIES = [CompareOperator];

/** Category of the duration units (singular and plural). */
export const DurationUnit = createToken({ name: "DurationUnit", label: "a time unit", pattern: Lexer.NA });

// ---------------------------------------------------------------------------------------------
// Keywords

const keywordTokens = new Map<string, TokenType>();

/**
 * Keywords that only start a declaration or name a type. They can never stand where a name
 * could also stand, so they double as names (category `Identifier`): the spec's own example
 * has `stage customer`. All others are reserved.
 */
const SOFT_KEYWORDS = new Set([
  "customer", "version", "description", "channels", "segment", "enroll", "goal", "reentry", "holdout",
  "label", "text", "number", "datetime", "list", "enter", "exit", "variant", "control",
  // Units only ever follow a number, where no name can stand.
  "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
]);

/**
 * Keywords are not lexer patterns: the lexer reads every word as an `Identifier` and `lex`
 * swaps the type of reserved words through one map lookup. That is much cheaper than trying
 * each keyword pattern (plus `longer_alt`) on every word. `yes/no` is the one lexer keyword.
 */
function keyword(word: string, categories: TokenType[] = []): TokenType {
  const all = SOFT_KEYWORDS.has(word) ? [...categories, Identifier] : categories;
  const token = createToken({
    name: `Kw_${word.replace("/", "_")}`,
    label: `"${word}"`,
    pattern: word === "yes/no" ? word : Lexer.NA,
    ...(all.length > 0 ? { categories: all } : {}),
  });
  keywordTokens.set(word, token);
  return token;
}

export const Journey = keyword("journey");
export const Version = keyword("version");
export const Description = keyword("description");
export const Channels = keyword("channels");
export const Customer = keyword("customer");
export const Event = keyword("event");
export const Segment = keyword("segment");
export const Enroll = keyword("enroll");
export const Goal = keyword("goal");
export const Exit = keyword("exit");
export const Reentry = keyword("reentry");
export const Holdout = keyword("holdout");
export const Stage = keyword("stage");
export const Initial = keyword("initial");
export const Terminal = keyword("terminal");
export const Label = keyword("label");
export const On = keyword("on");
export const Enter = keyword("enter");
export const After = keyword("after");
export const Every = keyword("every");
export const With = keyword("with");
export const Go = keyword("go");
export const To = keyword("to");
export const When = keyword("when");
export const Send = keyword("send");
export const Tag = keyword("tag");
export const Untag = keyword("untag");
export const SetKw = keyword("set");
export const Add = keyword("add");
export const Split = keyword("split");
export const Variant = keyword("variant");
export const Control = keyword("control");
export const If = keyword("if");
export const Unless = keyword("unless");
export const Text = keyword("text");
export const NumberType = keyword("number");
export const YesNo = keyword("yes/no");
export const Datetime = keyword("datetime");
export const List = keyword("list");
export const Of = keyword("of");
export const One = keyword("one");
export const Required = keyword("required");
export const Never = keyword("never");
export const Always = keyword("always");
export const Or = keyword("or");
export const And = keyword("and");
export const Not = keyword("not");
export const In = keyword("in");
export const Inactive = keyword("inactive");
export const For = keyword("for");
export const Contains = keyword("contains");
export const Is = keyword("is");
export const More = keyword("more");
export const Less = keyword("less");
export const Than = keyword("than");
export const Ago = keyword("ago");
export const Yes = keyword("yes");
export const No = keyword("no");
export const DateKw = keyword("date");

export const durationUnitTokens = ["second", "minute", "hour", "day", "week"].flatMap((unit) => [
  keyword(unit, [DurationUnit]),
  keyword(`${unit}s`, [DurationUnit]),
]);

/** Every reserved word (the formatter's and the fuzzers' source of truth). */
export const KEYWORDS: readonly string[] = [...keywordTokens.keys()];

/** A keyword and its token type. */
export interface KeywordEntry {
  readonly word: string;
  readonly type: TokenType;
}

/** Keywords by first letter (all are lowercase ASCII), filled once all keywords exist. */
const keywordsByFirst: KeywordEntry[][] = Array.from({ length: 26 }, () => []);

/**
 * The keyword spelled by `text` from `start` to `end` (a whole word), or `undefined` for a
 * plain name. Compares in place, so the lexer needs no string (nor its hash) to find out.
 */
export function keywordAt(text: string, start: number, end: number): KeywordEntry | undefined {
  const list = keywordsByFirst[text.charCodeAt(start) - 97];
  if (list === undefined) return undefined;
  const length = end - start;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i]!;
    if (entry.word.length === length && text.startsWith(entry.word, start)) return entry;
  }
  return undefined;
}

/** True when `name` is a keyword (reserved or contextual). */
export function isKeyword(name: string): boolean {
  return keywordTokens.has(name);
}

/** True when a token's type is a reserved keyword (one array lookup; for hot loops). */
export function isReservedToken(token: IToken): boolean {
  return reservedByIdx[token.tokenTypeIdx] === 1;
}

/** True when `type` is a reserved keyword. */
export function isReservedType(type: TokenType): boolean {
  return reservedByIdx[type.tokenTypeIdx!] === 1;
}

/** True when `name` is a reserved word and so cannot be used as a name. */
export function isReserved(name: string): boolean {
  return keywordTokens.has(name) && !SOFT_KEYWORDS.has(name);
}

/**
 * The token types the lexer matches, in priority order (the first pattern that matches at an
 * offset wins): the reference definition of the lexical grammar.
 */
export const LEXER_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  CommentToken,
  StringLiteral,
  UnterminatedString,
  SingleQuotedString,
  CStyleAnd,
  CStyleOr,
  PercentLiteral,
  NumberLiteral,
  EqEq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  Equals,
  LBrace,
  RBrace,
  LParen,
  RParen,
  Comma,
  Colon,
  Dot,
  YesNo,
  Identifier,
];

/** Every token type the parser knows: the lexer's, the keywords and the categories. */
export const allTokens: readonly TokenType[] = [
  ...LEXER_TOKENS,
  ...[...keywordTokens.values()].filter((t) => t !== YesNo),
  CompareOperator,
  DurationUnit,
];

for (const [word, type] of keywordTokens) keywordsByFirst[word.charCodeAt(0) - 97]!.push({ word, type });

const reservedByIdx = new Uint8Array(Math.max(...allTokens.map((t) => t.tokenTypeIdx ?? 0)) + 1);
for (const [word, token] of keywordTokens) if (!SOFT_KEYWORDS.has(word)) reservedByIdx[token.tokenTypeIdx!] = 1;

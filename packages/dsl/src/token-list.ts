/**
 * The lexer's output as parallel typed arrays (token type, start, end) instead of one object
 * per token. A large file's tokens then cost the garbage collector nothing while the file is
 * parsed: `parse` turns one stage's worth into Chevrotain `IToken`s at a time, and those die
 * with that stage's CST.
 */
import type { IToken, TokenType } from "chevrotain";
import * as T from "./tokens.js";

const typeByIdx: TokenType[] = [];
for (const type of T.allTokens) typeByIdx[type.tokenTypeIdx!] = type;

/**
 * The image a token of a type has when it is written the usual way, by type index: keywords
 * and punctuation. (`&&` is read as `and`, so `image` checks length and first character.)
 */
const usualImage: (string | undefined)[] = [];
for (const word of T.KEYWORDS) usualImage[T.keywordAt(word, 0, word.length)!.type.tokenTypeIdx!] = word;
for (const [type, image] of [
  [T.LBrace, "{"], [T.RBrace, "}"], [T.LParen, "("], [T.RParen, ")"], [T.Comma, ","], [T.Colon, ":"], [T.Dot, "."],
  [T.EqEq, "=="], [T.NotEq, "!="], [T.LtEq, "<="], [T.GtEq, ">="], [T.Lt, "<"], [T.Gt, ">"], [T.Equals, "="],
] as const) {
  usualImage[type.tokenTypeIdx!] = image;
}

/**
 * Tokens of one text, in order.
 *
 * @example
 * ```ts
 * const { tokens } = scan("stage a");
 * tokens.type(0) === Stage; tokens.image(1) === "a"; tokens.tokens(0, tokens.length); // IToken[]
 * ```
 */
export class TokenList {
  private types: Int32Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private count = 0;

  constructor(
    private readonly text: string,
    capacity = 16,
  ) {
    this.types = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Appends a token spanning `start` to `end` (exclusive). */
  push(type: TokenType, start: number, end: number): void {
    if (this.count === this.types.length) this.grow();
    this.types[this.count] = type.tokenTypeIdx!;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }

  type(i: number): TokenType {
    return typeByIdx[this.types[i]!]!;
  }

  start(i: number): number {
    return this.starts[i]!;
  }

  /** End offset, exclusive. */
  end(i: number): number {
    return this.ends[i]!;
  }

  image(i: number): string {
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    const usual = usualImage[this.types[i]!];
    // Keywords and punctuation share one string each; names and literals are cut from the text.
    if (usual !== undefined && usual.length === end - start && usual.charCodeAt(0) === this.text.charCodeAt(start)) return usual;
    return this.text.slice(start, end);
  }

  /** Changes the type of token `i` (the parser reads a misplaced keyword as a name). */
  retype(i: number, type: TokenType): void {
    this.types[i] = type.tokenTypeIdx!;
  }

  /** Drops the tokens from `length` on. */
  truncate(length: number): void {
    this.count = Math.min(this.count, length);
  }

  /** Token `i` as a Chevrotain token (a new object on each call). */
  token(i: number): IToken {
    const type = this.type(i);
    return { image: this.image(i), startOffset: this.starts[i]!, endOffset: this.ends[i]! - 1, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type };
  }

  /** Tokens `from` to `to` (exclusive) as Chevrotain tokens. */
  tokens(from: number, to: number): IToken[] {
    const out: IToken[] = new Array(Math.max(0, to - from));
    for (let i = from; i < to; i++) out[i - from] = this.token(i);
    return out;
  }

  private grow(): void {
    const size = this.types.length * 2;
    const types = new Int32Array(size);
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    types.set(this.types);
    starts.set(this.starts);
    ends.set(this.ends);
    this.types = types;
    this.starts = starts;
    this.ends = ends;
  }
}

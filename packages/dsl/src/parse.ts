/**
 * `parse`: text → tokens → CST → AST, with every problem as a diagnostic.
 *
 * It never throws: limits are checked before the work they protect (size before lexing,
 * nesting before the recursive-descent parser sees the tokens), and any unexpected internal
 * failure is turned into a JRN009 diagnostic instead of an exception.
 */
import { EOF, type IRecognitionException, type IToken } from "chevrotain";
import type { Comment, Journey } from "./ast.js";
import { type BuildContext, buildJourney, JourneyBuilder } from "./ast-builder.js";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { isRealToken, tokenSpan } from "./cst-access.js";
import { Identifier, isReserved, isReservedType, Journey as JourneyKw, LBrace, scan, StringLiteral, type TokenList } from "./lexer.js";
import { type EntryRule, parseCst } from "./parser.js";
import { RULE_HINTS } from "./parser-expressions.js";
import { fieldWithoutType } from "./field-without-type.js";
import { retypeReservedFieldNames } from "./reserved-field-names.js";
import { retypeReservedNames } from "./reserved-names.js";
import { Source } from "./source.js";

/** Largest accepted file, in UTF-8 bytes (JRN004 above). */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
/** Deepest accepted condition nesting: parentheses plus `not`s (JRN005 above). */
export const MAX_CONDITION_DEPTH = 64;
/** Deepest accepted brace nesting, e.g. splits inside variants (JRN005 above). */
export const MAX_BLOCK_DEPTH = 64;

export interface ParseOptions {
  /** File name used in diagnostics; default `"<input>"`. */
  readonly file?: string;
  /**
   * Set by a reader that decoded the text from bytes that are not valid UTF-8: `offset` is where
   * the first bad byte (`byte`) landed in `text` (as U+FFFD). The file gets one JRN001 there and
   * is not parsed: its names and texts would hold characters the author never wrote.
   */
  readonly notUtf8?: { readonly offset: number; readonly byte: number };
}

export interface ParseResult {
  /** The (possibly partial) tree; `undefined` only when a limit stopped parsing before it began. */
  readonly ast: Journey | undefined;
  /** Every syntax and limit problem, sorted by position. */
  readonly diagnostics: Diagnostic[];
  readonly source: Source;
  /** The `#` comments, in source order (not part of the tree; the formatter puts them back). */
  readonly comments: Comment[];
}

/**
 * Parses one `.journey` file. Never throws.
 *
 * @example
 * ```ts
 * const { ast, diagnostics } = parse('journey "Hi" { stage a initial terminal }', { file: "hi.journey" });
 * if (diagnostics.length === 0) console.log(ast!.stages[0]!.name!.name); // "a"
 * ```
 */
export function parse(text: string, options: ParseOptions = {}): ParseResult {
  const source = new Source(typeof text === "string" ? text : String(text), options.file ?? "<input>");
  const diagnostics: Diagnostic[] = [];
  let comments: Comment[] = [];
  let ast: Journey | undefined;
  try {
    const bytes = utf8Length(source.text);
    if (bytes > MAX_SOURCE_BYTES) {
      diagnostics.push(
        source.diagnostic(
          "JRN004",
          `The file is too large (${bytes} bytes; the limit is ${MAX_SOURCE_BYTES}).`,
          { start: 0, end: 0 },
          "Split the journey into several smaller journeys.",
        ),
      );
      return { ast: undefined, diagnostics, source, comments };
    }
    if (options.notUtf8 !== undefined) {
      const { offset, byte } = options.notUtf8;
      const hex = byte.toString(16).toUpperCase().padStart(2, "0");
      diagnostics.push(
        source.diagnostic(
          "JRN001",
          `This file is not UTF-8 text: its byte 0x${hex} here cannot be read as UTF-8, so the file was not parsed.`,
          { start: offset, end: Math.min(offset + 1, source.text.length) },
          "Save the file as UTF-8 (your editor's \"Save with encoding\"); a .journey file is UTF-8 text.",
        ),
      );
      return { ast: undefined, diagnostics, source, comments };
    }
    // A NUL character means binary data (an image, an archive, a wrong glob): one error, not
    // one per stray byte, and no code frame full of control characters.
    const nul = source.text.indexOf("\u0000");
    if (nul !== -1) {
      diagnostics.push(
        source.diagnostic(
          "JRN001",
          "This is not a text file: it holds a NUL character (binary data), so it was not parsed.",
          { start: nul, end: nul + 1 },
          "A .journey file is UTF-8 text. Check the path, or the glob that matched this file.",
        ),
      );
      return { ast: undefined, diagnostics, source, comments };
    }
    const lexed = scan(source.text);
    comments = lexed.comments.map((t) => ({ kind: "Comment", text: trimEnd(t.image), loc: tokenSpan(t) }));
    for (const p of lexed.problems) {
      diagnostics.push(source.diagnostic(p.code, p.message, { start: p.offset, end: p.offset + p.length }, p.hint));
    }
    retypeReservedNames(source, lexed.tokens, diagnostics);
    retypeReservedFieldNames(source, lexed.tokens, diagnostics);
    const cut = nestingCut(lexed.tokens);
    const tokens = lexed.tokens;
    if (cut) {
      diagnostics.push(source.diagnostic("JRN005", cut.message, tokenSpan(cut.token), cut.hint));
      tokens.truncate(cut.index);
    }
    const cutOffset = cut ? cut.token.startOffset : Infinity;
    const seen = new Set<string>();
    let lastReported = -1;
    const report = (error: IRecognitionException, eofToken: IToken | undefined, eofIsClose = false): void => {
      // Errors caused by the truncation at a nesting limit say nothing new.
      if (cut && !eofToken && (error.token.tokenType === EOF || !isRealToken(error.token))) return;
      const d = syntaxDiagnostic(source, error, tokens, eofToken, eofIsClose);
      if (d.span.start >= cutOffset) return;
      const key = `${d.span.start}:${d.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      // Recovery went on by reading the token just reported as the start of something else
      // (`n numbr` then 'Expected a type after "numbr"' on the next line): the same mistake again.
      const followOn = isRealToken(error.token) && lastReported >= 0 && startBefore(tokens, error.token.startOffset) === lastReported;
      lastReported = d.span.start;
      if (!followOn) diagnostics.push(d);
    };
    ast = parseChunked({ source, diagnostics }, tokens, report, cut !== undefined);
  } catch (error) {
    diagnostics.push(
      source.diagnostic(
        "JRN009",
        `Internal parser error: ${error instanceof Error ? error.message : String(error)}.`.replace(/\.\.$/, "."),
        { start: 0, end: 0 },
        "This is a bug in Journeys; please report it with the file that caused it.",
      ),
    );
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { ast, diagnostics: oneSyntaxErrorPerToken(diagnostics), source, comments };
}

/**
 * Recovery can meet one bad token twice (an inner block gives up on it, then the journey body
 * does), which told one mistake twice in two different ways. The first report is the innermost
 * and most specific: keep it. `sorted` is in position order, a stable sort of report order.
 */
function oneSyntaxErrorPerToken(sorted: Diagnostic[]): Diagnostic[] {
  let lastStart = -1;
  return sorted.filter((d) => {
    if (d.code !== "JRN003") return true;
    if (d.span.start === lastStart) return false;
    lastStart = d.span.start;
    return true;
  });
}

const ITEM_STARTS = new Set([
  "Kw_version", "Kw_description", "Kw_channels", "Kw_customer", "Kw_event", "Kw_segment", "Kw_enroll", "Kw_goal",
  "Kw_exit", "Kw_reentry", "Kw_holdout", "Kw_stage", "Kw_label", "Kw_on", "Kw_after", "Kw_every", "Kw_go",
]);

type Reporter = (error: IRecognitionException, eofToken: IToken | undefined, eofIsClose?: boolean) => void;

/**
 * Parses a file stage by stage: the head (`journey "x" {` and the declarations before the first
 * stage) and then one chunk per `stage` keyword, each built into the AST right away. The CST
 * of a 10,000-line file is then never alive as a whole, which keeps the garbage collector's
 * work (and the time per line) flat as files grow; and an error in one stage cannot swallow
 * the next. A file that does not open with `journey "name" {` is parsed whole.
 */
function parseChunked(ctx: BuildContext, tokens: TokenList, report: Reporter, truncated: boolean): Journey | undefined {
  if (tokens.length < 3 || tokens.type(0) !== JourneyKw || tokens.type(1) !== StringLiteral || tokens.type(2) !== LBrace) {
    const { cst, errors } = parseCst(tokens.tokens(0, tokens.length), "journeyFile");
    for (const e of errors) report(e, undefined);
    return cst ? buildJourney(ctx, cst) : undefined;
  }
  // The journey's own closing brace: the file's last token when that is a "}" (so a missing or
  // extra brace inside stays inside), else where the brace depth first returns to zero. A second
  // `journey` after that point means the file holds two journeys: the first one ends there.
  let depth = 0;
  let firstClose = -1;
  let journeyAfterClose = false;
  for (let i = 2; i < tokens.length; i++) {
    const name = tokens.type(i).name;
    if (name === "LBrace") depth++;
    else if (name === "RBrace" && --depth === 0 && firstClose < 0) firstClose = i;
    else if (name === "Kw_journey" && firstClose >= 0) journeyAfterClose = true;
  }
  const last = tokens.length - 1;
  const close = tokens.type(last).name === "RBrace" && !journeyAfterClose ? last : firstClose;
  const bodyEnd = close >= 0 ? close : tokens.length;
  const starts = [0];
  for (let i = 3; i < bodyEnd; i++) {
    if (tokens.type(i).name !== "Kw_stage") continue;
    const prev = tokens.type(i - 1).name;
    if (prev !== "Kw_goal" && prev !== "Kw_in") starts.push(i);
  }
  starts.push(bodyEnd);
  const builder = new JourneyBuilder(ctx);
  for (let c = 0; c + 1 < starts.length; c++) {
    let from = starts[c]!;
    const to = starts[c + 1]!;
    const after = to < tokens.length ? tokens.token(to) : undefined;
    let rule: EntryRule = c === 0 ? "journeyHead" : "journeyItems";
    while (from < to) {
      // Token objects for this chunk only: they die with its CST.
      const chunk = tokens.tokens(from, to);
      const { cst, errors } = parseCst(chunk, rule);
      let resume = to;
      for (const e of errors) {
        if (e.name !== "NotAllInputParsedException") {
          report(e, after, to === close);
          continue;
        }
        // The items stopped at something that starts no item: report it, go on at the next item.
        const bad = e.token;
        ctx.diagnostics.push(
          ctx.source.diagnostic("JRN003", `Expected a declaration or a stage, found ${describeToken(bad)}.`, tokenSpan(bad), "Declarations and stages go between the journey's braces."),
        );
        const at = chunk.indexOf(bad);
        resume = at < 0 ? to : from + at + 1;
        while (resume < to && !ITEM_STARTS.has(tokens.type(resume).name)) resume++;
      }
      if (cst) builder.addItems(cst);
      from = resume;
      rule = "journeyItems";
    }
  }
  if (close < 0) {
    const end = tokens.length > 0 ? tokens.end(tokens.length - 1) : 0;
    // An unclosed inner block already reported the end of the file: one message is enough.
    if (!truncated && !ctx.diagnostics.some((d) => d.span.start === end)) {
      ctx.diagnostics.push(
        ctx.source.diagnostic("JRN003", 'Expected "}" to close the journey, found the end of the file.', { start: end, end }, 'Every "{" needs a matching "}".'),
      );
    }
  } else if (close + 1 < tokens.length) {
    const extra = tokens.token(close + 1);
    ctx.diagnostics.push(
      ctx.source.diagnostic("JRN003", `Unexpected "${extra.image}" after the end of the journey.`, tokenSpan(extra), "A file holds exactly one journey."),
    );
  }
  return builder.finish();
}

/** The start offset of the token before the one starting at `offset` (binary search), or -1. */
function startBefore(tokens: TokenList, offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens.start(mid) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? tokens.start(lo - 1) : -1;
}

/** `text` without trailing whitespace; most comments have none, and then no regex runs. */
function trimEnd(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last > 32 && last < 127 ? text : text.replace(/\s+$/, "");
}

function utf8Length(text: string): number {
  // Cheap bounds first: every UTF-16 unit is 1 to 3 UTF-8 bytes.
  if (text.length > MAX_SOURCE_BYTES) return text.length;
  if (text.length * 3 <= MAX_SOURCE_BYTES) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

interface NestingCut {
  readonly index: number;
  readonly token: IToken;
  readonly message: string;
  readonly hint: string;
}

/**
 * Finds the first token at which condition nesting (open parentheses plus the `not`s in front
 * of them) or brace nesting passes its limit. The parser recurses once per level, so the check
 * must happen on the flat token list, before parsing.
 */
function nestingCut(tokens: TokenList): NestingCut | undefined {
  const contributions: number[] = [];
  let parenDepth = 0;
  let pendingNots = 0;
  let braces = 0;
  for (let i = 0; i < tokens.length; i++) {
    const name = tokens.type(i).name;
    if (name === "LParen") {
      const c = pendingNots + 1;
      contributions.push(c);
      parenDepth += c;
      pendingNots = 0;
    } else if (name === "RParen") {
      parenDepth -= contributions.pop() ?? 0;
      pendingNots = 0;
    } else if (name === "Kw_not") {
      pendingNots++;
    } else {
      pendingNots = 0;
      if (name === "LBrace") braces++;
      else if (name === "RBrace") braces = Math.max(0, braces - 1);
    }
    if (parenDepth + pendingNots > MAX_CONDITION_DEPTH) {
      return {
        index: i,
        token: tokens.token(i),
        message: `This condition is nested too deeply (more than ${MAX_CONDITION_DEPTH} levels).`,
        hint: "Name parts of the condition as segments (`segment name = ...`) and refer to them.",
      };
    }
    if (braces > MAX_BLOCK_DEPTH) {
      return {
        index: i,
        token: tokens.token(i),
        message: `Blocks are nested too deeply (more than ${MAX_BLOCK_DEPTH} levels).`,
        hint: "Flatten nested splits.",
      };
    }
  }
  return undefined;
}

function describeToken(token: IToken): string {
  if (token.tokenType === EOF || !isRealToken(token)) return "the end of the file";
  const image = token.image.length > 30 ? `${token.image.slice(0, 30)}…` : token.image;
  return `"${image}"`;
}

/**
 * `eofToken`: the token after a chunk, which is what the parser really "found" at its end;
 * `eofIsClose` when that token is the journey's closing brace.
 */
function syntaxDiagnostic(source: Source, error: IRecognitionException, tokens: TokenList, eofToken?: IToken, eofIsClose = false): Diagnostic {
  const atChunkEnd = eofToken !== undefined && (error.token.tokenType === EOF || !isRealToken(error.token));
  const token = atChunkEnd ? eofToken : error.token;
  let span;
  if (isRealToken(token) && token.tokenType !== EOF) span = tokenSpan(token);
  else {
    const end = tokens.length > 0 ? tokens.end(tokens.length - 1) : 0;
    span = { start: end, end };
  }
  if (error.message.startsWith("Expected a type") && isRealToken(token) && token.tokenType !== EOF) {
    const atName = fieldWithoutType(source, tokens, token);
    if (atName) return atName;
  }
  const found = atChunkEnd && eofIsClose ? 'the journey\'s closing "}"' : describeToken(token);
  const message = error.name === "NotAllInputParsedException" ? `${error.message}.` : `${error.message}, found ${found}.`;
  return source.diagnostic("JRN003", message, span, syntaxHint(error, token));
}

function syntaxHint(error: IRecognitionException, token: IToken): string | undefined {
  const image = isRealToken(token) ? token.image : "";
  if (image && isReserved(image) && /name/.test(error.message)) {
    return `"${image}" is a reserved word; choose another name.`;
  }
  // Before the brace hint: `if n = 1` stops the parser where a "}" could go, but "=" is the slip.
  if (image === "=") return 'To compare, write "==" (or ">=", "<="); a single "=" is only for `segment` and `set`.';
  if (error.message.startsWith('Expected "}"')) return 'Every "{" needs a matching "}".';
  if (error.message.startsWith('Expected ")"')) return 'Every "(" needs a matching ")".';
  if (error.name === "NotAllInputParsedException") return "A file holds exactly one journey.";
  if (error.message.startsWith("Expected a declaration or a stage")) return "Declarations and stages go between the journey's braces.";
  const rule = error.context?.ruleStack?.[error.context.ruleStack.length - 1];
  return rule === undefined ? undefined : RULE_HINTS[rule];
}

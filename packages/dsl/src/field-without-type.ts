/**
 * A word alone on a field line (a misspelt `required`, a stray word) is read as the next
 * field's name, so the parser looks for its type on the following line and reports whatever
 * it finds there. This puts the report on the word itself.
 */
import type { IToken } from "chevrotain";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import type { TokenList } from "./lexer.js";
import type { Source } from "./source.js";
import { suggest } from "./suggest.js";

/**
 * The diagnostic for a missing field type found on a later line than the field name, at the
 * name; `undefined` when the type was looked for on the name's own line.
 *
 * @example
 * ```ts
 * fieldWithoutType(source, tokens, zToken); // 'Expected a type after "requird", found the end of the line.'
 * ```
 */
export function fieldWithoutType(source: Source, tokens: TokenList, found: IToken): Diagnostic | undefined {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens.start(mid) < found.startOffset) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return undefined;
  const span = { start: tokens.start(lo - 1), end: tokens.end(lo - 1) };
  if (source.lineColumn(span.start).line >= source.lineColumn(found.startOffset).line) return undefined;
  const image = tokens.image(lo - 1);
  const hint =
    suggest(image, ["required"]) !== undefined
      ? 'Did you mean "required"? A field is `name type [required]`.'
      : 'A field is `name type [required]`; types are text, number, yes/no, datetime, list of text and one of "a", "b".';
  return source.diagnostic("JRN003", `Expected a type after "${image}", found the end of the line.`, span, hint);
}

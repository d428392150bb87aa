/**
 * Reserved words written as the name of a customer field or an event property (`date datetime`,
 * `tag text`): reported once as such and read as names, so the rest of the block parses.
 * Without this the parser's recovery told the mistake as a missing "}" and then again as a
 * missing type on the next line.
 */
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { Identifier, isReservedType, type TokenList } from "./lexer.js";
import type { Source } from "./source.js";

/** Tokens that start a field's type (or the `:` of the `name: type` slip). */
const TYPE_STARTS = new Set(["Kw_text", "Kw_number", "Kw_yes_no", "Kw_datetime", "Kw_list", "Kw_one", "Colon"]);
/** Tokens after which a new field starts: the block's `{`, `required`, or the end of a type. */
const FIELD_ENDS = new Set(["LBrace", "Kw_required", "Kw_text", "Kw_number", "Kw_yes_no", "Kw_datetime", "String"]);

/**
 * Retypes, in `customer { }` and top-level `event NAME { }` blocks, a reserved word that stands
 * where a field name starts and is followed by a type, to a name, with one JRN003 each.
 *
 * @example
 * ```ts
 * retypeReservedFieldNames(source, tokens, diagnostics); // `date datetime` → '"date" is a reserved word ...'
 * ```
 */
export function retypeReservedFieldNames(source: Source, tokens: TokenList, diagnostics: Diagnostic[]): void {
  // The kind of each open block: "field" or "property" for field blocks, "" for the others.
  const blocks: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const name = tokens.type(i).name;
    if (name === "LBrace") {
      const prev = i >= 1 ? tokens.type(i - 1).name : "";
      const prev2 = i >= 2 ? tokens.type(i - 2).name : "";
      // The journey's own brace is depth 0; event declarations sit right inside it.
      // `stage customer {` is a stage that happens to be called "customer".
      if (prev === "Kw_customer" && prev2 !== "Kw_stage" && blocks.length === 1) blocks.push("field");
      else if (prev2 === "Kw_event" && blocks.length === 1) blocks.push("property");
      else blocks.push("");
      continue;
    }
    if (name === "RBrace") {
      blocks.pop();
      continue;
    }
    const what = blocks[blocks.length - 1];
    if (!what || i === 0 || i + 1 >= tokens.length) continue;
    const type = tokens.type(i);
    if (!isReservedType(type) || name === "Kw_required" || TYPE_STARTS.has(name)) continue;
    if (!FIELD_ENDS.has(tokens.type(i - 1).name) || !TYPE_STARTS.has(tokens.type(i + 1).name)) continue;
    const image = tokens.image(i);
    diagnostics.push(
      source.diagnostic(
        "JRN003",
        `"${image}" is a reserved word and cannot be a ${what} name.`,
        { start: tokens.start(i), end: tokens.end(i) },
        `Choose another name, such as "${image}_1".`,
      ),
    );
    tokens.retype(i, Identifier);
  }
}

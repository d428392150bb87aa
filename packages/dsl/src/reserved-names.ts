/**
 * Reserved words where a stage, segment, split, variant or event name stands (`stage second`,
 * `go to when`): reported once as JRN003 and read as that name, so one bad name does not derail
 * the rest of the file. The twin of reserved-field-names.ts, for the names that follow a keyword.
 */
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { Identifier, isReservedType, type TokenList } from "./lexer.js";
import type { Source } from "./source.js";

const NAME_AFTER: Record<string, string> = {
  Kw_stage: "a stage name",
  Kw_segment: "a segment name",
  Kw_split: "a split name",
  Kw_variant: "a variant name",
  Kw_event: "an event name",
};

/**
 * A reserved word where only a name can stand (`stage second`, `go to when`) is reported once
 * and read as that name, so one bad name does not derail the rest of the file.
 */
export function retypeReservedNames(source: Source, tokens: TokenList, diagnostics: Diagnostic[]): void {
  for (let i = 1; i < tokens.length; i++) {
    if (!isReservedType(tokens.type(i))) continue;
    const image = tokens.image(i);
    const prev = tokens.type(i - 1).name;
    const prev2 = i >= 2 ? tokens.type(i - 2).name : undefined;
    let what = NAME_AFTER[prev];
    if (prev === "Kw_stage" && (prev2 === "Kw_in" || image === "for")) what = undefined;
    if (prev === "Kw_to" && prev2 === "Kw_go") what = "a stage name";
    if (prev === "Kw_event" && (image === "with" || image === "for")) what = undefined;
    // `segment` and `variant` are names too (a field called `segment`, `event variant`): they
    // start a declaration only when the name after them is followed by "=" (`segment vip = ...`)
    // or by a weight (`variant a 50% {`).
    const next = i + 1 < tokens.length ? tokens.type(i + 1).name : undefined;
    if (prev === "Kw_segment" && next !== "Equals") what = undefined;
    if (prev === "Kw_variant" && next !== "Percent" && next !== "Number") what = undefined;
    if (!what) continue;
    diagnostics.push(
      source.diagnostic("JRN003", `"${image}" is a reserved word and cannot be ${what}.`, { start: tokens.start(i), end: tokens.end(i) }, `Choose another name, such as "${image}_1".`),
    );
    tokens.retype(i, Identifier);
  }
}

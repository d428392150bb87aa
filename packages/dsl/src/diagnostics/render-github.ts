/**
 * Diagnostics as GitHub Actions workflow commands, so CI shows them as annotations on the
 * pull request's diff: `::error file=shop.journey,line=9,col=11,title=JRN101::message`.
 */
import type { Diagnostic } from "./diagnostic.js";
import { SourceCache, type SourceLookup } from "./sources.js";

/** Escapes a command's message: `%`, CR and LF (GitHub's `escapeData`). */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a property value: as data, plus `:` and `,` (GitHub's `escapeProperty`). */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * Renders one workflow command per diagnostic, one per line. With `sources`, annotations also
 * carry `endLine` / `endColumn` so GitHub highlights the whole span. The hint follows the
 * message on a second line.
 *
 * @example
 * ```ts
 * process.stdout.write(renderGithub(diagnostics));
 * // ::error file=shop.journey,line=9,col=11,title=JRN101::Unknown stage "purchse". ...
 * ```
 */
export function renderGithub(diagnostics: readonly Diagnostic[], sources?: SourceLookup): string {
  const cache = new SourceCache(sources);
  return diagnostics
    .map((d) => {
      const props = [`file=${escapeGithubProperty(d.file)}`, `line=${d.line}`, `col=${d.column}`];
      const source = cache.get(d.file);
      if (source !== undefined) {
        const end = source.lineColumn(d.span.end);
        props.push(`endLine=${end.line}`, `endColumn=${end.column}`);
      }
      props.push(`title=${escapeGithubProperty(d.code)}`);
      const text = d.hint === undefined ? d.message : `${d.message}\nhelp: ${d.hint}`;
      return `::${d.severity} ${props.join(",")}::${escapeGithubData(text)}\n`;
    })
    .join("");
}

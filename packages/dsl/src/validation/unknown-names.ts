/**
 * Shared shape of the "unknown name" rules: one diagnostic per unresolved reference of a kind,
 * with a "Did you mean ...?" computed only for names that are actually unknown.
 */
import type { ReferenceKind } from "../bind.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import { didYouMean } from "../suggest.js";
import type { ValidationContext } from "./context.js";

export function reportUnknown(
  context: ValidationContext,
  kind: ReferenceKind,
  code: DiagnosticCode,
  noun: string,
  candidates: () => Iterable<string>,
  hint: (name: string) => string,
): void {
  for (const ref of context.referencesOf(kind)) {
    if (ref.resolved) continue;
    const name = ref.id.name;
    context.report(code, ref.id.loc, `Unknown ${noun} "${name}".${didYouMean(name, candidates())}`, hint(name));
  }
}

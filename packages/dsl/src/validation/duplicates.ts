/**
 * Shared shape of the "duplicate name" rules: every repeat of a name within one scope is
 * reported at the repeat, pointing back at the first definition as related information.
 */
import type { Identifier } from "../ast.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import type { ValidationContext } from "./context.js";

export function reportDuplicates(
  context: ValidationContext,
  names: Iterable<Identifier | undefined>,
  code: DiagnosticCode,
  message: (name: string) => string,
  hint: string,
): void {
  const first = new Map<string, Identifier>();
  for (const id of names) {
    if (id === undefined) continue;
    const seen = first.get(id.name);
    if (seen === undefined) first.set(id.name, id);
    else context.report(code, id.loc, message(id.name), hint, [{ message: "first defined here", span: seen.loc }]);
  }
}

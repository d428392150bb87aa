/**
 * Journey name
 *
 * A journey's name contains at least one letter or digit: the journey's id (the key of its
 * customers' state, metrics and idempotency keys) is derived from those characters.
 */
import type { ValidationContext } from "../context.js";

export function JourneyNameRule(context: ValidationContext): void {
  const name = context.bound.ast.name;
  if (name === undefined || /[\p{L}\p{N}]/u.test(name.value)) return;
  context.report("JRN123", name.loc, `The journey name "${name.value}" has no letter or digit.`, 'Name the journey with words, as in `journey "Welcome series" { ... }`: its id is made from them.');
}

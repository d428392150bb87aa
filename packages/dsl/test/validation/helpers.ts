/**
 * Test helpers for validation rules: parse inline source, run one rule (or all), and return
 * plain `{ code, message, line, column }` objects.
 */
import { parse } from "../../src/parse.js";
import type { ValidationRule } from "../../src/validation/context.js";
import { validate } from "../../src/validation/validate.js";

export interface Plain {
  code: string;
  message: string;
  line: number;
  column: number;
}

/** Diagnostics of `rules` on `text` (which must parse cleanly), as plain objects. */
export function check(text: string, rules?: readonly ValidationRule[]): Plain[] {
  const { ast, source, diagnostics } = parse(text, { file: "t.journey" });
  if (ast === undefined || diagnostics.length > 0) {
    throw new Error(`fixture does not parse: ${diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join("; ")}`);
  }
  const found = validate(ast, source, rules);
  for (const d of found) {
    if (d.hint === undefined || d.hint === "") throw new Error(`${d.code} has no hint`);
    if (!d.message.endsWith(".") && !d.message.endsWith("?")) throw new Error(`${d.code} message does not end a sentence`);
  }
  return found.map((d) => ({ code: d.code, message: d.message, line: d.line, column: d.column }));
}

/** Full diagnostics (for `related` and `severity` assertions). */
export function checkFull(text: string, rules?: readonly ValidationRule[]) {
  const { ast, source } = parse(text, { file: "t.journey" });
  return validate(ast!, source, rules);
}

/** Wraps stage lines into a minimal valid journey with common declarations. */
export function journey(body: string, head = ""): string {
  return `journey "T" {
  channels email
  customer {
    email text
    orders number
    plan one of "free", "pro"
    signed_up_at datetime
    interests list of text
    opted_in yes/no
  }
  event purchase {
    value number
    order_id text
  }
  event visit
${head}
${body}
}
`;
}

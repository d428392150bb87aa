/**
 * Walks over IR conditions shared by the compiler and the runtime.
 */
import type { Condition } from "./schema.js";

/**
 * Every event name a condition mentions (segments are excluded: events cannot appear in them).
 *
 * @example
 * ```ts
 * collectEvents({ kind: "or", any: [{ kind: "event", event: "purchase" }, { kind: "true" }] }, new Set());
 * // Set { "purchase" }
 * ```
 */
export function collectEvents(c: Condition, into: Set<string>): Set<string> {
  switch (c.kind) {
    case "event":
      into.add(c.event);
      break;
    case "and":
      for (const x of c.all) collectEvents(x, into);
      break;
    case "or":
      for (const x of c.any) collectEvents(x, into);
      break;
    case "not":
      collectEvents(c.cond, into);
      break;
    default:
      break;
  }
  return into;
}

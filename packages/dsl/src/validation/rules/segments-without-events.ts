/**
 * Segments without events
 *
 * A segment describes customers, not inputs: its condition does not mention `event X`.
 */
import type { ValidationContext } from "../context.js";
import { mentionedEvents } from "../../bind.js";
import type { Condition } from "../../ast.js";

function firstEventAtom(c: Condition | undefined): Condition | undefined {
  if (c === undefined) return undefined;
  switch (c.kind) {
    case "EventAtom":
      return c;
    case "And":
    case "Or":
      for (const o of c.operands) {
        const hit = firstEventAtom(o);
        if (hit !== undefined) return hit;
      }
      return undefined;
    case "Not":
      return firstEventAtom(c.operand);
    case "Paren":
      return firstEventAtom(c.expression);
    default:
      return undefined;
  }
}

export function SegmentsWithoutEventsRule(context: ValidationContext): void {
  for (const segment of context.bound.ast.segments) {
    if (mentionedEvents(segment.condition).size === 0) continue;
    const atom = firstEventAtom(segment.condition)!;
    context.report("JRN121", atom.loc, `Segment "${segment.name?.name ?? "?"}" mentions an event.`, "Keep events in transitions, goals and exit rules (`go to X when event buy and my_segment`); a segment only tests customer fields.");
  }
}

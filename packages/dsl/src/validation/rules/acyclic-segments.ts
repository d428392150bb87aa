/**
 * Acyclic segments
 *
 * A segment does not refer to itself, directly or through other segments (it could never be evaluated).
 */
import type { Condition, SegmentDecl } from "../../ast.js";
import type { ValidationContext } from "../context.js";

/** The segment names a condition refers to, in source order. */
export function segmentRefs(c: Condition | undefined, out: { name: string; loc: { start: number; end: number } }[] = []) {
  if (c === undefined) return out;
  switch (c.kind) {
    case "SegmentRef":
      out.push({ name: c.name.name, loc: c.name.loc });
      break;
    case "And":
    case "Or":
      for (const o of c.operands) segmentRefs(o, out);
      break;
    case "Not":
      segmentRefs(c.operand, out);
      break;
    case "Paren":
      segmentRefs(c.expression, out);
      break;
    default:
      break;
  }
  return out;
}

export function AcyclicSegmentsRule(context: ValidationContext): void {
  const { segments } = context.bound.symbols;
  // Depth-first search with colours: linear in segments + references.
  const state = new Map<string, "active" | "done">();
  const reported = new Set<string>();
  const visit = (name: string, decl: SegmentDecl): void => {
    state.set(name, "active");
    for (const ref of segmentRefs(decl.condition)) {
      const target = segments.get(ref.name);
      if (target === undefined) continue;
      const s = state.get(ref.name);
      if (s === "active") {
        if (!reported.has(name)) {
          reported.add(name);
          context.report("JRN120", ref.loc, `Segment "${name}" is defined in terms of itself through "${ref.name}".`, "Break the cycle: define one of these segments from customer fields only.", [
            { message: `segment "${ref.name}" is defined here`, span: target.name?.loc ?? target.loc },
          ]);
        }
      } else if (s === undefined) visit(ref.name, target);
    }
    state.set(name, "done");
  };
  for (const [name, decl] of segments) if (!state.has(name)) visit(name, decl);
}

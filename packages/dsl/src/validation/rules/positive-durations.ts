/**
 * Positive durations
 *
 * Every duration (`after`, `every`, `inactive for`, `in stage for`, `ago`, `reentry after`) is longer than zero.
 */
import type { Duration, Node } from "../../ast.js";
import type { ValidationContext } from "../context.js";

export function PositiveDurationsRule(context: ValidationContext): void {
  for (const d of collectDurations(context.bound.ast)) {
    if (d.value > 0 && d.ms > 0) continue;
    context.report("JRN402", d.loc, `The duration "${d.value} ${d.unit}s" is not positive.`, "Use a duration of at least 1, e.g. `1 day`.");
  }
}

/** Every Duration node in the tree (a generic walk: durations sit in many node kinds). */
function collectDurations(root: Node): Duration[] {
  const out: Duration[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const x of node) stack.push(x);
    } else if (node !== null && typeof node === "object") {
      const n = node as { kind?: unknown };
      if (n.kind === "Duration") out.push(node as Duration);
      else for (const [key, v] of Object.entries(node)) if (key !== "loc" && key !== "items") stack.push(v);
    }
  }
  return out.sort((a, b) => a.loc.start - b.loc.start);
}

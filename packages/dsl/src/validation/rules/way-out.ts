/**
 * A way out
 *
 * A stage that is not `terminal` has at least one transition or `go to` action; otherwise
 * customers who enter it stay forever.
 */
import type { ValidationContext } from "../context.js";

export function WayOutRule(context: ValidationContext): void {
  for (const [name, stage] of context.bound.symbols.stages) {
    if (stage.terminal || (context.bound.edges.get(name) ?? []).length > 0) continue;
    context.report("JRN304", stage.name?.loc ?? stage.loc, `Stage "${name}" has no way out.`, `Add a transition (\`go to ... when ...\`), or mark it \`terminal\` if customers finish here.`);
  }
}

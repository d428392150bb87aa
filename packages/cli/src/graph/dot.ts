/**
 * Graphviz DOT source for a journey's stage graph (`dot -Tsvg journey.dot > journey.svg`).
 */
import type { JourneyIR } from "@journeys/dsl";
import { describeCondition, stageEdges } from "./describe.js";

/**
 * Renders the stages and transitions of a compiled journey as a DOT digraph. Terminal stages
 * are double-bordered, `go to` actions are dashed edges, the initial stage has an entry arrow.
 *
 * @example
 * ```ts
 * writeFileSync("shop.dot", renderDot(ir));
 * ```
 */
export function renderDot(ir: JourneyIR): string {
  const lines = [
    `digraph ${quote(ir.journey.name)} {`,
    "  rankdir=LR;",
    '  node [shape=box, style=rounded, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  if (ir.goal) lines.push(`  // goal: ${ir.goal.kind === "stage" ? `stage ${ir.goal.stage}` : comment(describeCondition(ir.goal.when))}`);
  for (const exit of ir.exit) lines.push(`  // exit when ${comment(describeCondition(exit))}`);
  lines.push('  "__start" [shape=point, label=""];');
  for (const stage of ir.stages) {
    const attrs = [`label=${quote(stage.label ?? stage.name)}`];
    if (stage.terminal) attrs.push("peripheries=2");
    lines.push(`  ${quote(stage.name)} [${attrs.join(", ")}];`);
  }
  lines.push(`  "__start" -> ${quote(ir.initial)};`);
  for (const edge of stageEdges(ir)) {
    const attrs = [`label=${quote(edge.viaAction ? `go to, ${edge.label}` : edge.label)}`];
    if (edge.viaAction) attrs.push("style=dashed");
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [${attrs.join(", ")}];`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** A DOT quoted id: backslashes and quotes escaped, newlines folded. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, " ")}"`;
}

function comment(text: string): string {
  return text.replace(/\r?\n/g, " ");
}

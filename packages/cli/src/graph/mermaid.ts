/**
 * Mermaid `stateDiagram-v2` source for a journey's stage graph, ready to paste into a Markdown
 * fence (GitHub renders it).
 */
import type { JourneyIR } from "@journeys/dsl";
import { describeCondition, stageEdges } from "./describe.js";

/**
 * Renders the stages and transitions of a compiled journey as Mermaid.
 *
 * @example
 * ```ts
 * const { ir } = compile(text, { file });
 * process.stdout.write(renderMermaid(ir!));
 * // stateDiagram-v2
 * //   [*] --> welcome
 * //   welcome --> cart: event cart_abandoned
 * ```
 */
export function renderMermaid(ir: JourneyIR): string {
  const ids = stageIds(ir);
  const id = (stage: string) => ids.get(stage) ?? safeId(stage);
  const lines = ["stateDiagram-v2", `  %% ${oneLine(ir.journey.name)} (version ${ir.journey.version})`];
  if (ir.goal) lines.push(`  %% goal: ${ir.goal.kind === "stage" ? `stage ${ir.goal.stage}` : oneLine(describeCondition(ir.goal.when))}`);
  for (const exit of ir.exit) lines.push(`  %% exit when ${oneLine(describeCondition(exit))}`);
  for (const stage of ir.stages) {
    lines.push(`  state "${label(stage.label ?? stage.name)}" as ${id(stage.name)}`);
  }
  lines.push(`  [*] --> ${id(ir.initial)}`);
  for (const edge of stageEdges(ir)) {
    const text = edge.viaAction ? `go to, ${edge.label}` : edge.label;
    lines.push(`  ${id(edge.from)} --> ${id(edge.to)}: ${label(text)}`);
  }
  for (const stage of ir.stages) {
    if (stage.terminal) lines.push(`  ${id(stage.name)} --> [*]`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Stage names are Mermaid ids when they are plain ASCII identifiers; others get `s<n>`, skipping
 * any id a stage already holds by name (a stage named `s1` and a stage `인지` must stay apart).
 */
function stageIds(ir: JourneyIR): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const stage of ir.stages) {
    if (PLAIN_ID.test(stage.name) && !KEYWORD.test(stage.name)) {
      ids.set(stage.name, stage.name);
      taken.add(stage.name);
    }
  }
  let next = 0;
  for (const stage of ir.stages) {
    if (ids.has(stage.name)) continue;
    while (taken.has(`s${next}`)) next++;
    ids.set(stage.name, `s${next}`);
    taken.add(`s${next}`);
  }
  return ids;
}

const PLAIN_ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Names Mermaid's state-diagram lexer reads as keywords at the start of a line (case-insensitively;
 * `default` even as the start of a longer name): such a stage gets a generated id too.
 */
const KEYWORD = /^(?:(?:note|state|class|classdef|scale)$|default)/i;

function safeId(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, "_");
}

/**
 * Mermaid ends a statement at `;` and a line at a newline; `"` would end a state label; a second
 * `:` on a transition line ends its label and breaks the diagram; and a renderer with HTML labels
 * would read `<` and `&` as the start of markup, so those become Mermaid's entity codes (after
 * `#` is rewritten, so the codes' own `#` survives). A lone `>` opens nothing and stays readable
 * (`value > 100`).
 */
function label(text: string): string {
  return oneLine(text)
    .replace(/;/g, ",")
    .replace(/"/g, "'")
    .replace(/#/g, "no. ")
    .replace(/&/g, "#amp;")
    .replace(/</g, "#lt;")
    .replace(/:/g, "#58;");
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

/**
 * Readable text for IR conditions and durations, in the words of the `.journey` language:
 * `event purchase with value > 100`, `inactive for 60 days`, `after 7 days`. Used for diagram
 * labels and the run report; the text is for people, not a round-trip format.
 */
import type { JourneyIR } from "@journeys/dsl";

type Stage = JourneyIR["stages"][number];
/** The IR condition type, derived so this module depends only on the exported `JourneyIR`. */
export type Condition = Stage["transitions"][number]["when"];
type Action = Stage["onEnter"][number];
type Literal = string | number | boolean;

const UNITS: ReadonlyArray<readonly [number, string]> = [
  [86_400_000, "day"],
  [3_600_000, "hour"],
  [60_000, "minute"],
  [1_000, "second"],
];

/**
 * A duration in milliseconds as the language writes it, in the largest unit that divides it
 * exactly (days rather than weeks: marketers count "60 days").
 *
 * @example
 * ```ts
 * describeDuration(7_200_000); // "2 hours"
 * ```
 */
export function describeDuration(ms: number): string {
  for (const [size, unit] of UNITS) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return `${n} ${unit}${n === 1 ? "" : "s"}`;
    }
  }
  return `${ms} ms`;
}

/**
 * A condition as readable text. A top-level `in stage for D` reads `after D`, as it is written
 * in `go to X after D`.
 *
 * @example
 * ```ts
 * describeCondition({ kind: "inactive", ms: 60 * 86_400_000 }); // "inactive for 60 days"
 * ```
 */
export function describeCondition(cond: Condition): string {
  if (cond.kind === "inStage") return `after ${describeDuration(cond.ms)}`;
  return text(cond, false);
}

function text(cond: Condition, inEvent: boolean): string {
  switch (cond.kind) {
    case "true":
      return "always";
    case "and":
      return cond.all.map((c) => group(c, inEvent, "or")).join(" and ");
    case "or":
      return cond.any.map((c) => text(c, inEvent)).join(" or ");
    case "not":
      return `not ${group(cond.cond, inEvent, "and", "or")}`;
    case "compare":
      return `${ref(cond.ref, inEvent)} ${cond.op} ${literal(cond.value, cond.valueType === "datetime")}`;
    case "in":
      return `${ref(cond.ref, inEvent)} ${cond.negated ? "not in" : "in"} (${cond.values.map((v) => literal(v, false)).join(", ")})`;
    case "contains":
      return `${ref(cond.ref, inEvent)} contains ${literal(cond.value, false)}`;
    case "isSet":
      return `${ref(cond.ref, inEvent)} is ${cond.negated ? "not set" : "set"}`;
    case "ago":
      return `${ref(cond.ref, inEvent)} ${cond.op === "moreThan" ? "more" : "less"} than ${describeDuration(cond.ms)} ago`;
    case "event":
      return cond.where ? `event ${cond.event} with ${text(cond.where, true)}` : `event ${cond.event}`;
    case "segment":
      return cond.name;
    case "inactive":
      return `inactive for ${describeDuration(cond.ms)}`;
    case "inStage":
      return `in stage for ${describeDuration(cond.ms)}`;
  }
}

function group(cond: Condition, inEvent: boolean, ...kinds: Condition["kind"][]): string {
  const inner = text(cond, inEvent);
  return kinds.includes(cond.kind) ? `(${inner})` : inner;
}

function ref(r: { source: "customer" | "event"; field: string }, inEvent: boolean): string {
  return r.source === "event" && !inEvent ? `event.${r.field}` : r.field;
}

function literal(value: Literal, isDate: boolean): string {
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return String(value);
  const quoted = JSON.stringify(value);
  return isDate ? `date ${quoted}` : quoted;
}

/** An edge of the stage graph: a transition, or a `go to` action inside a block. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** True for a `go to` action (drawn dashed where the format allows). */
  readonly viaAction: boolean;
}

/**
 * Every edge of a journey's stage graph, stage by stage in source order: the stage's
 * transitions, then its `go to` actions labelled with the block they sit in.
 *
 * @example
 * ```ts
 * stageEdges(ir).map((e) => `${e.from} -> ${e.to}: ${e.label}`);
 * ```
 */
export function stageEdges(ir: JourneyIR): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const stage of ir.stages) {
    for (const t of stage.transitions) {
      edges.push({ from: stage.name, to: t.target, label: describeCondition(t.when), viaAction: false });
    }
    const blocks: Array<[string, readonly Action[]]> = [
      ["on enter", stage.onEnter],
      ["on exit", stage.onExit],
      ...stage.after.map((b): [string, readonly Action[]] => [`after ${describeDuration(b.ms)}`, b.actions]),
      ...stage.every.map((b): [string, readonly Action[]] => [`every ${describeDuration(b.ms)}`, b.actions]),
      ...stage.onEvent.map((b): [string, readonly Action[]] => [
        `on ${describeCondition(b.where ? { kind: "event", event: b.event, where: b.where } : { kind: "event", event: b.event })}`,
        b.actions,
      ]),
    ];
    for (const [where, actions] of blocks) collectGotos(stage.name, where, actions, edges);
  }
  return edges;
}

function collectGotos(from: string, where: string, actions: readonly Action[], out: GraphEdge[]): void {
  for (const action of actions) {
    const guard = action.when ? ` if ${text(action.when, false)}` : "";
    if (action.kind === "goto") out.push({ from, to: action.target, label: `${where}${guard}`, viaAction: true });
    if (action.kind === "split") {
      for (const variant of action.variants) {
        collectGotos(from, `${where}, split ${action.name} variant ${variant.name}${guard}`, variant.actions, out);
      }
    }
  }
}

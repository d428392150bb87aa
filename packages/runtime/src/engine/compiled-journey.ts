/**
 * A journey version prepared for evaluation: stage names resolved to indices, every condition
 * compiled to a closure once, the time atoms of each stage collected for its wake timer.
 */
import { JourneyIRSchema, type Action, type JourneyIR, type ValueExpr } from "../ir.js";
import { JourneyRuntimeError } from "../errors.js";
import { collectEvents } from "../ir.js";
import { collectTimeAtoms, ConditionCompiler, type Pred, type TimeAtom } from "./conditions.js";

export type CAction =
  | { kind: "send"; id: string; channel: string; template: string; data: [string, ValueExpr][]; when: Pred | null }
  | { kind: "tag" | "untag"; id: string; tag: string; when: Pred | null }
  | { kind: "set"; id: string; field: string; value: ValueExpr; when: Pred | null }
  | { kind: "add"; id: string; field: string; amount: number; when: Pred | null }
  | { kind: "goto"; id: string; target: number; when: Pred | null }
  | { kind: "split"; id: string; name: string; variants: CVariant[]; when: Pred | null };

export interface CVariant {
  name: string;
  weight: number;
  control: boolean;
  actions: CAction[];
}

export interface CBlock {
  id: string;
  ms: number;
  actions: CAction[];
}

export interface CTransition {
  id: string;
  target: number;
  when: Pred;
  /** Mentions an event: tried only while one of `events` is the input (IR `eventDriven`). */
  eventDriven: boolean;
  events: ReadonlySet<string>;
  /** The history reason of a move it makes, built once (a flat string; see the history codec). */
  reason: string;
}

export interface CStage {
  index: number;
  name: string;
  terminal: boolean;
  keepsEntryEvent: boolean;
  /** The history reasons of its `on enter` / `on exit` actions, built once. */
  enterReason: string;
  exitReason: string;
  onEnter: CAction[];
  onExit: CAction[];
  after: CBlock[];
  every: CBlock[];
  onEvent: { id: string; event: string; where: Pred | null; actions: CAction[] }[];
  transitions: CTransition[];
  /** Time atoms of this stage's transitions plus the journey's exit rules and goal. */
  timeAtoms: TimeAtom[];
  /** Time atoms of the goal condition only (dropped once the goal is reached). */
  goalTimeAtoms: TimeAtom[];
}

export interface CompiledJourney {
  ir: JourneyIR;
  id: string;
  version: number;
  stages: CStage[];
  stageIndex: Map<string, number>;
  initial: number;
  enroll: Pred | null;
  exit: Pred[];
  goalWhen: Pred | null;
  goalStage: number;
}

/**
 * Validate an IR (zod) and compile it.
 *
 * @example
 * ```ts
 * const cj = compileJourney(ir); // throws JourneyRuntimeError("INVALID_JOURNEY") on a bad IR
 * ```
 */
export function compileJourney(input: unknown): CompiledJourney {
  const parsed = JourneyIRSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new JourneyRuntimeError("INVALID_JOURNEY", `Invalid journey IR: ${issues[0]?.path ?? ""} ${issues[0]?.message ?? ""}`.trim(), issues);
  }
  const ir = parsed.data;
  const stageIndex = new Map<string, number>();
  ir.stages.forEach((s, i) => {
    if (stageIndex.has(s.name)) throw new JourneyRuntimeError("INVALID_JOURNEY", `Duplicate stage "${s.name}".`);
    stageIndex.set(s.name, i);
  });
  const resolve = (name: string): number => {
    const i = stageIndex.get(name);
    if (i === undefined) throw new JourneyRuntimeError("INVALID_JOURNEY", `Unknown stage "${name}".`, [{ path: "stages", message: `unknown stage "${name}"` }]);
    return i;
  };
  const cc = new ConditionCompiler(ir.segments);
  const when = (c: Action["when"]) => (c === undefined ? null : cc.compile(c));
  const action = (a: Action): CAction => {
    switch (a.kind) {
      case "send":
        return { kind: "send", id: a.id, channel: a.channel, template: a.template, data: Object.entries(a.data), when: when(a.when) };
      case "tag":
      case "untag":
        return { kind: a.kind, id: a.id, tag: a.tag, when: when(a.when) };
      case "set":
        return { kind: "set", id: a.id, field: a.field, value: a.value, when: when(a.when) };
      case "add":
        return { kind: "add", id: a.id, field: a.field, amount: a.amount, when: when(a.when) };
      case "goto":
        return { kind: "goto", id: a.id, target: resolve(a.target), when: when(a.when) };
      case "split":
        return {
          kind: "split",
          id: a.id,
          name: a.name,
          when: when(a.when),
          variants: a.variants.map((v) => ({ name: v.name, weight: v.weight, control: v.control, actions: v.actions.map(action) })),
        };
    }
  };
  const goalCond = ir.goal?.kind === "condition" ? ir.goal.when : undefined;
  const globalAtoms = ir.exit.flatMap((c) => collectTimeAtoms(c, ir.segments));
  const goalTimeAtoms = collectTimeAtoms(goalCond, ir.segments);
  const stages: CStage[] = ir.stages.map((s, index) => ({
    index,
    name: s.name,
    terminal: s.terminal,
    keepsEntryEvent: s.keepsEntryEvent,
    enterReason: `on enter of "${s.name}"`,
    exitReason: `on exit of "${s.name}"`,
    onEnter: s.onEnter.map(action),
    onExit: s.onExit.map(action),
    after: s.after.map((b) => ({ id: b.id, ms: b.ms, actions: b.actions.map(action) })),
    every: s.every.map((b) => ({ id: b.id, ms: b.ms, actions: b.actions.map(action) })),
    onEvent: s.onEvent.map((b) => ({ id: b.id, event: b.event, where: b.where === undefined ? null : cc.compile(b.where, true), actions: b.actions.map(action) })),
    transitions: s.transitions.map((t) => ({ id: t.id, target: resolve(t.target), when: cc.compile(t.when), eventDriven: t.eventDriven, events: collectEvents(t.when, new Set()), reason: `transition ${t.id}` })),
    // Event-driven transitions only fire on their event, so time alone never fires them.
    timeAtoms: [...s.transitions.filter((t) => !t.eventDriven).flatMap((t) => collectTimeAtoms(t.when, ir.segments)), ...globalAtoms],
    goalTimeAtoms,
  }));
  return {
    ir,
    id: ir.journey.id,
    version: ir.journey.version,
    stages,
    stageIndex,
    initial: resolve(ir.initial),
    enroll: ir.enroll === undefined ? null : cc.compile(ir.enroll),
    exit: ir.exit.map((c) => cc.compile(c)),
    goalWhen: goalCond === undefined ? null : cc.compile(goalCond),
    goalStage: ir.goal?.kind === "stage" ? resolve(ir.goal.stage) : -1,
  };
}

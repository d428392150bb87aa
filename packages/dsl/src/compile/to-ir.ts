/**
 * Bound AST → JourneyIR (`ir/schema.ts`). Only called on journeys with no error diagnostics;
 * the output is deterministic, so action ids are stable across compiles of the same source.
 *
 * Ids: a block is `<stage>/enter`, `<stage>/exit`, `<stage>/after:<N><unit>`,
 * `<stage>/every:<N><unit>`, `<stage>/event:<name>` (units s, m, h, d, w; a repeated block key
 * in one stage gets `#2`, `#3`, ...). An action is `<block>/<index>`; an action inside a split
 * arm is `<split action id>/split:<split>/<arm>/<index>`. A transition is `<stage>/transition/<index>`.
 */
import type * as AST from "../ast.js";
import type { BoundJourney } from "../bind.js";
import { declaredType } from "../bind.js";
import { IR_VERSION, type Action, type EventBlock, type FieldType, type JourneyIR, type Stage, type TimedBlock } from "../ir/schema.js";
import { mentionsEvent, need, readsEntryEvent, toCondition, toValue } from "./to-ir-conditions.js";

const UNIT_LETTER: Record<AST.DurationUnit, string> = { second: "s", minute: "m", hour: "h", day: "d", week: "w" };

/**
 * A journey id from its name: Unicode letters and digits kept (lowercased), every other run of
 * characters becomes one `-`.
 *
 * @example
 * ```ts
 * journeyId("E-commerce lifecycle"); // "e-commerce-lifecycle"
 * journeyId("고객 여정 2024");        // "고객-여정-2024"
 * ```
 */
export function journeyId(name: string): string {
  const slug = name.normalize("NFC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");
  return slug === "" ? "journey" : slug;
}

function fieldType(decl: AST.FieldDecl): FieldType {
  const t = need(declaredType(decl.type, decl.required), `type of "${decl.name.name}"`);
  return t.valueType === "enum" ? { type: "enum", required: t.required, values: [...t.values] } : { type: t.valueType, required: t.required };
}

function fieldRecord(decls: readonly AST.FieldDecl[]): Record<string, FieldType> {
  const out: Record<string, FieldType> = Object.create(null);
  for (const d of decls) out[d.name.name] = fieldType(d);
  return out;
}

/**
 * Compiles a bound, error-free journey to the IR.
 *
 * @example
 * ```ts
 * const ir = toIR(bind(ast, source));
 * JourneyIRSchema.parse(ir); // always passes for a journey without error diagnostics
 * ```
 */
export function toIR(bound: BoundJourney): JourneyIR {
  const { ast } = bound;
  const name = need(ast.name, "journey name").value;
  const events: Record<string, Record<string, FieldType>> = Object.create(null);
  for (const e of ast.events) events[need(e.name, "event name").name] = fieldRecord(e.properties);
  const segments: JourneyIR["segments"] = Object.create(null);
  for (const s of ast.segments) segments[need(s.name, "segment name").name] = toCondition(s.condition);
  const goal = ast.goals[0];
  const initial = need(ast.stages.find((s) => s.initial)?.name, "initial stage").name;

  const ir: JourneyIR = {
    irVersion: IR_VERSION,
    journey: {
      id: journeyId(name),
      name,
      version: ast.version?.value ?? 1,
      ...(ast.description === undefined ? {} : { description: ast.description.value }),
    },
    channels: [...new Set(ast.channels.map((c) => c.name))],
    customer: fieldRecord(ast.customer),
    events,
    segments,
    exit: ast.exits.map((e) => toCondition(e.condition)),
    reentry:
      ast.reentry?.policy === "always"
        ? { kind: "always" }
        : ast.reentry?.policy === "after"
          ? { kind: "after", ms: need(ast.reentry.duration, "reentry duration").ms }
          : { kind: "never" },
    holdout: ast.holdout?.percent?.value ?? 0,
    initial,
    stages: ast.stages.map(toStage),
  };
  if (ast.enroll !== undefined) ir.enroll = toCondition(ast.enroll.condition);
  if (goal !== undefined) {
    ir.goal = goal.stage !== undefined ? { kind: "stage", stage: goal.stage.name } : { kind: "condition", when: toCondition(goal.condition) };
  }
  return ir;
}

function toStage(stage: AST.Stage): Stage {
  const name = need(stage.name, "stage name").name;
  const onEnter: Action[] = [];
  const onExit: Action[] = [];
  const after: TimedBlock[] = [];
  const every: TimedBlock[] = [];
  const onEvent: EventBlock[] = [];
  const keyCount = new Map<string, number>();
  const blockId = (key: string): string => {
    const n = (keyCount.get(key) ?? 0) + 1;
    keyCount.set(key, n);
    return n === 1 ? `${name}/${key}` : `${name}/${key}#${n}`;
  };

  for (const block of stage.blocks) {
    const t = block.trigger;
    switch (t.kind) {
      case "EnterTrigger":
        onEnter.push(...toActions(block.actions, `${name}/enter`, onEnter.length));
        break;
      case "ExitTrigger":
        onExit.push(...toActions(block.actions, `${name}/exit`, onExit.length));
        break;
      case "AfterTrigger":
      case "EveryTrigger": {
        const d = need(t.duration, "duration");
        const id = blockId(`${t.kind === "AfterTrigger" ? "after" : "every"}:${d.value}${UNIT_LETTER[d.unit]}`);
        (t.kind === "AfterTrigger" ? after : every).push({ id, ms: d.ms, actions: toActions(block.actions, id, 0) });
        break;
      }
      case "EventTrigger": {
        const event = need(t.event, "event name").name;
        const id = blockId(`event:${event}`);
        const eb: EventBlock = { id, event, actions: toActions(block.actions, id, 0) };
        if (t.where !== undefined) eb.where = toCondition(t.where);
        onEvent.push(eb);
        break;
      }
    }
  }

  const transitions = stage.transitions.map((t, i) => {
    const when = t.when !== undefined ? toCondition(t.when) : { kind: "inStage" as const, ms: need(t.after, "duration").ms };
    return { id: `${name}/transition/${i}`, target: need(t.target, "target").name, when, eventDriven: mentionsEvent(when) };
  });

  const keepsEntryEvent = [onEnter, ...after.map((b) => b.actions), ...every.map((b) => b.actions)].some((list) => list.some(actionReadsEvent));
  const out: Stage = { name, terminal: stage.terminal, onEnter, onExit, after, every, onEvent, transitions, keepsEntryEvent };
  if (stage.label !== undefined) out.label = stage.label.value;
  if (stage.description !== undefined) out.description = stage.description.value;
  return out;
}

function toActions(list: readonly AST.Action[], prefix: string, start: number): Action[] {
  return list.map((a, i) => toAction(a, `${prefix}/${start + i}`));
}

function toAction(a: AST.Action, id: string): Action {
  let action: Action;
  switch (a.kind) {
    case "Send": {
      const data: Record<string, ReturnType<typeof toValue>> = Object.create(null);
      for (const pair of a.data ?? []) data[pair.key.name] = toValue(pair.value);
      action = { kind: "send", id, channel: need(a.channel, "channel").name, template: need(a.template, "template").value, data };
      break;
    }
    case "Tag":
      action = { kind: "tag", id, tag: need(a.tag, "tag").value };
      break;
    case "Untag":
      action = { kind: "untag", id, tag: need(a.tag, "tag").value };
      break;
    case "Set":
      action = { kind: "set", id, field: need(a.field, "field").name, value: toValue(a.value) };
      break;
    case "Add":
      action = { kind: "add", id, field: need(a.field, "field").name, amount: need(a.amount, "amount").value };
      break;
    case "GoTo":
      action = { kind: "goto", id, target: need(a.target, "target").name };
      break;
    case "Split": {
      const split = need(a.name, "split name").name;
      return {
        kind: "split",
        id,
        name: split,
        variants: a.arms.map((arm) => {
          const weight = need(arm.weight, "weight").value;
          if (arm.kind === "Control") return { name: "control", weight, control: true, actions: [] };
          const arm_ = need(arm.name, "variant name").name;
          return { name: arm_, weight, control: false, actions: toActions(arm.actions, `${id}/split:${split}/${arm_}`, 0) };
        }),
      };
    }
  }
  const guard = a.guard;
  if (guard !== undefined) {
    const c = toCondition(guard.condition);
    action.when = guard.keyword === "unless" ? { kind: "not", cond: c } : c;
  }
  return action;
}

function actionReadsEvent(a: Action): boolean {
  if (readsEntryEvent(a.when)) return true;
  switch (a.kind) {
    case "send":
      return Object.values(a.data).some((v) => v.kind === "ref" && v.ref.source === "event");
    case "set":
      return a.value.kind === "ref" && a.value.ref.source === "event";
    case "split":
      return a.variants.some((v) => v.actions.some(actionReadsEvent));
    default:
      return false;
  }
}

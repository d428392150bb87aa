/**
 * CST → AST: walks the Chevrotain CST of a whole file and builds the readonly `Journey`.
 *
 * It accepts the partial CSTs that error recovery leaves: missing pieces become `undefined`
 * fields (or are left out of lists), never a throw. It also reports what only shows at this
 * level: duplicated singular lines (JRN007) and stage items outside a stage (JRN003).
 */
import type { CstNode } from "chevrotain";
import type * as A from "./ast.js";
import {
  type BuildContext,
  condition,
  duration,
  identifier,
  numberLiteral,
  propCondition,
  stringLiteral,
  value,
  weight,
} from "./ast-builder-conditions.js";
import { child, children, nodeSpan, token, tokens, tokenSpan } from "./cst-access.js";

export type { BuildContext };

/**
 * Builds a `Journey` from one or more CST nodes holding `journeyItem`s (a whole `journeyFile`,
 * or a `journeyHead` followed by `journeyItems` chunks), so each chunk's CST can be dropped as
 * soon as it is read.
 *
 * @example
 * ```ts
 * const builder = new JourneyBuilder({ source, diagnostics });
 * builder.addItems(parseCst(lex(text).tokens).cst!);
 * const journey = builder.finish();
 * ```
 */
export class JourneyBuilder {
  private readonly items: A.JourneyItem[] = [];
  private pendingStray: { stage: MutableStage; bodyless: boolean; reported: boolean } | undefined;
  private name: A.StringLiteral | undefined;

  constructor(private readonly ctx: BuildContext) {}

  /** Reads the journey name (when `node` has it) and every `journeyItem` of `node`. */
  addItems(node: CstNode): void {
    const ctx = this.ctx;
    this.name ??= stringLiteral(ctx, token(node, "String"));
    for (const itemNode of children(node, "journeyItem")) {
      const stray = child(itemNode, "strayStageItem");
      if (stray) {
        const item = strayItem(ctx, stray);
        const pending = this.pendingStray;
        if (item && !pending?.reported) reportStray(ctx, item, pending);
        if (item && pending) {
          pushStageItem(pending.stage, item);
          // One missing brace is one mistake: the items after it are not reported again.
          pending.reported = true;
        }
        continue;
      }
      const item = journeyItem(ctx, itemNode);
      if (!item) continue;
      this.items.push(item);
      this.pendingStray =
        item.kind === "Stage"
          ? { stage: item as MutableStage, bodyless: token(child(itemNode, "stage"), "LBrace") === undefined, reported: false }
          : undefined;
    }
  }

  finish(): A.Journey {
    return assembleJourney(this.ctx, this.name, this.items);
  }
}

/** Builds the AST of a whole `journeyFile` CST node. */
export function buildJourney(ctx: BuildContext, node: CstNode): A.Journey {
  const builder = new JourneyBuilder(ctx);
  builder.addItems(node);
  return builder.finish();
}

function assembleJourney(ctx: BuildContext, name: A.StringLiteral | undefined, items: A.JourneyItem[]): A.Journey {
  const of = <K extends A.JourneyItem["kind"]>(kind: K) =>
    items.filter((i): i is Extract<A.JourneyItem, { kind: K }> => i.kind === kind);
  const single = <K extends A.JourneyItem["kind"]>(kind: K, word: string) => {
    const all = of(kind);
    for (const duplicate of all.slice(1)) {
      ctx.diagnostics.push({
        ...ctx.source.diagnostic("JRN007", `Duplicate "${word}" line.`, duplicate.loc, `A journey has one "${word}" line; remove this one.`),
        related: [{ message: `First "${word}" here.`, file: ctx.source.file, span: all[0]!.loc, ...ctx.source.lineColumn(all[0]!.loc.start) }],
      });
    }
    return all[0];
  };
  return {
    kind: "Journey",
    name,
    version: single("VersionDecl", "version")?.value,
    description: single("DescriptionDecl", "description")?.value,
    channels: of("ChannelsDecl").flatMap((c) => c.channels),
    customer: of("CustomerDecl").flatMap((c) => c.fields),
    events: of("EventDecl"),
    segments: of("SegmentDecl"),
    enroll: single("EnrollDecl", "enroll"),
    goals: of("GoalDecl"),
    exits: of("ExitDecl"),
    reentry: single("ReentryDecl", "reentry"),
    holdout: single("HoldoutDecl", "holdout"),
    stages: of("Stage"),
    items,
    loc: { start: 0, end: ctx.source.text.length },
  };
}

function journeyItem(ctx: BuildContext, node: CstNode): A.JourneyItem | undefined {
  const [key, sub] = firstChild(node);
  if (!sub) return undefined;
  const loc = nodeSpan(sub);
  switch (key) {
    case "versionDecl": {
      const num = numberLiteral(ctx, token(sub, "Number"));
      if (num && (!Number.isSafeInteger(num.value) || num.value < 1)) {
        ctx.diagnostics.push(ctx.source.diagnostic("JRN006", `Invalid version "${ctx.source.text.slice(num.loc.start, num.loc.end)}": versions are positive whole numbers.`, num.loc, "Write `version 2`."));
      }
      return { kind: "VersionDecl", value: num, loc };
    }
    case "descriptionDecl":
      return { kind: "DescriptionDecl", value: stringLiteral(ctx, token(sub, "String")), loc };
    case "channelsDecl": {
      const channels = tokens(sub, "Identifier").map((t) => identifier(t)!);
      return { kind: "ChannelsDecl", channels, loc };
    }
    case "customerDecl":
      return { kind: "CustomerDecl", fields: fields(ctx, sub), loc };
    case "eventDecl":
      return { kind: "EventDecl", name: identifier(token(sub, "Identifier")), properties: fields(ctx, sub), hasBody: token(sub, "LBrace") !== undefined, loc };
    case "segmentDecl":
      return { kind: "SegmentDecl", name: identifier(token(sub, "Identifier")), condition: condition(ctx, child(sub, "condition")), loc };
    case "enrollDecl":
      return { kind: "EnrollDecl", condition: condition(ctx, child(sub, "condition")), loc };
    case "goalDecl": {
      const tail = child(sub, "goalTail");
      return { kind: "GoalDecl", condition: condition(ctx, child(tail, "condition")), stage: identifier(token(tail, "Identifier")), loc };
    }
    case "exitDecl":
      return { kind: "ExitDecl", condition: condition(ctx, child(sub, "condition")), loc };
    case "reentryDecl": {
      const tail = child(sub, "reentryTail");
      const policy = token(tail, "Kw_never") ? "never" : token(tail, "Kw_always") ? "always" : token(tail, "Kw_after") ? "after" : undefined;
      return { kind: "ReentryDecl", policy, duration: duration(ctx, child(tail, "duration")), loc };
    }
    case "holdoutDecl":
      return { kind: "HoldoutDecl", percent: weight(ctx, sub), loc };
    case "stage":
      return stage(ctx, sub);
    default:
      return undefined;
  }
}

function firstChild(node: CstNode): [string, CstNode | undefined] {
  for (const key in node.children) {
    const first = node.children[key]![0];
    if (first !== undefined && "children" in first) return [key, first];
  }
  return ["", undefined];
}

function fields(ctx: BuildContext, node: CstNode): A.FieldDecl[] {
  const result: A.FieldDecl[] = [];
  for (const f of children(node, "field")) {
    const name = identifier(token(f, "Identifier"));
    if (!name) continue;
    const colon = token(f, "Colon");
    if (colon) {
      ctx.diagnostics.push(
        ctx.source.diagnostic("JRN003", `Expected a type after "${name.name}", found ":".`, tokenSpan(colon), 'Fields are written without ":", as in `email text required`.'),
      );
    }
    result.push({ kind: "FieldDecl", name, type: fieldType(ctx, child(f, "fieldType")), required: token(f, "Kw_required") !== undefined, loc: nodeSpan(f) });
  }
  return result;
}

function fieldType(ctx: BuildContext, node: CstNode | undefined): A.FieldType | undefined {
  if (!node) return undefined;
  const loc = nodeSpan(node);
  const simple = (name: A.FieldTypeName): A.FieldType => ({ kind: "FieldType", name, values: [], loc });
  if (token(node, "Kw_text") && !token(node, "Kw_list")) return simple("text");
  if (token(node, "Kw_number")) return simple("number");
  if (token(node, "Kw_yes_no")) return simple("yes/no");
  if (token(node, "Kw_datetime")) return simple("datetime");
  if (token(node, "Kw_list")) return simple("list of text");
  if (token(node, "Kw_one")) {
    const values = tokens(node, "String").map((t) => stringLiteral(ctx, t)!);
    return { kind: "FieldType", name: "one of", values, loc };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Stages

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableStage = Mutable<A.Stage> & { blocks: A.Block[]; transitions: A.Transition[]; items: A.StageItem[] };

function stage(ctx: BuildContext, node: CstNode): A.Stage {
  const s: MutableStage = {
    kind: "Stage",
    name: identifier(token(node, "Identifier")),
    initial: token(node, "Kw_initial") !== undefined,
    terminal: token(node, "Kw_terminal") !== undefined,
    label: undefined,
    description: undefined,
    blocks: [],
    transitions: [],
    items: [],
    loc: nodeSpan(node),
  };
  for (const itemNode of children(node, "stageItem")) {
    const item = stageItem(ctx, itemNode);
    if (item) pushStageItem(s, item, ctx);
  }
  return s;
}

function pushStageItem(s: MutableStage, item: A.StageItem, ctx?: BuildContext): void {
  s.items.push(item);
  switch (item.kind) {
    case "Block":
      s.blocks.push(item);
      break;
    case "Transition":
      s.transitions.push(item);
      break;
    case "StageLabel":
    case "StageDescription": {
      const key = item.kind === "StageLabel" ? "label" : "description";
      const first = s.items.find((i) => i.kind === item.kind);
      if (first === item) s[key] = item.value;
      else if (ctx && first) {
        ctx.diagnostics.push({
          ...ctx.source.diagnostic("JRN007", `Duplicate "${key}" line in stage "${s.name?.name ?? "?"}".`, item.loc, `A stage has one "${key}"; remove this one.`),
          related: [{ message: `First "${key}" here.`, file: ctx.source.file, span: first.loc, ...ctx.source.lineColumn(first.loc.start) }],
        });
      }
      break;
    }
  }
}

function strayItem(ctx: BuildContext, node: CstNode): A.StageItem | undefined {
  const label = child(node, "labelItem");
  if (label) return { kind: "StageLabel", value: stringLiteral(ctx, token(label, "String")), loc: nodeSpan(label) };
  const b = child(node, "block");
  if (b) return block(ctx, b);
  const t = child(node, "transition");
  return t ? transition(ctx, t) : undefined;
}

function reportStray(ctx: BuildContext, item: A.StageItem, after: { bodyless: boolean } | undefined): void {
  const found = ctx.source.text.slice(item.loc.start, item.loc.end).split(/\s/, 1)[0] ?? "";
  const span = { start: item.loc.start, end: item.loc.start + found.length };
  if (after?.bodyless) {
    ctx.diagnostics.push(ctx.source.diagnostic("JRN003", `Expected "{" after the stage name, found "${found}".`, span, "Put the stage's items inside braces: `stage cart { ... }`."));
  } else {
    ctx.diagnostics.push(ctx.source.diagnostic("JRN003", `Expected a declaration or a stage, found "${found}".`, span, "Labels, blocks and `go to` transitions belong inside a stage's braces."));
  }
}

function stageItem(ctx: BuildContext, node: CstNode): A.StageItem | undefined {
  const label = child(node, "labelItem");
  if (label) return { kind: "StageLabel", value: stringLiteral(ctx, token(label, "String")), loc: nodeSpan(label) };
  const desc = child(node, "stageDescription");
  if (desc) return { kind: "StageDescription", value: stringLiteral(ctx, token(desc, "String")), loc: nodeSpan(desc) };
  const b = child(node, "block");
  if (b) return block(ctx, b);
  const t = child(node, "transition");
  return t ? transition(ctx, t) : undefined;
}

function block(ctx: BuildContext, node: CstNode): A.Block | undefined {
  const trig = trigger(ctx, child(node, "trigger"));
  if (!trig) return undefined;
  return { kind: "Block", trigger: trig, actions: actions(ctx, node), loc: nodeSpan(node) };
}

function trigger(ctx: BuildContext, node: CstNode | undefined): A.Trigger | undefined {
  if (!node) return undefined;
  const loc = nodeSpan(node);
  if (token(node, "Kw_after")) return { kind: "AfterTrigger", duration: duration(ctx, child(node, "duration")), loc };
  if (token(node, "Kw_every")) return { kind: "EveryTrigger", duration: duration(ctx, child(node, "duration")), loc };
  const on = child(node, "onTrigger");
  if (!on) return undefined;
  if (token(on, "Kw_enter")) return { kind: "EnterTrigger", loc };
  if (token(on, "Kw_exit")) return { kind: "ExitTrigger", loc };
  if (token(on, "Kw_event")) {
    return { kind: "EventTrigger", event: identifier(token(on, "Identifier")), where: propCondition(ctx, child(on, "propCond")), loc };
  }
  return undefined;
}

function transition(ctx: BuildContext, node: CstNode): A.Transition {
  const tail = child(node, "transitionTail");
  return {
    kind: "Transition",
    target: identifier(token(node, "Identifier")),
    when: condition(ctx, child(tail, "condition")),
    after: token(tail, "Kw_after") ? duration(ctx, child(tail, "duration")) : undefined,
    loc: nodeSpan(node),
  };
}

// ---------------------------------------------------------------------------------------------
// Actions

function actions(ctx: BuildContext, node: CstNode): A.Action[] {
  const result: A.Action[] = [];
  for (const n of children(node, "action")) {
    const a = action(ctx, n);
    if (a !== undefined) result.push(a);
  }
  return result;
}

function action(ctx: BuildContext, node: CstNode): A.Action | undefined {
  const loc = nodeSpan(node);
  const splitNode = child(node, "split");
  if (splitNode) return split(ctx, splitNode, loc);
  const guardNode = child(node, "guard");
  let guard: A.ActionGuard | undefined;
  if (guardNode) {
    const keyword = token(guardNode, "Kw_unless") ? "unless" : token(guardNode, "Kw_if") ? "if" : undefined;
    if (keyword) guard = { kind: "ActionGuard", keyword, condition: condition(ctx, child(guardNode, "condition")), loc: nodeSpan(guardNode) };
  }
  if (token(node, "Kw_send")) {
    const hasData = token(node, "Kw_with") !== undefined;
    const data: A.DataPair[] = [];
    for (const p of children(node, "pair")) {
      const key = identifier(token(p, "Identifier"));
      if (key) data.push({ kind: "DataPair", key, value: value(ctx, child(p, "value")), loc: nodeSpan(p) });
    }
    return { kind: "Send", channel: identifier(token(node, "Identifier")), template: stringLiteral(ctx, token(node, "String")), data: hasData ? data : undefined, guard, loc };
  }
  if (token(node, "Kw_tag")) return { kind: "Tag", tag: stringLiteral(ctx, token(node, "String")), guard, loc };
  if (token(node, "Kw_untag")) return { kind: "Untag", tag: stringLiteral(ctx, token(node, "String")), guard, loc };
  if (token(node, "Kw_set")) return { kind: "Set", field: identifier(token(node, "Identifier")), value: value(ctx, child(node, "value")), guard, loc };
  if (token(node, "Kw_add")) return { kind: "Add", amount: numberLiteral(ctx, token(node, "Number")), field: identifier(token(node, "Identifier")), guard, loc };
  if (token(node, "Kw_go")) return { kind: "GoTo", target: identifier(token(node, "Identifier")), guard, loc };
  return undefined;
}

function split(ctx: BuildContext, node: CstNode, loc: A.Span): A.SplitAction {
  const arms: A.SplitArm[] = [];
  for (const arm of children(node, "splitArm")) {
    const armLoc = nodeSpan(arm);
    if (token(arm, "Kw_variant")) {
      arms.push({ kind: "Variant", name: identifier(token(arm, "Identifier")), weight: weight(ctx, arm), actions: actions(ctx, arm), loc: armLoc });
    } else if (token(arm, "Kw_control")) {
      arms.push({ kind: "Control", weight: weight(ctx, arm), loc: armLoc });
    }
  }
  return { kind: "Split", name: identifier(token(node, "Identifier")), arms, loc };
}

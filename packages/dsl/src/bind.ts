/**
 * The binder: resolves every name of a journey (stages, customer fields, events, event
 * properties, segments, channels) into a symbol table, and records each use of a name, each
 * test with its operand's declared type, each condition and each action with the context it
 * appears in. Validation rules and the compiler read this bound model instead of re-walking
 * the tree; the binder itself reports nothing.
 */
import type * as AST from "./ast.js";
import type { Source } from "./source.js";
import { walkConditionRefs } from "./bind-walk.js";

/** A declared type: `valueType` is the IR's name (`yes/no` → boolean, `one of` → enum). */
export interface DeclaredType {
  readonly valueType: "text" | "number" | "boolean" | "datetime" | "enum" | "list";
  /** The choices of a `one of` type. */
  readonly values: readonly string[];
  readonly required: boolean;
}

export interface FieldSymbol {
  readonly name: string;
  readonly decl: AST.FieldDecl;
  /** `undefined` when the parser could not read the type. */
  readonly type: DeclaredType | undefined;
}

export interface EventSymbol {
  readonly name: string;
  readonly decl: AST.EventDecl;
  readonly properties: ReadonlyMap<string, FieldSymbol>;
}

export interface SymbolTable {
  /** Each map holds the FIRST definition of a name; duplicates are left to validation. */
  readonly stages: ReadonlyMap<string, AST.Stage>;
  readonly fields: ReadonlyMap<string, FieldSymbol>;
  readonly events: ReadonlyMap<string, EventSymbol>;
  readonly segments: ReadonlyMap<string, AST.SegmentDecl>;
  readonly channels: ReadonlyMap<string, AST.Identifier>;
}

export type ReferenceKind = "stage" | "field" | "segment" | "event" | "property" | "channel";

/** One use of a name. `events` lists the events a property is looked up in. */
export interface Reference {
  readonly kind: ReferenceKind;
  readonly id: AST.Identifier;
  /** Whether the name resolves. For `property`, false also when no event is in scope. */
  readonly resolved: boolean;
  /** For `property` references: the events in scope (empty: none; then `resolved` is false). */
  readonly events?: readonly string[];
  /** For `property` references: written `event.prop` (true) or bare inside `with` (false). */
  readonly dotted?: boolean;
}

/** Where a condition or action sits, for messages and scope. */
export type Place =
  | { readonly kind: "segment"; readonly name: string }
  | { readonly kind: "enroll" | "goal" | "exit" }
  | { readonly kind: "transition"; readonly stage: string; readonly transition: AST.Transition }
  | { readonly kind: "block"; readonly stage: string; readonly block: AST.Block };

/** A test atom with its operand's declared type (undefined when the operand is unresolved). */
export interface TestUse {
  readonly atom: AST.TestAtom;
  readonly operandType: DeclaredType | undefined;
  /** The operand's name as written (`orders`, `event.value`). */
  readonly operandName: string;
}

/** A whole condition (not a sub-condition) and where it sits. */
export interface ConditionUse {
  readonly condition: AST.Condition;
  readonly place: Place;
}

/** An action (nested ones in split arms included) and the block that holds it. */
export interface ActionUse {
  readonly action: AST.Action;
  readonly stage: AST.Stage;
  readonly block: AST.Block;
  /** Events whose properties `event.x` can read here. */
  readonly scope: readonly string[];
}

/** The bound journey: the tree, its symbols, and every use recorded in one pass. */
export interface BoundJourney {
  readonly ast: AST.Journey;
  readonly source: Source;
  readonly symbols: SymbolTable;
  readonly references: readonly Reference[];
  readonly tests: readonly TestUse[];
  readonly conditions: readonly ConditionUse[];
  readonly actions: readonly ActionUse[];
  /** Outgoing edges of each (first-defined) stage: transitions and `go to` actions, unresolved included. */
  readonly edges: ReadonlyMap<string, readonly AST.Identifier[]>;
  /** Events that can move a customer into each stage (the scope of `event.x` in its enter/after/every blocks). */
  readonly entryEvents: ReadonlyMap<string, readonly string[]>;
}

export function declaredType(type: AST.FieldType | undefined, required: boolean): DeclaredType | undefined {
  if (type === undefined) return undefined;
  const values = type.values.map((v) => v.value);
  switch (type.name) {
    case "text":
      return { valueType: "text", values, required };
    case "number":
      return { valueType: "number", values, required };
    case "yes/no":
      return { valueType: "boolean", values, required };
    case "datetime":
      return { valueType: "datetime", values, required };
    case "list of text":
      return { valueType: "list", values, required };
    case "one of":
      return { valueType: "enum", values, required };
  }
}

function firstWins<T>(map: Map<string, T>, name: string | undefined, value: T): void {
  if (name !== undefined && !map.has(name)) map.set(name, value);
}

function fieldSymbols(decls: readonly AST.FieldDecl[]): Map<string, FieldSymbol> {
  const map = new Map<string, FieldSymbol>();
  for (const decl of decls) firstWins(map, decl.name.name, { name: decl.name.name, decl, type: declaredType(decl.type, decl.required) });
  return map;
}

/** Builds the symbol table (first definition of each name wins). */
export function buildSymbols(ast: AST.Journey): SymbolTable {
  const stages = new Map<string, AST.Stage>();
  for (const s of ast.stages) firstWins(stages, s.name?.name, s);
  const events = new Map<string, EventSymbol>();
  for (const e of ast.events) {
    if (e.name !== undefined) firstWins(events, e.name.name, { name: e.name.name, decl: e, properties: fieldSymbols(e.properties) });
  }
  const segments = new Map<string, AST.SegmentDecl>();
  for (const s of ast.segments) firstWins(segments, s.name?.name, s);
  const channels = new Map<string, AST.Identifier>();
  for (const c of ast.channels) firstWins(channels, c.name, c);
  return { stages, fields: fieldSymbols(ast.customer), events, segments, channels };
}

/**
 * Binds a parsed journey. Tolerates partial trees (missing pieces are skipped) and never throws.
 *
 * @example
 * ```ts
 * const { ast, source } = parse(text, { file: "shop.journey" });
 * const bound = bind(ast, source);
 * bound.references.filter((r) => !r.resolved); // every unknown name
 * ```
 */
export function bind(ast: AST.Journey, source: Source): BoundJourney {
  const symbols = buildSymbols(ast);
  const references: Reference[] = [];
  const tests: TestUse[] = [];
  const conditions: ConditionUse[] = [];
  const actions: ActionUse[] = [];
  const edges = new Map<string, AST.Identifier[]>();
  const entry = new Map<string, Set<string>>();
  const initialStage = ast.stages.find((s) => s.initial)?.name?.name;

  const ctx = { symbols, references, tests };
  // Reused by every action guard: most mention no event, and then the guard's scope is the block's.
  const guardEvents = new Set<string>();
  const condition = (c: AST.Condition | undefined, place: Place, scope: readonly string[]): void => {
    if (c === undefined) return;
    conditions.push({ condition: c, place });
    walkConditionRefs(c, scope, ctx);
  };
  const addEntry = (stage: string, events: Iterable<string>): void => {
    let set = entry.get(stage);
    if (set === undefined) entry.set(stage, (set = new Set()));
    for (const e of events) set.add(e);
  };

  for (const s of ast.segments) if (s.name !== undefined) condition(s.condition, { kind: "segment", name: s.name.name }, []);
  condition(ast.enroll?.condition, { kind: "enroll" }, []);
  for (const g of ast.goals) {
    condition(g.condition, { kind: "goal" }, []);
    if (g.stage !== undefined) references.push({ kind: "stage", id: g.stage, resolved: symbols.stages.has(g.stage.name) });
  }
  for (const e of ast.exits) condition(e.condition, { kind: "exit" }, []);

  // Entry events first: a stage's enter/after/every scope depends on transitions elsewhere.
  for (const stage of ast.stages) {
    for (const t of stage.transitions) {
      if (t.target !== undefined && t.when !== undefined) addEntry(t.target.name, mentionedEvents(t.when));
    }
    for (const block of stage.blocks) {
      if (block.trigger.kind !== "EventTrigger" || block.trigger.event === undefined) continue;
      const event = block.trigger.event.name;
      forEachAction(block.actions, (a) => {
        if (a.kind === "GoTo" && a.target !== undefined) addEntry(a.target.name, [event]);
      });
    }
  }
  if (initialStage !== undefined) addEntry(initialStage, symbols.events.keys());

  for (const stage of ast.stages) {
    const name = stage.name?.name;
    if (name === undefined) continue;
    const out: AST.Identifier[] = [];
    if (!edges.has(name)) edges.set(name, out);
    const leaving = new Set<string>();
    for (const t of stage.transitions) {
      if (t.target !== undefined) {
        out.push(t.target);
        references.push({ kind: "stage", id: t.target, resolved: symbols.stages.has(t.target.name) });
      }
      const when = t.when;
      if (when !== undefined) {
        for (const e of mentionedEvents(when)) leaving.add(e);
        condition(when, { kind: "transition", stage: name, transition: t }, [...mentionedEvents(when)]);
      }
    }
    for (const block of stage.blocks) {
      const trigger = block.trigger;
      // One place per block, shared by the conditions in it (read-only).
      const place: Place = { kind: "block", stage: name, block };
      let scope: readonly string[];
      if (trigger.kind === "EventTrigger") {
        if (trigger.event !== undefined) {
          references.push({ kind: "event", id: trigger.event, resolved: symbols.events.has(trigger.event.name) });
        }
        scope = trigger.event === undefined ? [] : [trigger.event.name];
        if (trigger.where !== undefined) {
          conditions.push({ condition: trigger.where, place });
          walkConditionRefs(trigger.where, scope, ctx, trigger.event?.name);
        }
      } else if (trigger.kind === "ExitTrigger") {
        scope = [...leaving];
      } else {
        scope = [...(entry.get(name) ?? [])];
      }
      forEachAction(block.actions, (action) => {
        actions.push({ action, stage, block, scope });
        bindAction(action, scope, place);
        if (action.kind === "GoTo" && action.target !== undefined) out.push(action.target);
      });
    }
  }

  function bindAction(action: AST.Action, scope: readonly string[], place: Place): void {
    if (action.kind !== "Split" && action.guard?.condition !== undefined) {
      const g = action.guard.condition;
      conditions.push({ condition: g, place });
      guardEvents.clear();
      mentionedEvents(g, guardEvents);
      walkConditionRefs(g, guardEvents.size === 0 ? scope : [...scope, ...guardEvents], ctx);
    }
    switch (action.kind) {
      case "Send":
        if (action.channel !== undefined) {
          references.push({ kind: "channel", id: action.channel, resolved: symbols.channels.has(action.channel.name) });
        }
        if (action.data !== undefined) for (let i = 0; i < action.data.length; i++) bindValue(action.data[i]!.value, scope, symbols, references);
        break;
      case "Set":
        if (action.field !== undefined) references.push({ kind: "field", id: action.field, resolved: symbols.fields.has(action.field.name) });
        bindValue(action.value, scope, symbols, references);
        break;
      case "Add":
        if (action.field !== undefined) references.push({ kind: "field", id: action.field, resolved: symbols.fields.has(action.field.name) });
        break;
      case "GoTo":
        if (action.target !== undefined) references.push({ kind: "stage", id: action.target, resolved: symbols.stages.has(action.target.name) });
        break;
      default:
        break;
    }
  }

  const entryEvents = new Map<string, readonly string[]>();
  for (const [k, v] of entry) entryEvents.set(k, [...v]);
  return { ast, source, symbols, references, tests, conditions, actions, edges, entryEvents };
}

/** Records the name a value reads (a field or `event.prop`), if any. */
function bindValue(v: AST.Value | undefined, scope: readonly string[], symbols: SymbolTable, references: Reference[]): void {
  if (v?.kind === "FieldRef") references.push({ kind: "field", id: v.name, resolved: symbols.fields.has(v.name.name) });
  else if (v?.kind === "EventPropRef") references.push(propertyRef(v.property, scope, symbols, true));
}

/** A property use resolved against the events in scope (the first event declaring it wins). */
export function propertyRef(id: AST.Identifier, scope: readonly string[], symbols: SymbolTable, dotted: boolean): Reference {
  const resolved = scope.some((e) => symbols.events.get(e)?.properties.has(id.name) === true);
  return { kind: "property", id, resolved, events: scope, dotted };
}

/** The declared type of a property for the first event in scope that declares it. */
export function propertyType(name: string, scope: readonly string[], symbols: SymbolTable): DeclaredType | undefined {
  for (const e of scope) {
    const p = symbols.events.get(e)?.properties.get(name);
    if (p !== undefined) return p.type;
  }
  return undefined;
}

/** Visits every action, descending into split arms, in source order. */
export function forEachAction(list: readonly AST.Action[], visit: (a: AST.Action) => void): void {
  for (const a of list) {
    visit(a);
    if (a.kind === "Split") for (const arm of a.arms) if (arm.kind === "Variant") forEachAction(arm.actions, visit);
  }
}

/** Names of the events a condition mentions through `event X` atoms (segments excluded). */
export function mentionedEvents(c: AST.Condition | undefined, into = new Set<string>()): Set<string> {
  if (c === undefined) return into;
  switch (c.kind) {
    case "EventAtom":
      if (c.event !== undefined) into.add(c.event.name);
      break;
    case "And":
    case "Or":
      for (const x of c.operands) mentionedEvents(x, into);
      break;
    case "Not":
      mentionedEvents(c.operand, into);
      break;
    case "Paren":
      mentionedEvents(c.expression, into);
      break;
    default:
      break;
  }
  return into;
}

/**
 * The `.journey` abstract syntax tree.
 *
 * Every node is a readonly plain object with a `kind` string literal and a `loc` span
 * (UTF-16 offsets into the source text; line/column come from `Source` on demand).
 * After error recovery the tree may be partial: a piece the parser could not read is
 * `undefined` (never a placeholder string), so consumers must check optional fields.
 *
 * The tree keeps what the formatter needs to print the same form back: `unless` vs `if`,
 * `go to X after D` vs `go to X when in stage for D`, parentheses, the source order of stage items.
 */
import type { Span } from "./diagnostics/diagnostic.js";
import type {
  Identifier,
  StringLiteral,
  NumberLiteral,
  Literal,
  Percent,
  Duration,
  Operand,
  Value,
  Test,
  Condition,
} from "./ast-expressions.js";

export type { Span };
export type * from "./ast-expressions.js";

// ---------------------------------------------------------------------------------------------
// Actions

/** The optional `if c` / `unless c` after an action; `unless c` means `if not c`. */
export interface ActionGuard {
  readonly kind: "ActionGuard";
  readonly keyword: "if" | "unless";
  readonly condition: Condition | undefined;
  readonly loc: Span;
}

/** `key: value` inside `send ... with { ... }`. */
export interface DataPair {
  readonly kind: "DataPair";
  readonly key: Identifier;
  readonly value: Value | undefined;
  readonly loc: Span;
}

export interface SendAction {
  readonly kind: "Send";
  readonly channel: Identifier | undefined;
  readonly template: StringLiteral | undefined;
  /** `undefined` when there is no `with { ... }`; `[]` for `with { }`. */
  readonly data: readonly DataPair[] | undefined;
  readonly guard: ActionGuard | undefined;
  readonly loc: Span;
}

export interface TagAction {
  readonly kind: "Tag";
  readonly tag: StringLiteral | undefined;
  readonly guard: ActionGuard | undefined;
  readonly loc: Span;
}

export interface UntagAction {
  readonly kind: "Untag";
  readonly tag: StringLiteral | undefined;
  readonly guard: ActionGuard | undefined;
  readonly loc: Span;
}

/** `set field = value`. */
export interface SetAction {
  readonly kind: "Set";
  readonly field: Identifier | undefined;
  readonly value: Value | undefined;
  readonly guard: ActionGuard | undefined;
  readonly loc: Span;
}

/** `add N to field`. */
export interface AddAction {
  readonly kind: "Add";
  readonly amount: NumberLiteral | undefined;
  readonly field: Identifier | undefined;
  readonly guard: ActionGuard | undefined;
  readonly loc: Span;
}

/** `go to stage` inside a block. */
export interface GoToAction {
  readonly kind: "GoTo";
  readonly target: Identifier | undefined;
  readonly guard: ActionGuard | undefined;
  readonly loc: Span;
}

/** `variant NAME N% { actions }`. */
export interface SplitVariant {
  readonly kind: "Variant";
  readonly name: Identifier | undefined;
  readonly weight: Percent | undefined;
  readonly actions: readonly Action[];
  readonly loc: Span;
}

/** `control N%`. */
export interface SplitControl {
  readonly kind: "Control";
  readonly weight: Percent | undefined;
  readonly loc: Span;
}

export type SplitArm = SplitVariant | SplitControl;

/** `split NAME { arms }` (the grammar gives a split no `if` / `unless`). */
export interface SplitAction {
  readonly kind: "Split";
  readonly name: Identifier | undefined;
  readonly arms: readonly SplitArm[];
  readonly loc: Span;
}

export type Action = SendAction | TagAction | UntagAction | SetAction | AddAction | GoToAction | SplitAction;

// ---------------------------------------------------------------------------------------------
// Stages

export interface EnterTrigger {
  readonly kind: "EnterTrigger";
  readonly loc: Span;
}

export interface ExitTrigger {
  readonly kind: "ExitTrigger";
  readonly loc: Span;
}

export interface AfterTrigger {
  readonly kind: "AfterTrigger";
  readonly duration: Duration | undefined;
  readonly loc: Span;
}

export interface EveryTrigger {
  readonly kind: "EveryTrigger";
  readonly duration: Duration | undefined;
  readonly loc: Span;
}

/** `on event X [with propCond]`. */
export interface EventTrigger {
  readonly kind: "EventTrigger";
  readonly event: Identifier | undefined;
  readonly where: Condition | undefined;
  readonly loc: Span;
}

export type Trigger = EnterTrigger | ExitTrigger | AfterTrigger | EveryTrigger | EventTrigger;

/** `TRIGGER { actions }`. */
export interface Block {
  readonly kind: "Block";
  readonly trigger: Trigger;
  readonly actions: readonly Action[];
  readonly loc: Span;
}

/**
 * `go to X when c` (`when` set) or the shorthand `go to X after D` (`after` set), which means
 * `go to X when in stage for D`. After recovery both may be absent.
 */
export interface Transition {
  readonly kind: "Transition";
  readonly target: Identifier | undefined;
  readonly when: Condition | undefined;
  readonly after: Duration | undefined;
  readonly loc: Span;
}

/** `label "..."` inside a stage. */
export interface StageLabel {
  readonly kind: "StageLabel";
  readonly value: StringLiteral | undefined;
  readonly loc: Span;
}

/** `description "..."` inside a stage. */
export interface StageDescription {
  readonly kind: "StageDescription";
  readonly value: StringLiteral | undefined;
  readonly loc: Span;
}

export type StageItem = StageLabel | StageDescription | Block | Transition;

export interface Stage {
  readonly kind: "Stage";
  readonly name: Identifier | undefined;
  readonly initial: boolean;
  readonly terminal: boolean;
  /** The first `label` (a duplicate is reported by the parser and kept in `items`). */
  readonly label: StringLiteral | undefined;
  readonly description: StringLiteral | undefined;
  readonly blocks: readonly Block[];
  readonly transitions: readonly Transition[];
  /** Every item of the body in source order (what the formatter prints). */
  readonly items: readonly StageItem[];
  readonly loc: Span;
}

// ---------------------------------------------------------------------------------------------
// Declarations

export type FieldTypeName = "text" | "number" | "yes/no" | "datetime" | "list of text" | "one of";

/** A field's type; `values` holds the choices of `one of "a", "b"` (empty otherwise). */
export interface FieldType {
  readonly kind: "FieldType";
  readonly name: FieldTypeName;
  readonly values: readonly StringLiteral[];
  readonly loc: Span;
}

/** `name type [required]` in `customer { }` or `event X { }`. */
export interface FieldDecl {
  readonly kind: "FieldDecl";
  readonly name: Identifier;
  readonly type: FieldType | undefined;
  readonly required: boolean;
  readonly loc: Span;
}

/** `customer { fields }`. A journey may (oddly) have several; `Journey.customer` merges them. */
export interface CustomerDecl {
  readonly kind: "CustomerDecl";
  readonly fields: readonly FieldDecl[];
  readonly loc: Span;
}

/** `event NAME [{ fields }]`; `hasBody` keeps `event x { }` apart from `event x`. */
export interface EventDecl {
  readonly kind: "EventDecl";
  readonly name: Identifier | undefined;
  readonly properties: readonly FieldDecl[];
  readonly hasBody: boolean;
  readonly loc: Span;
}

/** `segment NAME = condition`. */
export interface SegmentDecl {
  readonly kind: "SegmentDecl";
  readonly name: Identifier | undefined;
  readonly condition: Condition | undefined;
  readonly loc: Span;
}

/** `enroll when condition`. */
export interface EnrollDecl {
  readonly kind: "EnrollDecl";
  readonly condition: Condition | undefined;
  readonly loc: Span;
}

/** `goal when condition` (`condition` set) or `goal stage S` (`stage` set). */
export interface GoalDecl {
  readonly kind: "GoalDecl";
  readonly condition: Condition | undefined;
  readonly stage: Identifier | undefined;
  readonly loc: Span;
}

/** `exit when condition`. */
export interface ExitDecl {
  readonly kind: "ExitDecl";
  readonly condition: Condition | undefined;
  readonly loc: Span;
}

/** `reentry never | always | after D`. */
export interface ReentryDecl {
  readonly kind: "ReentryDecl";
  readonly policy: "never" | "always" | "after" | undefined;
  readonly duration: Duration | undefined;
  readonly loc: Span;
}

/** `holdout N%`. */
export interface HoldoutDecl {
  readonly kind: "HoldoutDecl";
  readonly percent: Percent | undefined;
  readonly loc: Span;
}

/** `version N`. */
export interface VersionDecl {
  readonly kind: "VersionDecl";
  readonly value: NumberLiteral | undefined;
  readonly loc: Span;
}

/** `description "..."` at the top level. */
export interface DescriptionDecl {
  readonly kind: "DescriptionDecl";
  readonly value: StringLiteral | undefined;
  readonly loc: Span;
}

/** `channels a, b, c`. */
export interface ChannelsDecl {
  readonly kind: "ChannelsDecl";
  readonly channels: readonly Identifier[];
  readonly loc: Span;
}

/** Any top-level item of the journey body, in source order (`Journey.items`). */
export type JourneyItem =
  | VersionDecl
  | DescriptionDecl
  | ChannelsDecl
  | CustomerDecl
  | EventDecl
  | SegmentDecl
  | EnrollDecl
  | GoalDecl
  | ExitDecl
  | ReentryDecl
  | HoldoutDecl
  | Stage;

/**
 * A whole `.journey` file. Singular header lines (`version`, `description`, `enroll`,
 * `reentry`, `holdout`) take the first occurrence; duplicates are reported (JRN007) and
 * kept in `items`.
 */
export interface Journey {
  readonly kind: "Journey";
  readonly name: StringLiteral | undefined;
  readonly version: NumberLiteral | undefined;
  readonly description: StringLiteral | undefined;
  /** All channels of all `channels` lines, in order. */
  readonly channels: readonly Identifier[];
  /** All fields of all `customer` blocks, in order. */
  readonly customer: readonly FieldDecl[];
  readonly events: readonly EventDecl[];
  readonly segments: readonly SegmentDecl[];
  readonly enroll: EnrollDecl | undefined;
  readonly goals: readonly GoalDecl[];
  readonly exits: readonly ExitDecl[];
  readonly reentry: ReentryDecl | undefined;
  readonly holdout: HoldoutDecl | undefined;
  readonly stages: readonly Stage[];
  /** Every top-level item in source order. */
  readonly items: readonly JourneyItem[];
  readonly loc: Span;
}

/** A `# ...` comment; `text` includes the `#`. Comments are not in the tree; `parse` returns them apart. */
export interface Comment {
  readonly kind: "Comment";
  readonly text: string;
  readonly loc: Span;
}

export type Node =
  | Journey
  | JourneyItem
  | FieldDecl
  | FieldType
  | StageItem
  | Trigger
  | Action
  | SplitArm
  | ActionGuard
  | DataPair
  | Condition
  | Test
  | Operand
  | Literal
  | Percent
  | Duration
  | Identifier;

export type NodeKind = Node["kind"];

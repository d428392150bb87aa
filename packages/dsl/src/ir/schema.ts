/**
 * The journey IR: the versioned, plain-JSON form of a compiled journey.
 *
 * The IR is the contract between the compiler (`@journeys/dsl`) and the runtime
 * (`@journeys/runtime`). It is validated with zod at that boundary: a runtime never
 * trusts an IR it did not check. Durations are milliseconds; times are epoch milliseconds.
 */
import { z } from "zod";

/** The IR format version. Bump on any incompatible change; the runtime refuses others. */
export const IR_VERSION = 1 as const;

const name = z.string().min(1);

/** A declared field or event property type. */
export const FieldTypeSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), required: z.boolean() }),
  z.object({ type: z.literal("number"), required: z.boolean() }),
  z.object({ type: z.literal("boolean"), required: z.boolean() }),
  z.object({ type: z.literal("datetime"), required: z.boolean() }),
  z.object({ type: z.literal("enum"), required: z.boolean(), values: z.array(z.string()).min(1) }),
  z.object({ type: z.literal("list"), required: z.boolean() }),
]);
export type FieldType = z.infer<typeof FieldTypeSchema>;

/** Where a value comes from: the customer record, or the triggering event's properties. */
export const RefSchema = z.object({
  source: z.enum(["customer", "event"]),
  field: name,
});
export type Ref = z.infer<typeof RefSchema>;

/** A literal value. Datetime literals are ISO-8601 strings tagged with `valueType: "datetime"`. */
export const LiteralSchema = z.union([z.string(), z.number(), z.boolean()]);
export type Literal = z.infer<typeof LiteralSchema>;

export const CompareOpSchema = z.enum(["==", "!=", "<", "<=", ">", ">="]);
export type CompareOp = z.infer<typeof CompareOpSchema>;

/** A condition. Compiled by the runtime into closures; never evaluated as code. */
export type Condition =
  | { kind: "true" }
  | { kind: "and"; all: Condition[] }
  | { kind: "or"; any: Condition[] }
  | { kind: "not"; cond: Condition }
  | {
      kind: "compare";
      ref: Ref;
      op: CompareOp;
      value: Literal;
      valueType: "text" | "number" | "boolean" | "datetime";
    }
  | { kind: "in"; ref: Ref; values: Literal[]; negated: boolean }
  | { kind: "contains"; ref: Ref; value: Literal }
  | { kind: "isSet"; ref: Ref; negated: boolean }
  /** `field more than 30 days ago` (op "moreThan") / `field less than 7 days ago` ("lessThan"). */
  | { kind: "ago"; ref: Ref; op: "moreThan" | "lessThan"; ms: number }
  /** True while the input being evaluated is this event and (optionally) its properties match. */
  | { kind: "event"; event: string; where?: Condition }
  | { kind: "segment"; name: string }
  /** No event from the customer for `ms` (measured from the last event, or from enrolment). */
  | { kind: "inactive"; ms: number }
  /** The customer has been in the current stage for at least `ms`. */
  | { kind: "inStage"; ms: number };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("true") }),
    z.object({ kind: z.literal("and"), all: z.array(ConditionSchema) }),
    z.object({ kind: z.literal("or"), any: z.array(ConditionSchema) }),
    z.object({ kind: z.literal("not"), cond: ConditionSchema }),
    z.object({
      kind: z.literal("compare"),
      ref: RefSchema,
      op: CompareOpSchema,
      value: LiteralSchema,
      valueType: z.enum(["text", "number", "boolean", "datetime"]),
    }),
    z.object({ kind: z.literal("in"), ref: RefSchema, values: z.array(LiteralSchema), negated: z.boolean() }),
    z.object({ kind: z.literal("contains"), ref: RefSchema, value: LiteralSchema }),
    z.object({ kind: z.literal("isSet"), ref: RefSchema, negated: z.boolean() }),
    z.object({ kind: z.literal("ago"), ref: RefSchema, op: z.enum(["moreThan", "lessThan"]), ms: z.number().positive() }),
    z.object({ kind: z.literal("event"), event: name, where: ConditionSchema.optional() }),
    z.object({ kind: z.literal("segment"), name }),
    z.object({ kind: z.literal("inactive"), ms: z.number().positive() }),
    z.object({ kind: z.literal("inStage"), ms: z.number().positive() }),
  ]),
);

/** A value in personalisation data or a `set` action. */
export const ValueExprSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("literal"), value: LiteralSchema }),
  z.object({ kind: z.literal("ref"), ref: RefSchema }),
]);
export type ValueExpr = z.infer<typeof ValueExprSchema>;

/**
 * An action. `id` is stable across compiles of the same source (e.g. `"welcome/enter/0"`,
 * `"cart/after:1h/1"`, `"welcome/enter/0/split:subject/b/0"`) and is part of idempotency keys.
 * `when` is the action's own condition (`if` / `unless`, the latter compiled as `not`).
 */
export type Action =
  | { kind: "send"; id: string; channel: string; template: string; data: Record<string, ValueExpr>; when?: Condition }
  | { kind: "tag"; id: string; tag: string; when?: Condition }
  | { kind: "untag"; id: string; tag: string; when?: Condition }
  | { kind: "set"; id: string; field: string; value: ValueExpr; when?: Condition }
  | { kind: "add"; id: string; field: string; amount: number; when?: Condition }
  | { kind: "goto"; id: string; target: string; when?: Condition }
  | { kind: "split"; id: string; name: string; variants: SplitVariant[]; when?: Condition };

/** One arm of a split. A control arm (`control: true`) has no actions: its customers receive nothing. */
export interface SplitVariant {
  name: string;
  /** Percent, 0 < weight <= 100; the weights of one split sum to 100. */
  weight: number;
  control: boolean;
  actions: Action[];
}

export const ActionSchema: z.ZodType<Action> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("send"),
      id: name,
      channel: name,
      template: z.string(),
      data: z.record(z.string(), ValueExprSchema),
      when: ConditionSchema.optional(),
    }),
    z.object({ kind: z.literal("tag"), id: name, tag: z.string(), when: ConditionSchema.optional() }),
    z.object({ kind: z.literal("untag"), id: name, tag: z.string(), when: ConditionSchema.optional() }),
    z.object({ kind: z.literal("set"), id: name, field: name, value: ValueExprSchema, when: ConditionSchema.optional() }),
    z.object({ kind: z.literal("add"), id: name, field: name, amount: z.number(), when: ConditionSchema.optional() }),
    z.object({ kind: z.literal("goto"), id: name, target: name, when: ConditionSchema.optional() }),
    z.object({
      kind: z.literal("split"),
      id: name,
      name,
      variants: z.array(SplitVariantSchema).min(1),
      when: ConditionSchema.optional(),
    }),
  ]),
);

export const SplitVariantSchema: z.ZodType<SplitVariant> = z.lazy(() =>
  z.object({
    name,
    weight: z.number().positive().max(100),
    control: z.boolean(),
    actions: z.array(ActionSchema),
  }),
);

/** A transition out of a stage. Tried in `transitions` order; the first whose `when` holds wins. */
export const TransitionSchema = z.object({
  id: name,
  target: name,
  when: ConditionSchema,
  /** True when `when` mentions an event: the transition can only fire while that event is evaluated. */
  eventDriven: z.boolean(),
});
export type Transition = z.infer<typeof TransitionSchema>;

export const TimedBlockSchema = z.object({ id: name, ms: z.number().positive(), actions: z.array(ActionSchema) });
export type TimedBlock = z.infer<typeof TimedBlockSchema>;

export const EventBlockSchema = z.object({
  id: name,
  event: name,
  where: ConditionSchema.optional(),
  actions: z.array(ActionSchema),
});
export type EventBlock = z.infer<typeof EventBlockSchema>;

export const StageSchema = z.object({
  name,
  label: z.string().optional(),
  description: z.string().optional(),
  /** Entering a terminal stage completes the customer's enrolment. */
  terminal: z.boolean(),
  onEnter: z.array(ActionSchema),
  onExit: z.array(ActionSchema),
  after: z.array(TimedBlockSchema),
  every: z.array(TimedBlockSchema),
  onEvent: z.array(EventBlockSchema),
  transitions: z.array(TransitionSchema),
  /**
   * True when this stage's enter/after/every actions read `event.*`: the runtime then keeps
   * the properties of the event that moved the customer into the stage.
   */
  keepsEntryEvent: z.boolean(),
});
export type Stage = z.infer<typeof StageSchema>;

export const ReentrySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("never") }),
  z.object({ kind: z.literal("always") }),
  z.object({ kind: z.literal("after"), ms: z.number().positive() }),
]);
export type Reentry = z.infer<typeof ReentrySchema>;

export const GoalSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("condition"), when: ConditionSchema }),
  z.object({ kind: z.literal("stage"), stage: name }),
]);
export type Goal = z.infer<typeof GoalSchema>;

/** A whole compiled journey. */
export const JourneyIRSchema = z.object({
  irVersion: z.literal(IR_VERSION),
  journey: z.object({
    /** Stable identifier derived from the journey's name (lowercase, `-` separated). */
    id: name,
    name,
    version: z.number().int().positive(),
    description: z.string().optional(),
  }),
  channels: z.array(name),
  customer: z.record(z.string(), FieldTypeSchema),
  events: z.record(z.string(), z.record(z.string(), FieldTypeSchema)),
  segments: z.record(z.string(), ConditionSchema),
  enroll: ConditionSchema.optional(),
  goal: GoalSchema.optional(),
  exit: z.array(ConditionSchema),
  reentry: ReentrySchema,
  /** Percent of enrolled customers held out of every `send` (a global control group). */
  holdout: z.number().min(0).max(100),
  initial: name,
  stages: z.array(StageSchema).min(1),
});
export type JourneyIR = z.infer<typeof JourneyIRSchema>;

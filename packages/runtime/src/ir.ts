/**
 * The one place this package imports the journey IR from `@journeys/dsl`.
 */
export {
  JourneyIRSchema,
  IR_VERSION,
  type JourneyIR,
  type Stage,
  type Condition,
  type Action,
  type SplitVariant,
  type Transition,
  type TimedBlock,
  type EventBlock,
  type FieldType,
  type ValueExpr,
  type Ref,
  type Literal,
} from "../../dsl/src/ir/schema.js";

export { toXStateConfig, xstateBindings, collectEvents, type JourneyXStateConfig, type XStateBindings } from "../../dsl/src/compile/to-xstate.js";

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
} from "@journeys/dsl";

export { collectEvents, toXStateConfig, xstateBindings, type JourneyXStateConfig, type XStateBindings } from "@journeys/dsl";

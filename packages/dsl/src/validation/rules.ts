/**
 * The list of validation rules `validate` runs by default, grouped by diagnostic range.
 */
import type { ValidationRule } from "./context.js";
import { AcyclicSegmentsRule } from "./rules/acyclic-segments.js";
import { SegmentsWithoutEventsRule } from "./rules/segments-without-events.js";
import { AddToNumberRule } from "./rules/add-to-number.js";
import { AgoOnDatetimeRule } from "./rules/ago-on-datetime.js";
import { CompareTypesRule } from "./rules/compare-types.js";
import { ContainsOnListRule } from "./rules/contains-on-list.js";
import { EventInScopeRule } from "./rules/event-in-scope.js";
import { HasStagesRule } from "./rules/has-stages.js";
import { InitialStageRule } from "./rules/initial-stage.js";
import { KnownChannelsRule } from "./rules/known-channels.js";
import { KnownEventPropertiesRule } from "./rules/known-event-properties.js";
import { KnownEventsRule } from "./rules/known-events.js";
import { KnownFieldsRule } from "./rules/known-fields.js";
import { KnownSegmentsRule } from "./rules/known-segments.js";
import { KnownStagesRule } from "./rules/known-stages.js";
import { NoGotoOnExitRule } from "./rules/no-goto-on-exit.js";
import { OneOfValuesRule } from "./rules/one-of-values.js";
import { PercentRangeRule } from "./rules/percent-range.js";
import { ReachableStagesRule } from "./rules/reachable-stages.js";
import { SatisfiableConditionsRule } from "./rules/satisfiable-conditions.js";
import { SetValueTypeRule } from "./rules/set-value-type.js";
import { SingleGoalRule } from "./rules/single-goal.js";
import { SplitWeightsRule } from "./rules/split-weights.js";
import { ConsistentSplitsRule } from "./rules/consistent-splits.js";
import { TerminalStagesRule } from "./rules/terminal-stages.js";
import { UniqueChannelsRule } from "./rules/unique-channels.js";
import { UniqueChoicesRule } from "./rules/unique-choices.js";
import { UniqueDataKeysRule } from "./rules/unique-data-keys.js";
import { UniqueEventPropertiesRule } from "./rules/unique-event-properties.js";
import { UniqueEventsRule } from "./rules/unique-events.js";
import { UniqueFieldsRule } from "./rules/unique-fields.js";
import { UniqueSegmentsRule } from "./rules/unique-segments.js";
import { UniqueSplitVariantsRule } from "./rules/unique-split-variants.js";
import { UniqueStagesRule } from "./rules/unique-stages.js";
import { UnusedChannelsRule } from "./rules/unused-channels.js";
import { UnusedEventsRule } from "./rules/unused-events.js";
import { UnusedSegmentsRule } from "./rules/unused-segments.js";
import { ReservedNamesRule } from "./rules/reserved-names.js";
import { JourneyNameRule } from "./rules/journey-name.js";
import { ValidDatesRule } from "./rules/valid-dates.js";
import { WayOutRule } from "./rules/way-out.js";

/**
 * Every rule, in the order they run (the output is sorted by position anyway).
 *
 * @example
 * ```ts
 * // Everything except the unused-declaration warnings:
 * validate(ast, source, allRules.filter((r) => !r.name.startsWith("Unused")));
 * ```
 */
export const allRules: readonly ValidationRule[] = [
  // JRN1xx names
  KnownStagesRule,
  KnownFieldsRule,
  KnownSegmentsRule,
  KnownEventsRule,
  KnownEventPropertiesRule,
  KnownChannelsRule,
  UniqueStagesRule,
  UniqueFieldsRule,
  UniqueEventsRule,
  UniqueEventPropertiesRule,
  UniqueSegmentsRule,
  UniqueSplitVariantsRule,
  UniqueChannelsRule,
  UniqueDataKeysRule,
  SingleGoalRule,
  UniqueChoicesRule,
  AcyclicSegmentsRule,
  SegmentsWithoutEventsRule,
  ReservedNamesRule,
  JourneyNameRule,
  // JRN2xx types
  CompareTypesRule,
  OneOfValuesRule,
  ContainsOnListRule,
  AgoOnDatetimeRule,
  AddToNumberRule,
  SetValueTypeRule,
  EventInScopeRule,
  ValidDatesRule,
  // JRN3xx stage graph
  InitialStageRule,
  ReachableStagesRule,
  WayOutRule,
  TerminalStagesRule,
  HasStagesRule,
  NoGotoOnExitRule,
  // JRN4xx experiments and durations
  SplitWeightsRule,
  ConsistentSplitsRule,
  PercentRangeRule,
  // JRN5xx logic
  SatisfiableConditionsRule,
  // JRN6xx unused declarations
  UnusedSegmentsRule,
  UnusedEventsRule,
  UnusedChannelsRule,
];

export {
  AcyclicSegmentsRule, ConsistentSplitsRule, SegmentsWithoutEventsRule, AddToNumberRule, AgoOnDatetimeRule, CompareTypesRule, ContainsOnListRule, EventInScopeRule, HasStagesRule,
  InitialStageRule, KnownChannelsRule, KnownEventPropertiesRule, KnownEventsRule, KnownFieldsRule, KnownSegmentsRule,
  KnownStagesRule, NoGotoOnExitRule, OneOfValuesRule, PercentRangeRule, ReachableStagesRule,
  SatisfiableConditionsRule, SetValueTypeRule, SingleGoalRule, SplitWeightsRule, TerminalStagesRule, UniqueChannelsRule,
  UniqueChoicesRule, UniqueDataKeysRule, UniqueEventPropertiesRule, UniqueEventsRule, UniqueFieldsRule, UniqueSegmentsRule,
  UniqueSplitVariantsRule, UniqueStagesRule, UnusedChannelsRule, UnusedEventsRule, UnusedSegmentsRule, ValidDatesRule,
  WayOutRule,
};

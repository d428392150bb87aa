/**
 * `@journeys/runtime`: run compiled journeys on your application's customers.
 *
 * @example
 * ```ts
 * import { createRuntime, createMemoryStore, systemClock } from "@journeys/runtime";
 * const runtime = createRuntime({ journeys: [ir], store: createMemoryStore(), clock: systemClock, handlers: { email: sendEmail } });
 * ```
 */
export { createRuntime, type RuntimeOptions, type JourneyRuntime, type IngestResult, type RunDueResult } from "./runtime.js";
export type { RuntimeQueries, CustomerView } from "./queries.js";
export { systemClock, createSimulatedClock, type Clock, type SimulatedClock } from "./clock.js";
export { createMemoryStore, type MemoryStore, type SyncStoreFace } from "./store/memory.js";
export { applyMetricDelta } from "./store/aggregate.js";
export type * from "./store/types.js";
export { JourneyRuntimeError, isRuntimeError, type RuntimeErrorCode, type FieldIssue } from "./errors.js";
export { type ActionHandler, type ActionDelivery, type RetryPolicy, defaultRetryPolicy, backoffMs } from "./delivery/deliver.js";
export { summariseMetrics, percentile, type JourneyMetrics, type GroupMetrics, type StageMetrics, type ConversionMetrics } from "./metrics.js";
export { idempotencyKey } from "./engine/actions.js";
export { stablePercent, pickVariant, inHoldout } from "./split.js";
export { createEngine, type Engine } from "./engine/engine.js";
export type { HostInput, RecordInput, EventInput } from "./inputs/schemas.js";
export { compileJourney, type CompiledJourney } from "./engine/compiled-journey.js";
export type { MigrationOptions } from "./engine/migrate.js";

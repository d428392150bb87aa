/**
 * Journey metrics as a host reads them (per version, and per split variant): customers now in
 * each stage, entered / exited, stage-to-stage conversion, time in stage, goal conversion.
 */
import type { MetricGroupData, MetricsData } from "./store/types.js";

/** Numbers of one stage. */
export interface StageMetrics {
  stage: string;
  /** Customers in the stage now (entered − exited). */
  current: number;
  entered: number;
  exited: number;
  /** Completed stays: count, median and 90th percentile (nearest rank), null when none. */
  timeInStage: { count: number; medianMs: number | null; p90Ms: number | null };
}

/** One stage-to-stage conversion: `count` of the customers who left `from` went to `to`. */
export interface ConversionMetrics {
  from: string;
  to: string;
  count: number;
  /** count / exits of `from` (0 when nobody exited). */
  rate: number;
}

/** The numbers of one group of customers (everybody, or one variant). */
export interface GroupMetrics {
  enrolled: number;
  goals: number;
  /** goals / enrolled (0 when nobody enrolled). */
  goalConversion: number;
  stages: StageMetrics[];
  conversions: ConversionMetrics[];
}

/** Metrics of one journey version. */
export interface JourneyMetrics {
  journeyId: string;
  version: number;
  all: GroupMetrics;
  /** Per `"split=variant"` (and `"holdout=control"` / `"holdout=treatment"`). */
  variants: Record<string, GroupMetrics>;
}

/**
 * Nearest-rank percentile of ascending values, or null for none.
 *
 * @example
 * ```ts
 * percentile([10, 20, 30, 40], 0.5); // 20
 * percentile([10, 20, 30, 40], 0.9); // 40
 * ```
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}

function group(data: MetricGroupData | undefined, stageNames: readonly string[]): GroupMetrics {
  const g = data ?? { enrolled: 0, goals: 0, stages: {}, moves: {} };
  const stages = stageNames.map((stage): StageMetrics => {
    const s = g.stages[stage] ?? { entered: 0, exited: 0, durationsMs: [] };
    const sorted = [...s.durationsMs].sort((a, b) => a - b);
    return {
      stage,
      current: s.entered - s.exited,
      entered: s.entered,
      exited: s.exited,
      timeInStage: { count: sorted.length, medianMs: percentile(sorted, 0.5), p90Ms: percentile(sorted, 0.9) },
    };
  });
  const exits = new Map(stages.map((s) => [s.stage, s.exited]));
  const conversions = Object.entries(g.moves)
    .map(([key, count]): ConversionMetrics => {
      const [from = "", to = ""] = key.split(">");
      const out = exits.get(from) ?? 0;
      return { from, to, count, rate: out === 0 ? 0 : count / out };
    })
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { enrolled: g.enrolled, goals: g.goals, goalConversion: g.enrolled === 0 ? 0 : g.goals / g.enrolled, stages, conversions };
}

/**
 * Summarise a store's raw metrics of one journey version (what `runtime.metrics()` returns).
 *
 * @example
 * ```ts
 * const m = summariseMetrics("shop", 3, ["welcome", "cart"], await store.readMetrics("shop", 3));
 * m.all.stages[0].current; // customers in "welcome" now
 * ```
 */
export function summariseMetrics(journeyId: string, version: number, stageNames: readonly string[], data: MetricsData): JourneyMetrics {
  const variants: Record<string, GroupMetrics> = Object.create(null);
  for (const key of Object.keys(data).sort()) if (key !== "") variants[key] = group(data[key], stageNames);
  return { journeyId, version, all: group(data[""], stageNames), variants };
}

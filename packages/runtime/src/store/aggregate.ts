/**
 * Folding metric deltas into {@link MetricsData}: shared by every store so that all of them
 * aggregate identically (a SQL store may also keep the deltas as rows and fold them on read).
 */
import type { MetricDelta, MetricGroupData, MetricsData } from "./types.js";

function emptyGroup(): MetricGroupData {
  return { enrolled: 0, goals: 0, stages: Object.create(null), moves: Object.create(null) };
}

function stageOf(group: MetricGroupData, stage: string) {
  let s = group.stages[stage];
  if (s === undefined) {
    s = { entered: 0, exited: 0, durationsMs: [] };
    group.stages[stage] = s;
  }
  return s;
}

/** `"from>to"`, built once per pair of stage names (a journey has few). */
const moveKeys = new Map<string, Map<string, string>>();
function moveKey(from: string, to: string): string {
  let byTo = moveKeys.get(from);
  if (byTo === undefined) {
    // Stage names come from loaded journeys: bounded, but keep the cache small regardless.
    if (moveKeys.size >= 1024) return `${from}>${to}`;
    moveKeys.set(from, (byTo = new Map()));
  }
  let key = byTo.get(to);
  if (key === undefined) {
    key = `${from}>${to}`;
    if (byTo.size < 1024) byTo.set(to, key);
  }
  return key;
}

function applyToGroup(group: MetricGroupData, delta: MetricDelta): void {
  switch (delta.kind) {
    case "assign":
      // The customer joins a variant group mid-enrolment: count them as enrolled in it and in
      // their current stage, so "now in stage" and conversions per variant add up.
      group.enrolled++;
      if (delta.stage !== null) stageOf(group, delta.stage).entered++;
      return;
    case "enrol":
      group.enrolled++;
      return;
    case "goal":
      group.goals++;
      return;
    case "enter":
      if (delta.stage !== null) stageOf(group, delta.stage).entered++;
      return;
    case "exit":
      if (delta.stage !== null) {
        const s = stageOf(group, delta.stage);
        s.exited++;
        if (delta.durationMs !== undefined) s.durationsMs.push(delta.durationMs);
      }
      return;
    case "move": {
      const key = moveKey(delta.stage ?? "", delta.toStage ?? "");
      group.moves[key] = (group.moves[key] ?? 0) + 1;
      return;
    }
  }
}

/**
 * Fold one delta into `data` (mutates it): into the `""` group and into each variant group
 * (an `assign` delta only into its variant groups).
 *
 * @example
 * ```ts
 * const data: MetricsData = Object.create(null);
 * applyMetricDelta(data, { journeyId: "j", version: 1, kind: "enrol", stage: null, variants: [] });
 * data[""]!.enrolled; // 1
 * ```
 */
export function applyMetricDelta(data: MetricsData, delta: MetricDelta): void {
  const all = (data[""] ??= emptyGroup());
  if (delta.kind !== "assign") applyToGroup(all, delta);
  const vs = delta.variants;
  for (let i = 0; i < vs.length; i++) applyToGroup((data[vs[i]!] ??= emptyGroup()), delta);
}

/**
 * The run report as data (`journey run --report json`): one JSON object with the inputs, the
 * stages, stage-to-stage conversions, the goal, messages and per-variant results. The pretty
 * report renders the same object.
 */
import type { JourneyIR } from "@journeys/dsl";
import type { SimulationResult } from "../run/simulate.js";
import { isoTime } from "../run/time.js";
import { describeCondition } from "../graph/describe.js";

/** The run report. Rates are fractions (0.25 = 25%), durations milliseconds, times ISO strings. */
export interface RunReport {
  journey: { id: string; name: string; version: number; file: string };
  simulation: { start: string; until: string; timersFired: number };
  inputs: {
    records: { file: string; read: number; applied: number; quarantined: number };
    events: { file: string; read: number; applied: number; duplicates: number; quarantined: number; afterUntil: number; beforeStart: number } | null;
  };
  stages: Array<{
    stage: string;
    label: string;
    terminal: boolean;
    current: number;
    entered: number;
    exited: number;
    medianTimeInStageMs: number | null;
  }>;
  conversions: Array<{ from: string; to: string; count: number; rate: number }>;
  goal: { description: string; enrolled: number; reached: number; rate: number } | null;
  enrolled: number;
  messages: {
    total: number;
    byChannel: Record<string, number>;
    byTemplate: Array<{ channel: string; template: string; count: number }>;
    skipped: { holdout: number; control: number; condition: number };
  };
  /** Per split arm (`split=variant`) and holdout group; customers are counted per enrolment. */
  variants: Array<{ group: string; customers: number; goals: number; goalConversion: number; messages: number }>;
  quarantine: { total: number; listed: Array<{ file: string; line: number; customer: string | null; reason: string }> };
}

/**
 * Builds the report from a simulation.
 *
 * @example
 * ```ts
 * const report = buildRunReport(ir, result, { journey: "shop.journey", records: "customers.ndjson", events: "events.ndjson" });
 * ```
 */
export function buildRunReport(
  ir: JourneyIR,
  result: SimulationResult,
  files: { journey: string; records: string; events?: string },
): RunReport {
  const all = result.metrics.all;
  const labels = new Map(ir.stages.map((s) => [s.name, s]));
  const byTemplate = [...result.messages.byTemplate.entries()]
    .map(([key, count]) => {
      const [channel = "", template = ""] = key.split("\t");
      return { channel, template, count };
    })
    .sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel) || a.template.localeCompare(b.template));
  return {
    journey: { id: ir.journey.id, name: ir.journey.name, version: ir.journey.version, file: files.journey },
    simulation: { start: isoTime(result.start), until: isoTime(result.until), timersFired: result.timersFired },
    inputs: {
      records: { file: files.records, ...result.records },
      events: files.events === undefined ? null : { file: files.events, ...result.events },
    },
    stages: all.stages.map((s) => ({
      stage: s.stage,
      label: labels.get(s.stage)?.label ?? s.stage,
      terminal: labels.get(s.stage)?.terminal ?? false,
      current: s.current,
      entered: s.entered,
      exited: s.exited,
      medianTimeInStageMs: s.timeInStage.medianMs,
    })),
    conversions: all.conversions
      .map((c) => ({ from: c.from, to: c.to, count: c.count, rate: c.rate }))
      .sort((a, b) => stageIndex(ir, a.from) - stageIndex(ir, b.from) || b.count - a.count),
    goal: ir.goal
      ? {
          description: ir.goal.kind === "stage" ? `stage ${ir.goal.stage}` : describeCondition(ir.goal.when),
          enrolled: all.enrolled,
          reached: all.goals,
          rate: all.goalConversion,
        }
      : null,
    enrolled: all.enrolled,
    messages: {
      total: result.messages.total,
      byChannel: Object.fromEntries([...result.messages.byChannel.entries()].sort((a, b) => b[1] - a[1])),
      byTemplate,
      skipped: { ...result.messages.skipped },
    },
    variants: [...result.variants.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([group, v]) => ({
        group,
        customers: v.customers,
        goals: v.goals,
        goalConversion: v.customers === 0 ? 0 : v.goals / v.customers,
        messages: v.messages,
      })),
    quarantine: {
      total: result.quarantinedTotal,
      // The record file first, then the event file, each in line order.
      listed: result.quarantined
        .map((q) => ({ ...q }))
        .sort((a, b) => Number(a.file !== files.records) - Number(b.file !== files.records) || a.line - b.line),
    },
  };
}

function stageIndex(ir: JourneyIR, name: string): number {
  const index = ir.stages.findIndex((s) => s.name === name);
  return index === -1 ? ir.stages.length : index;
}

/**
 * The report as pretty-printed JSON text.
 *
 * @example
 * ```ts
 * ctx.stdout.write(renderJsonReport(report));
 * ```
 */
export function renderJsonReport(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

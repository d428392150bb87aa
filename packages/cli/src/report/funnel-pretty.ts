/**
 * The run report for a person at a terminal: stages as a funnel, conversions, the goal, messages
 * by channel and template, split variants and quarantined inputs.
 */
import { createColors } from "picocolors";
import type { RunReport } from "./funnel-json.js";
import { humanDuration, percent, table } from "./table.js";

/** Options of {@link renderPrettyReport}. */
export interface PrettyReportOptions {
  readonly color?: boolean;
}

/**
 * Renders the report as text.
 *
 * @example
 * ```ts
 * ctx.stdout.write(renderPrettyReport(report, { color: useColor(ctx.env, ctx.stdout) }));
 * ```
 */
export function renderPrettyReport(report: RunReport, options: PrettyReportOptions = {}): string {
  const c = createColors(options.color === true);
  const out: string[] = [];
  const heading = (text: string) => out.push(`\n${c.bold(text)}\n`);

  out.push(`${c.bold(`${report.journey.name}`)} (version ${report.journey.version}, ${report.journey.file})\n`);
  out.push(`Simulated ${report.simulation.start} → ${report.simulation.until}\n`);
  const r = report.inputs.records;
  out.push(`Records: ${r.read} read, ${r.applied} applied, ${r.quarantined} quarantined (${r.file})\n`);
  const e = report.inputs.events;
  if (e) {
    const before = e.beforeStart > 0 ? `, ${e.beforeStart} before --start (not simulated)` : "";
    const after = `${before}${e.afterUntil > 0 ? `, ${e.afterUntil} after --until (not simulated)` : ""}`;
    out.push(`Events:  ${e.read} read, ${e.applied} applied, ${e.duplicates} duplicate, ${e.quarantined} quarantined${after} (${e.file})\n`);
  }
  out.push(`Timers fired: ${report.simulation.timersFired}\n`);

  heading(`Stages (${report.enrolled} enrolled)`);
  out.push(
    table(
      [{ header: "stage" }, { header: "now", align: "right" }, { header: "entered", align: "right" }, { header: "left", align: "right" }, { header: "median stay", align: "right" }],
      report.stages.map((s) => [
        s.label === s.stage ? s.stage : `${s.label} (${s.stage})`,
        String(s.current),
        String(s.entered),
        s.terminal ? "-" : String(s.exited),
        s.medianTimeInStageMs === null ? "-" : humanDuration(s.medianTimeInStageMs),
      ]),
    ),
  );

  heading("Conversions between stages");
  if (report.conversions.length === 0) out.push("  (no customer moved between stages)\n");
  else {
    out.push(
      table(
        [{ header: "from" }, { header: "to" }, { header: "customers", align: "right" }, { header: "of leavers", align: "right" }],
        report.conversions.map((v) => [v.from, `→ ${v.to}`, String(v.count), percent(v.rate)]),
      ),
    );
  }

  if (report.goal) {
    heading("Goal");
    const g = report.goal;
    out.push(`  ${g.description}: ${c.bold(`${g.reached} of ${g.enrolled}`)} enrolled customers (${percent(g.rate)})\n`);
  }

  heading(`Messages (${report.messages.total} sent)`);
  if (report.messages.byTemplate.length === 0) out.push("  (none)\n");
  else {
    const channels = Object.entries(report.messages.byChannel).map(([channel, n]) => `${channel} ${n}`);
    out.push(`  by channel: ${channels.join(", ")}\n`);
    out.push(
      table(
        [{ header: "channel" }, { header: "template" }, { header: "sent", align: "right" }],
        report.messages.byTemplate.map((m) => [m.channel, m.template, String(m.count)]),
      ),
    );
  }
  const sk = report.messages.skipped;
  if (sk.holdout + sk.control + sk.condition > 0) {
    out.push(`  not sent: ${sk.holdout} holdout, ${sk.control} split control, ${sk.condition} condition not met\n`);
  }

  if (report.variants.length > 0) {
    heading("Variants");
    out.push(
      table(
        [{ header: "group" }, { header: "customers", align: "right" }, { header: "goal", align: "right" }, { header: "rate", align: "right" }, { header: "messages", align: "right" }],
        report.variants.map((v) => [v.group, String(v.customers), String(v.goals), percent(v.goalConversion), String(v.messages)]),
      ),
    );
  }

  const q = report.quarantine;
  heading(`Quarantined inputs (${q.total})`);
  if (q.total === 0) out.push("  (none)\n");
  for (const item of q.listed) {
    out.push(`  ${item.file}:${item.line}  ${c.yellow(item.reason)}\n`);
  }
  if (q.total > q.listed.length) out.push(`  … and ${q.total - q.listed.length} more\n`);
  return out.join("");
}

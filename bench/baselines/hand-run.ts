/**
 * What a hand-written `journey run` of the six-stage journey would cost: the read-and-parse floor
 * (read-parse.mjs: 1 MiB chunks, `JSON.parse` per line) plus the hand-written journey
 * (six-stage.ts: if/else over a Map). No validation, deduplication, quarantine, history,
 * metrics or report: the least any program that parses its input with `JSON.parse` and decides
 * the same stages can do. Shown next to `journey run` to tell how much of the gap to the
 * read-and-parse floor is the journey's decisions themselves.
 *
 * `node bench/baselines/hand-run.ts START_MS RECORDS EVENTS` prints one result line
 * (bench/lib/rss.mjs) with the stage counts, sends and goals.
 */
import { forEachLine } from "./read-parse.mjs";
import { SixStageFloor } from "./six-stage.ts";
import { reportResult } from "../lib/rss.mjs";

interface RecordLine {
  readonly id: string;
  readonly nps?: number;
}
interface EventLine {
  readonly customer: string;
  readonly type: string;
  readonly at: string;
}

/** Records at `start`, then events at their own times; the floor's counts. */
export function handRun(start: number, records: string, events: string): SixStageFloor {
  const floor = new SixStageFloor();
  forEachLine(records, (text: string) => {
    if (text.length === 0) return;
    const r = JSON.parse(text) as RecordLine;
    floor.record(r.id, start, r);
  });
  forEachLine(events, (text: string) => {
    if (text.length === 0) return;
    const e = JSON.parse(text) as EventLine;
    floor.event(e.customer, Date.parse(e.at), e.type);
  });
  return floor;
}

if (import.meta.filename === process.argv[1]) {
  const started = performance.now();
  const [start, records, events] = process.argv.slice(2);
  const floor = handRun(Number(start), records!, events!);
  reportResult({ counts: floor.stageCounts(), sends: floor.totals.sends, goals: floor.totals.goals, ms: performance.now() - started });
}

/**
 * A batch of inputs on its way to `runtime.ingestMany()`, with the lines that were not applied
 * (bad JSON, an invalid record or event, an event out of order) waiting in it so that the
 * quarantine report stays in line order: a problem is reported after the results of the inputs
 * that came before it. Valid inputs are kept as the runtime takes them, with their line numbers
 * in a typed array beside them, so a valid line costs no wrapper object.
 */
import type { HostInput, IngestResult, JourneyRuntime } from "@journeys/runtime";
import type { QuarantinedInput } from "./simulate.js";

/** A line that is not applied, kept to be reported in line order. */
interface Problem {
  /** How many valid inputs of the batch come before it. */
  readonly before: number;
  readonly line: number;
  readonly customer: string | null;
  readonly reason: string;
}

/** What {@link InputBatch.flush} counts. */
export interface BatchTally {
  applied: number;
  duplicates: number;
  quarantined: number;
}

/**
 * Inputs and problems in line order, flushed through `ingestMany()`.
 *
 * @example
 * ```ts
 * const batch = new InputBatch(runtime, "events.ndjson", quarantine);
 * batch.add({ kind: "event", id: "e1", customerId: "c1", type: "visit", at }, "c1", 1);
 * batch.problem(2, null, "not valid JSON (Unexpected token)");
 * await batch.flush(counts); // reports line 1's result (if quarantined), then line 2
 * ```
 */
export class InputBatch {
  private inputs: HostInput[] = [];
  private lines: Int32Array;
  private problems: Problem[] = [];

  constructor(
    private readonly runtime: JourneyRuntime,
    private readonly file: string,
    private readonly quarantine: (q: QuarantinedInput) => void,
    capacity = 4096,
  ) {
    this.lines = new Int32Array(capacity);
  }

  /** Valid inputs in the batch. */
  get size(): number {
    return this.inputs.length;
  }

  /** Lines not applied waiting in the batch. */
  get problemCount(): number {
    return this.problems.length;
  }

  /** Whether the batch holds nothing at all. */
  get empty(): boolean {
    return this.inputs.length === 0 && this.problems.length === 0;
  }

  /** Adds a valid input (a record or event as `ingestMany` takes it) read from `line`. */
  add(input: HostInput, line: number): void {
    const n = this.inputs.length;
    if (n === this.lines.length) {
      const grown = new Int32Array(n * 2);
      grown.set(this.lines);
      this.lines = grown;
    }
    this.lines[n] = line;
    this.inputs.push(input);
  }

  /** Adds a line that is not applied, with the reason the report gives. */
  problem(line: number, customer: string | null, reason: string): void {
    this.problems.push({ before: this.inputs.length, line, customer, reason });
  }

  /** Ingests the batch, reports quarantined lines in line order into `tally`, and empties it. */
  async flush(tally: BatchTally): Promise<void> {
    const { inputs, problems, lines } = this;
    this.inputs = [];
    this.problems = [];
    const results: IngestResult[] = inputs.length === 0 ? [] : await this.runtime.ingestMany(inputs);
    let p = 0;
    for (let i = 0; i < results.length; i++) {
      while (p < problems.length && problems[p]!.before === i) this.report(problems[p++]!, tally);
      const result = results[i]!;
      if (result.status === "quarantined") {
        tally.quarantined++;
        const customer = inputs[i]!.customerId;
        this.quarantine({ file: this.file, line: lines[i]!, customer, reason: `customer "${customer}": ${result.error.message.replace(/\.$/, "")}` });
      } else if (result.status === "duplicate") tally.duplicates++;
      else tally.applied++;
    }
    while (p < problems.length) this.report(problems[p++]!, tally);
  }

  private report(p: Problem, tally: BatchTally): void {
    tally.quarantined++;
    this.quarantine({ file: this.file, line: p.line, customer: p.customer, reason: p.reason });
  }
}

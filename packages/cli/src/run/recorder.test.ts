import { compile } from "@journeys/dsl";
import { createMemoryStore, createRuntime, createSimulatedClock, type ActionDelivery, type HistoryRow } from "@journeys/runtime";
import { describe, expect, it } from "vitest";
import { observeStore, RunRecorder } from "./recorder.js";

function row(customerId: string, type: HistoryRow["type"], extra: Partial<HistoryRow> = {}): HistoryRow {
  return { at: 0, customerId, journeyId: "j", version: 1, enrolment: 1, type, stage: "s", reason: "r", ...extra };
}

function send(customerId: string, channel: string, template: string): ActionDelivery {
  return {
    idempotencyKey: "k",
    kind: "send",
    channel,
    template,
    data: {},
    customer: { id: customerId, record: {}, tags: [] },
    journey: { id: "j", version: 1 },
    stage: "s",
    actionId: "a",
    attempt: 1,
  };
}

describe("RunRecorder", () => {
  it("tallies split arms and holdout groups: customers, goals and messages", async () => {
    const seen: HistoryRow[] = [];
    const recorder = new RunRecorder({ holdout: true, splits: true }, (rows) => seen.push(...rows));
    recorder.history([
      row("c1", "enrol"),
      row("c1", "split", { detail: { split: "subject", variant: "a" } }),
      row("c2", "enrol", { detail: { holdout: true } }),
      row("c2", "action", { status: "skipped", reason: "on enter: holdout (control group)" }),
      row("c1", "split", { detail: { split: "subject", variant: "a" } }), // the stage entered again
      row("c1", "action", { status: "skipped", reason: 'on enter: split "subject" control (control group)' }),
      row("c1", "action", { status: "skipped", reason: "after 2 days: condition not met" }),
      row("c1", "goal"),
    ]);
    await recorder.handler(send("c1", "email", "hi"));
    await recorder.handler(send("c1", "sms", "hi"));
    await recorder.handler({ ...send("c1", "email", "x"), kind: "tag" });
    expect(seen).toHaveLength(8);
    expect(Object.fromEntries(recorder.variants)).toEqual({
      "holdout=treatment": { customers: 1, goals: 1, messages: 2 },
      "subject=a": { customers: 1, goals: 1, messages: 2 },
      "holdout=control": { customers: 1, goals: 0, messages: 0 },
    });
    expect(recorder.messages.total).toBe(2);
    expect(Object.fromEntries(recorder.messages.byTemplate)).toEqual({ "email\thi": 1, "sms\thi": 1 });
    expect(recorder.messages.skipped).toEqual({ holdout: 1, control: 1, condition: 1 });
  });

  it("tracks no groups for a journey without splits or holdout, but still counts skipped sends", async () => {
    const recorder = new RunRecorder({ holdout: false, splits: false });
    recorder.history([row("c1", "enrol"), row("c1", "action", { status: "skipped", reason: "on enter: condition not met" }), row("c1", "goal")]);
    await recorder.handler(send("c1", "email", "hi"));
    expect(recorder.variants.size).toBe(0);
    expect(recorder.messages.skipped).toEqual({ holdout: 0, control: 0, condition: 1 });
    expect(recorder.messages.total).toBe(1);
  });

  it("observes the commits and the settled deliveries of a runtime on the observed store, keeping no history in the store", async () => {
    const { ir } = compile(`journey "Obs" {
  channels email
  customer { email text required }
  stage a initial {
    on enter { send email "hi" }
  }
}`);
    const rows: HistoryRow[] = [];
    const recorder = new RunRecorder({ holdout: false, splits: false }, (r) => rows.push(...r));
    const memory = createMemoryStore();
    const store = observeStore(memory, recorder);
    // The runtime delivers through a synchronous face only when the face names its store as owner.
    expect((store as { sync?: { owner: unknown } }).sync?.owner).toBe(store);
    const runtime = createRuntime({ journeys: [ir!], store, clock: createSimulatedClock(0), handlers: { email: recorder.handler } });
    const results = await runtime.ingestMany([{ kind: "record", customerId: "c1", record: { email: "a@x.io" } }]);
    expect(results.map((r) => r.status)).toEqual(["applied"]);
    await runtime.runDue();
    expect(recorder.messages.total).toBe(1);
    expect(rows.map((r) => `${r.type}:${r.status ?? ""}`)).toEqual(["enrol:", "enter:", "action:queued", "action:sent"]);
    expect(await memory.listHistory("c1")).toEqual([]);
    expect(await memory.listActions("c1")).toEqual([]);
  });
});

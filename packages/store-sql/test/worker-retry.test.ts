/**
 * Reliability 5: a handler that fails transiently succeeds on retry; one that always fails ends
 * dead-lettered with its error; the customer's stage is unaffected either way.
 */
import { describe, expect, it } from "vitest";
import pg from "pg";
import { openPostgresStore } from "../src/open.js";
import { skipPg } from "./helpers/pg.js";
import { useWorkerTestbed } from "./helpers/testbed.js";
import { deliveryCounts, enqueueInputs, eventually, startWorkerProcess } from "./helpers/workers.js";

// On-event actions carry the event id in their key (spec §3.13 plus the runtime's `:e:<event>`).
const FLAKY = "reliability:1:r1:1:1:waiting/on:flaky/0:e:f1";
const BROKEN = "reliability:1:r1:1:1:waiting/on:broken/0:e:b1";

describe.skipIf(skipPg)("delivery retries and dead letters through workers", () => {
  const bed = useWorkerTestbed("jt_retry", 3);

  it("retries a transient failure to success and dead-letters a permanent one, stage untouched", async () => {
    const env = { RETRY_BASE_MS: "300", MAX_ATTEMPTS: "3" };
    bed.workers.push(...(await Promise.all([startWorkerProcess(bed.db.url, env), startWorkerProcess(bed.db.url, env)])));
    await enqueueInputs(bed.db.url, [
      { kind: "record", customerId: "r1", record: { score: 0 } },
      { kind: "event", id: "f1", customerId: "r1", type: "flaky" },
      { kind: "event", id: "b1", customerId: "r1", type: "broken" },
    ]);
    const store = await openPostgresStore({ connectionString: bed.db.url, max: 2 });
    try {
      const status = async () => Object.fromEntries((await store.listActions("r1")).map((a) => [a.id, a.status]));
      await eventually(status, (s) => s[FLAKY] === "done" && s[BROKEN] === "dead");

      const counts = await deliveryCounts(bed.pool);
      expect(counts.get(FLAKY)).toBe(2);
      expect(counts.get(BROKEN)).toBe(3);
      const actions = new Map((await store.listActions("r1")).map((a) => [a.id, a]));
      expect(actions.get(FLAKY)).toMatchObject({ status: "done", attempts: 2 });
      expect(actions.get(BROKEN)).toMatchObject({ status: "dead", attempts: 3, lastError: "SMTP 550 mailbox unavailable" });
      const dead = await store.listDeadLetters();
      expect(dead.map((d) => [d.id, d.lastError])).toEqual([[BROKEN, "SMTP 550 mailbox unavailable"]]);

      const customer = await store.loadCustomer("r1");
      expect(customer?.journeys.reliability).toMatchObject({ stage: "waiting", status: "active" });
      // Record + two events: deliveries and their failures never committed a customer update.
      expect(customer?.rev).toBe(3);
      const history = await store.listHistory("r1");
      const of = (actionId: string) => history.filter((h) => h.actionId === actionId).map((h) => h.status);
      expect(of("waiting/on:flaky/0")).toEqual(["queued", "failed", "sent"]);
      expect(of("waiting/on:broken/0")).toEqual(["queued", "failed", "failed", "dead"]);
    } finally {
      await store.close();
    }
  }, 120_000);
});

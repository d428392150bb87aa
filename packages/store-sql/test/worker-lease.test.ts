/**
 * Reliability 6: a worker whose lease lapsed cannot commit over the newer attempt. The first
 * delivery of "slow" outlives its lease; pg-boss expires the job and a worker claims the action
 * again (a newer attempt), which fails quickly and is settled as a retry far in the future. The
 * first delivery then fails late: its settle presents the old attempt and must be ignored.
 */
import { describe, expect, it } from "vitest";
import pg from "pg";
import { openPostgresStore } from "../src/open.js";
import { skipPg } from "./helpers/pg.js";
import { useWorkerTestbed } from "./helpers/testbed.js";
import { deliveryCounts, enqueueInputs, eventually, startWorkerProcess } from "./helpers/workers.js";

const SLOW = "reliability:1:s1:1:1:waiting/on:slow/0:e:slow-1";

describe.skipIf(skipPg)("a lapsed lease against a newer attempt", () => {
  const bed = useWorkerTestbed("jt_lease", 3);

  it("ignores the stale attempt's settle; the newer attempt's outcome stands", async () => {
    const env = { LEASE_MS: "2000", RETRY_BASE_MS: "600000", MAX_ATTEMPTS: "5", SHUTDOWN_MS: "20000" };
    bed.workers.push(...(await Promise.all([startWorkerProcess(bed.db.url, env), startWorkerProcess(bed.db.url, env)])));
    await enqueueInputs(bed.db.url, [
      { kind: "record", customerId: "s1", record: { score: 0 } },
      { kind: "event", id: "slow-1", customerId: "s1", type: "slow" },
    ]);
    await eventually(async () => (await deliveryCounts(bed.pool)).get(SLOW), (n) => n === 2, 60_000);
    // A graceful stop waits for in-flight deliveries, so the stale one has settled (or tried to).
    for (const w of bed.workers) expect(await w.stop()).toBe(0);

    const store = await openPostgresStore({ connectionString: bed.db.url, max: 2 });
    try {
      const action = (await store.listActions("s1")).find((a) => a.id === SLOW)!;
      expect(action).toMatchObject({ status: "pending", attempts: 1, lastError: "newer attempt failed" });
      const failures = (await store.listHistory("s1")).filter((h) => h.actionId === "waiting/on:slow/0" && h.status === "failed");
      expect(failures.map((h) => h.detail?.error)).toEqual(["newer attempt failed"]);
      const { rows } = await bed.pool.query<{ attempt: number }>("SELECT attempt FROM journeys.outbox WHERE id = $1", [SLOW]);
      expect(rows[0]!.attempt).toBe(2);
    } finally {
      await store.close();
    }
  }, 120_000);
});

/**
 * Handlers never run while a lock is held: while each handler runs, it tries to lock (NOWAIT,
 * from its own connection) the customer row and the outbox row its delivery concerns. A handler
 * called inside the transaction that queued, claimed or settles the action would find them
 * locked. Each customer has a single commit (its record), so nothing else legitimately holds them.
 */
import { describe, expect, it } from "vitest";
import pg from "pg";
import { skipPg } from "./helpers/pg.js";
import { useWorkerTestbed } from "./helpers/testbed.js";
import { enqueueInputs, eventually, startWorkerProcess } from "./helpers/workers.js";

describe.skipIf(skipPg)("handlers and locks", () => {
  const bed = useWorkerTestbed("jt_locks", 2);

  it("neither the customer's row nor the action's row is locked while its handler runs", async () => {
    bed.workers.push(...(await Promise.all([1, 2].map(() => startWorkerProcess(bed.db.url, { PROBE_LOCKS: "1" })))));
    const inputs = Array.from({ length: 40 }, (_, i) => ({ kind: "record", customerId: `l${i}`, record: { score: 0 } }));
    await enqueueInputs(bed.db.url, inputs);
    const rows = await eventually(
      async () => (await bed.pool.query<{ key: string; locks: number }>("SELECT key, locks FROM test_deliveries")).rows,
      (r) => r.length === 40,
    );
    expect(rows.filter((r) => r.locks !== 0)).toEqual([]);
  }, 60_000);
});

/**
 * Reliability 3: two workers hammer the same 10 customers with 2,000 updates: nothing is lost,
 * and each customer's revision only ever increases (watched by a concurrent reader).
 */
import { describe, expect, it } from "vitest";
import pg from "pg";
import { skipPg } from "./helpers/pg.js";
import { useWorkerTestbed } from "./helpers/testbed.js";
import { enqueueInputs, eventually, openJobs, startWorkerProcess } from "./helpers/workers.js";
import { QUEUES } from "../src/worker/queues.js";

const CUSTOMERS = 10;
const UPDATES = 2_000;

describe.skipIf(skipPg)("two workers, ten customers, 2,000 updates", () => {
  const bed = useWorkerTestbed("jt_hammer", 3);

  it("loses no update and never moves a revision backwards", async () => {
    const env = { CONCURRENCY: "8" };
    bed.workers.push(...(await Promise.all([startWorkerProcess(bed.db.url, env), startWorkerProcess(bed.db.url, env)])));
    const records = Array.from({ length: CUSTOMERS }, (_, i) => ({ kind: "record", customerId: `h${i}`, record: { score: 0 } }));
    await enqueueInputs(bed.db.url, records);
    await eventually(async () => (await bed.pool.query("SELECT 1 FROM journeys.customers")).rowCount, (n) => n === CUSTOMERS);

    const pings = Array.from({ length: UPDATES }, (_, i) => ({ kind: "event", id: `p${i}`, customerId: `h${i % CUSTOMERS}`, type: "ping" }));
    const seen = new Map<string, number>();
    const backwards: string[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const { rows } = await bed.pool.query<{ customer_id: string; rev: number }>("SELECT customer_id, rev::int FROM journeys.customers");
        for (const r of rows) {
          const before = seen.get(r.customer_id) ?? 0;
          if (r.rev < before) backwards.push(`${r.customer_id}: ${before} -> ${r.rev}`);
          seen.set(r.customer_id, r.rev);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await enqueueInputs(bed.db.url, pings);
    await eventually(
      async () => ({
        events: (
          await bed.pool.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM journeys.processed_events WHERE event_id NOT LIKE 'journeys-input-job:%'",
          )
        ).rows[0]!.n,
        open: await openJobs(bed.pool, QUEUES.input),
      }),
      (s) => s.events === UPDATES && s.open === 0,
      100_000,
    );
    watching = false;
    await watcher;

    expect(backwards).toEqual([]);
    const { rows } = await bed.pool.query<{ customer_id: string; rev: number; score: number }>(
      "SELECT customer_id, rev::int, (doc->'record'->>'score')::int AS score FROM journeys.customers ORDER BY customer_id",
    );
    expect(rows).toHaveLength(CUSTOMERS);
    for (const r of rows) {
      // One commit for the record, then one per ping: no update overwrote another.
      expect(r, r.customer_id).toMatchObject({ rev: 1 + UPDATES / CUSTOMERS, score: UPDATES / CUSTOMERS });
    }
    // Both workers took part (each reports the input jobs it handled when it stops).
    const handled = [];
    for (const w of bed.workers) {
      expect(await w.stop()).toBe(0);
      handled.push(Number(/jobs input=(\d+)/.exec(w.output())?.[1] ?? 0));
    }
    expect(handled.every((n) => n > 0)).toBe(true);
    expect(handled.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(CUSTOMERS + UPDATES);
  }, 120_000);
});

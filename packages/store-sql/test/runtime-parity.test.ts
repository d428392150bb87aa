/**
 * The same journey, inputs and simulated clock through `createRuntime` with the in-memory store,
 * the PGlite store and the PostgreSQL store: every customer's history, outbox, timers and the
 * journey's metrics must come out identical (the durable stores change where state lives, never
 * what the journey does).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryStore, createRuntime, createSimulatedClock, type JourneyStore } from "@journeys/runtime";
import { openPgliteStore, openPostgresStore } from "../src/open.js";
import { createTestDatabase, skipPg, type TestDatabase } from "./helpers/pg.js";
import { DAY, journeyIr } from "./fixtures/journey.js";

const T0 = Date.parse("2030-05-01T10:00:00Z");

async function play(store: JourneyStore) {
  const clock = createSimulatedClock(T0);
  const sent: string[] = [];
  const runtime = createRuntime({
    journeys: [journeyIr],
    store,
    clock,
    retry: { baseDelayMs: 60_000, maxAttempts: 2 },
    handlers: {
      email: (d) => {
        sent.push(`${d.idempotencyKey}#${d.attempt}`);
        if (d.template === "broken") throw new Error("mailbox full");
      },
    },
  });
  for (let i = 0; i < 12; i++) await runtime.upsertCustomer(`p${i}`, { score: i });
  clock.advance(3_600_000);
  for (let i = 0; i < 12; i++) {
    if (i % 3 === 0) await runtime.sendEvent({ id: `buy-${i}`, customerId: `p${i}`, type: "buy" });
    if (i % 3 === 1) await runtime.sendEvent({ id: `ping-${i}`, customerId: `p${i}`, type: "ping" });
    if (i % 4 === 2) await runtime.sendEvent({ id: `broken-${i}`, customerId: `p${i}`, type: "broken" });
  }
  // A duplicate, and an invalid input that must be quarantined.
  await runtime.sendEvent({ id: "ping-1", customerId: "p1", type: "ping" });
  await runtime.ingest({ kind: "event", id: "bad", customerId: "p1" });
  await runtime.runUntil(T0 + 4 * DAY);
  const customers = [];
  for (let i = 0; i < 12; i++) {
    const id = `p${i}`;
    const doc = await store.loadCustomer(id);
    customers.push({
      id,
      rev: doc?.rev,
      record: doc?.record,
      state: doc?.journeys.reliability,
      history: await store.listHistory(id),
      // Listing delivered rows is optional (JourneyStore v1.5); the SQL store keeps them as "done"
      // (so a re-queued idempotency key stays a no-op), the memory store drops them.
      actions: (await store.listActions(id)).filter((a) => a.status !== "done"),
      timers: await store.listTimers(id),
    });
  }
  const quarantine = (await store.listQuarantine()).map((q) => ({ input: q.input, error: q.error }));
  return { sent: sent.sort(), customers, metrics: JSON.parse(JSON.stringify(await store.readMetrics("reliability", 1))), dead: (await store.listDeadLetters()).map((d) => d.id), quarantine };
}

describe("runtime parity: memory, PGlite and PostgreSQL stores", () => {
  let reference: Awaited<ReturnType<typeof play>>;
  beforeAll(async () => {
    reference = await play(createMemoryStore());
  });

  it("PGlite (file-backed) gives the in-memory store's results", async () => {
    const dir = mkdtempSync(join(tmpdir(), "journeys-parity-"));
    const store = await openPgliteStore({ dataDir: dir });
    try {
      const got = await play(store);
      expect(got).toEqual(reference);
      expect(got.sent.length).toBeGreaterThan(20);
      // p2 and p10 get "broken" while waiting; p6 bought first, and "done" has no such block.
      expect(got.dead.length).toBe(2);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  describe.skipIf(skipPg)("on PostgreSQL", () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase("jt_parity");
    });
    afterAll(async () => {
      await db?.drop();
    });
    it("PostgreSQL gives the in-memory store's results", async () => {
      const store = await openPostgresStore({ connectionString: db.url, max: 4 });
      try {
        expect(await play(store)).toEqual(reference);
      } finally {
        await store.close();
      }
    }, 60_000);
  });
});

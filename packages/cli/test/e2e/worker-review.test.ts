/**
 * `journey worker` never marks an action as sent that nobody handled: a --handlers module must
 * cover every channel, a printed delivery is settled only once written, a closed stdout stops
 * the worker gracefully; bad input lines are counted and quarantined; events without an id get
 * the id rule of `journey run`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, FIXTURES, journey, REPO, tempDir } from "./helpers.js";

const MINI = join(FIXTURES, "run/mini.journey");
const TWO_CHANNELS = `journey "Two" {
  version 1
  channels email, sms
  customer {
    email text required
  }
  enroll when email is set
  stage start initial terminal {
    on enter {
      send email "hello"
      send sms "hi"
    }
  }
}
`;

describe("journey worker --handlers must cover every channel", () => {
  const dir = tempDir();
  writeFileSync(join(dir, "two.journey"), TWO_CHANNELS);
  writeFileSync(join(dir, "email-only.mjs"), "export default { email: async () => {} };\n");
  writeFileSync(join(dir, "typo.mjs"), "export default { email: async () => {}, smss: async () => {} };\n");
  // Unreachable on purpose: the check must come before any connection.
  const url = ["--database-url", "postgres://nobody@127.0.0.1:1/none"];

  it("exits 2 naming the channel a module lacks, instead of printing its actions", async () => {
    const r = await journey(["worker", "two.journey", ...url, "--handlers", "email-only.mjs"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: The handlers module "email-only.mjs" has no handler for "sms", used by the journeys: add it, or drop --handlers to print deliveries.\n');
    expect(r.stdout).toBe("");
  });

  it("a misspelt channel counts as missing", async () => {
    const r = await journey(["worker", "two.journey", ...url, "--handlers", "typo.mjs"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: The handlers module "typo\.mjs" has no handler for "sms",/);
  });
});

// Like worker.test.ts: a real PostgreSQL from DATABASE_URL; JOURNEYS_SKIP_PG=1 opts out outside CI.
const skipPg = !process.env.DATABASE_URL && !process.env.CI && process.env.JOURNEYS_SKIP_PG === "1";

describe.skipIf(skipPg)("journey worker on PostgreSQL (review fixes)", () => {
  const req = createRequire(join(REPO, "packages/store-sql/package.json"));
  const pg = req("pg") as {
    Client: new (options: { connectionString: string }) => {
      connect(): Promise<void>;
      query<R>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>;
      end(): Promise<void>;
    };
  };
  const prefix = `cli_review_${randomBytes(4).toString("hex")}`;
  const created: string[] = [];
  const base = (): string => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: these tests need PostgreSQL (see docs/deploy.md), or set JOURNEYS_SKIP_PG=1 outside CI.");
    return url;
  };
  const sql = async <R>(url: string, text: string, values?: unknown[]): Promise<R[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  const freshDatabase = async (suffix: string): Promise<string> => {
    const name = `${prefix}_${suffix}`;
    await sql(base(), `CREATE DATABASE "${name}"`);
    created.push(name);
    const url = new URL(base());
    url.pathname = `/${name}`;
    return url.toString();
  };
  afterAll(async () => {
    if (process.env.DATABASE_URL) for (const name of created) await sql(base(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  interface Worker {
    readonly child: ChildProcessWithoutNullStreams;
    readonly out: { stdout: string; stderr: string };
    readonly exited: Promise<number | null>;
  }
  const startCli = (args: string[]): Worker => {
    const child = spawn(process.execPath, [BIN, "worker", ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: "1", CI: "1" }, stdio: ["pipe", "pipe", "pipe"] });
    const out = { stdout: "", stderr: "" };
    child.stdout.setEncoding("utf8").on("data", (c: string) => (out.stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (out.stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    return { child, out, exited };
  };
  const until = async (done: () => boolean | Promise<boolean>, what: string, timeoutMs = 25_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  /** Every queued input job has been taken and finished. */
  const inputsDone = (url: string) => async () =>
    (await sql<{ n: number }>(url, "SELECT count(*)::int AS n FROM journeys_boss.job WHERE name = 'journeys-input' AND state NOT IN ('completed', 'failed')"))[0]!.n === 0;

  it("a closed stdout stops the worker gracefully; the unprinted action stays pending for a retry", async () => {
    const url = await freshDatabase("epipe");
    const w = startCli([MINI, "--database-url", url]);
    await until(() => w.out.stderr.includes("(Ctrl-C to stop)"), "the worker to start");
    // The reader goes away, as with `journey worker … | head -0`.
    w.child.stdout.destroy();
    const storeSql = (await import("@journeys/store-sql")) as typeof import("@journeys/store-sql");
    const queue = await storeSql.openInputQueue({ databaseUrl: url });
    await queue.enqueue([{ kind: "record", customerId: "c1", record: { email: "c1@example.com" } }]);
    await queue.close();
    const timer = setTimeout(() => w.child.kill("SIGKILL"), 25_000);
    const code = await w.exited;
    clearTimeout(timer);
    expect(w.out.stderr).toContain("journey worker: stdout was closed; stopping (undelivered actions will be retried).");
    expect(w.out.stderr).toContain("journey worker: stopped.");
    expect(code).toBe(0);
    const rows = await sql<{ status: string; attempts: number }>(url, "SELECT status, attempts FROM journeys.outbox WHERE customer_id = 'c1'");
    expect(rows).toEqual([{ status: "pending", attempts: 1 }]);
  });

  it("counts bad lines, quarantines the parseable ones with file:line, and sums them up on stop", async () => {
    const url = await freshDatabase("bad");
    const customers = "packages/cli/test/fixtures/run/customers.ndjson";
    const events = "packages/cli/test/fixtures/run/events.ndjson";
    const w = startCli([MINI, "--database-url", url, "--records", customers, "--events", events]);
    await until(() => w.out.stderr.includes("queued 4 events"), "the files to be queued");
    await until(inputsDone(url), "the inputs to be applied");
    w.child.kill("SIGTERM");
    expect(await w.exited).toBe(0);
    const err = w.out.stderr;
    expect(err).toContain(`warning: ${customers}:4: record has no customer "id" (quarantined)`);
    expect(err).toMatch(new RegExp(`warning: ${customers}:5: not valid JSON .*\\(unreadable, not queued\\)`));
    expect(err).toContain(`warning: ${events}:6: event "at" must be an ISO-8601 date-time (quarantined)`);
    expect(err).toMatch(new RegExp(`warning: ${events}:3: not valid JSON .*\\(unreadable, not queued\\)`));
    expect(err).toContain(`journey worker: queued 4 records from ${customers} (1 quarantined, 1 unreadable).`);
    expect(err).toContain(
      `journey worker: stopped. ${customers}: 4 records queued, 1 quarantined, 1 unreadable. ${events}: 4 events queued, 1 quarantined, 1 unreadable.`,
    );
    const messages = (await sql<{ message: string }>(url, "SELECT error->>'message' AS message FROM journeys.quarantine")).map((r) => r.message);
    expect(messages).toContain(`${customers}:4: record has no customer "id"`);
    expect(messages).toContain(`${events}:6: event "at" must be an ISO-8601 date-time`);
    const quarantined = await sql<{ input: unknown }>(url, "SELECT input FROM journeys.quarantine WHERE error->>'message' LIKE $1", [`${events}:6:%`]);
    expect(quarantined[0]?.input).toEqual({ id: "e5", customer: "c1", type: "purchase", at: "not a date", properties: { value: 5 } });
  });

  it("events without an id: distinct lines never collide, queuing the same file again applies nothing twice", async () => {
    const url = await freshDatabase("ids");
    const dir = tempDir();
    writeFileSync(join(dir, "c.ndjson"), '{"id":"c1","email":"c1@example.com"}\n');
    // Same customer, type and second; only the properties differ.
    writeFileSync(
      join(dir, "e.ndjson"),
      '{"customer":"c1","type":"purchase","at":"2026-01-05T10:00:00Z","properties":{"value":0}}\n' +
        '{"customer":"c1","type":"purchase","at":"2026-01-05T10:00:00Z","properties":{"value":7}}\n',
    );
    const runOnce = async (args: string[]) => {
      const w = startCli([MINI, "--database-url", url, ...args]);
      await until(() => /journey worker: queued \d+/.test(w.out.stderr), "the file to be queued");
      await until(inputsDone(url), "the inputs to be applied");
      w.child.kill("SIGTERM");
      expect(await w.exited).toBe(0);
    };
    await runOnce(["--records", join(dir, "c.ndjson")]);
    await runOnce(["--events", join(dir, "e.ndjson")]);
    await runOnce(["--events", join(dir, "e.ndjson")]);
    const ids = (
      await sql<{ event_id: string }>(url, "SELECT event_id FROM journeys.processed_events WHERE customer_id = 'c1' AND event_id NOT LIKE 'journeys-input-job:%' ORDER BY event_id")
    ).map((r) => r.event_id);
    expect(ids).toHaveLength(2);
    expect(ids[0]!.endsWith("e.ndjson:1")).toBe(true);
    expect(ids[1]!.endsWith("e.ndjson:2")).toBe(true);
    const purchases = await sql<{ n: number }>(url, "SELECT count(*)::int AS n FROM journeys.history WHERE customer_id = 'c1' AND entry->>'stage' = 'buyer' AND entry->>'type' = 'enter'");
    expect(purchases[0]!.n).toBe(1);
  });
});

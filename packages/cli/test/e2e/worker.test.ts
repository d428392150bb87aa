import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, FIXTURES, journey, REPO } from "./helpers.js";

const MINI = join(FIXTURES, "run/mini.journey");

describe("journey worker without a database", () => {
  it("exits 2 with one line when no database URL is given", async () => {
    const r = await journey(["worker", MINI], { env: { DATABASE_URL: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: No database: pass --database-url postgres://… or set DATABASE_URL.\n");
  });

  it("exits 2 with one line when the database cannot be reached", async () => {
    const r = await journey(["worker", MINI, "--database-url", "postgres://nobody@127.0.0.1:1/none"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: Could not connect to PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/none/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 with one line for a missing or malformed handlers module", async () => {
    const url = ["--database-url", "postgres://nobody@127.0.0.1:1/none"];
    const missing = await journey(["worker", MINI, ...url, "--handlers", "nope.mjs"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: File not found: "nope.mjs".\n');
    const bad = await journey(["worker", MINI, ...url, "--handlers", join(FIXTURES, "worker/not-functions.mjs")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: The handler for "email" in ".*not-functions\.mjs" is not a function\.\n$/);
  });

  it("checks --records and --events as journey run does, before connecting to the database", async () => {
    const url = ["--database-url", "postgres://nobody@127.0.0.1:1/none"];
    const cases: Array<[string[], string]> = [
      [["--records", "nope.ndjson"], 'error: Cannot read the record file: File not found: "nope.ndjson".\n'],
      [["--records", "packages/cli/test/fixtures/run"], 'error: The record file "packages/cli/test/fixtures/run" is a folder.\n'],
      [["--records", "packages/cli/test/fixtures/run/mini.journey"], 'error: Cannot tell the format of the record file "packages/cli/test/fixtures/run/mini.journey": name it .ndjson, .jsonl or .csv.\n'],
      [["--events", "packages/cli/test/fixtures/run/customers.csv"], 'error: The event file "packages/cli/test/fixtures/run/customers.csv" must be NDJSON (one JSON event per line), not CSV.\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = await journey(["worker", MINI, ...url, ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toBe(stderr);
    }
  });

  it("prints the diagnostics and exits 1 for a journey with errors", async () => {
    const r = await journey(["worker", join(FIXTURES, "broken/unknown-stage.journey"), "--database-url", "postgres://nobody@127.0.0.1:1/none"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[JRN101]");
  });
});

// Like the store-sql tests: a real PostgreSQL from DATABASE_URL (docs/deploy.md shows how to start one).
// Outside CI, JOURNEYS_SKIP_PG=1 opts out explicitly.
const skipPg = !process.env.DATABASE_URL && !process.env.CI && process.env.JOURNEYS_SKIP_PG === "1";

describe.skipIf(skipPg)("journey worker on PostgreSQL", () => {
  // `pg` is a dependency of @journeys/store-sql, not of the CLI: load it from there.
  const pg = createRequire(join(REPO, "packages/store-sql/package.json"))("pg") as {
    Client: new (options: { connectionString: string }) => { connect(): Promise<void>; query(sql: string): Promise<unknown>; end(): Promise<void> };
  };
  const name = `cli_worker_${randomBytes(4).toString("hex")}`;
  const base = (): string => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: these tests need PostgreSQL (see docs/deploy.md), or set JOURNEYS_SKIP_PG=1 outside CI.");
    return url;
  };
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: base() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  afterAll(async () => {
    if (process.env.DATABASE_URL) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it("queues the record and event files, delivers the actions as JSON lines and stops on SIGTERM", async () => {
    await admin(`CREATE DATABASE "${name}"`);
    const url = new URL(base());
    url.pathname = `/${name}`;
    const child = spawn(
      process.execPath,
      [BIN, "worker", MINI, "--database-url", url.toString(), "--records", join(FIXTURES, "run/customers.ndjson"), "--events", join(FIXTURES, "run/events.ndjson")],
      { cwd: REPO, env: { ...process.env, NO_COLOR: "1", CI: "1" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    const deadline = Date.now() + 25_000;
    const hellos = () => (stdout.match(/"template":"hello"/g) ?? []).length;
    while (hellos() < 2 && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill("SIGTERM");
    const code = await exited;
    expect(stderr).toContain("queued 4 records");
    expect(stderr).toContain("queued 4 events");
    expect(stderr).toContain('warning: packages/cli/test/fixtures/run/customers.ndjson:4: record has no customer "id" (quarantined)');
    const deliveries = stdout.trim().split("\n").map((l) => JSON.parse(l) as { channel: string; template: string; customer: string; idempotencyKey: string });
    // Both valid customers enrol whatever the order in which workers take the queued inputs;
    // a purchase applied before its customer's record enrols nobody, so "thanks" may or may not come.
    expect(deliveries.filter((d) => d.template === "hello").map((d) => d.customer).sort()).toEqual(["c1", "c3"]);
    for (const d of deliveries) {
      expect(["c1", "c3"]).toContain(d.customer);
      expect(["hello", "thanks"]).toContain(d.template);
      expect(d.idempotencyKey).toMatch(/^mini:1:c[13]:1:\d+:/);
    }
    expect(stderr).toContain("journey worker: stopped.");
    expect(code).toBe(0);
  });

  it("delivers through a --handlers module instead of printing JSON lines", async () => {
    const url = new URL(base());
    url.pathname = `/${name}_h`;
    await admin(`CREATE DATABASE "${name}_h"`);
    try {
      const child = spawn(
        process.execPath,
        [BIN, "worker", MINI, "--database-url", url.toString(), "--handlers", join(FIXTURES, "worker/handlers.mjs"), "--records", join(FIXTURES, "run/customers.ndjson")],
        { cwd: REPO, env: { ...process.env, NO_COLOR: "1", CI: "1" }, stdio: ["ignore", "pipe", "pipe"] },
      );
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
      const deadline = Date.now() + 25_000;
      while ((stdout.match(/^handled /gm) ?? []).length < 2 && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 100));
      }
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stdout.trim().split("\n").sort()).toEqual(["handled email hello for c1", "handled email hello for c3"]);
    } finally {
      await admin(`DROP DATABASE IF EXISTS "${name}_h" WITH (FORCE)`);
    }
  });
});

import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, openPgDriver, redact } from "./pg.js";
import { startWorker } from "../worker/start-worker.js";

describe("connecting to PostgreSQL", () => {
  it("an unreachable server gives a typed error naming the URL without its password", async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const url = "postgres://app:s3cret@127.0.0.1:1/journeys";
    const error = await openPgDriver({ connectionString: url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as DatabaseUnavailableError).code).toBe("JOURNEYS_DB_UNAVAILABLE");
    expect((error as Error).message).toMatch(/^Could not connect to PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/journeys: /);
    expect((error as Error).message).not.toContain("s3cret");
  });

  it("startWorker reports the same error instead of crashing", async () => {
    const error = await startWorker({ databaseUrl: "postgres://u:pw@127.0.0.1:1/x", journeys: [{}], handlers: {}, handleSignals: false }).catch(
      (e: unknown) => e,
    );
    expect((error as { code?: string }).code).toBe("JOURNEYS_DB_UNAVAILABLE");
  });

  it("startWorker rejects unusable options with a typed error naming the option", async () => {
    const bad = await startWorker({ databaseUrl: "mysql://x", journeys: [{}], handlers: {} }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: "JOURNEYS_INVALID_OPTIONS" });
    expect((bad as Error).message).toBe('Invalid worker option "databaseUrl": must be a postgres:// or postgresql:// URL.');
    const none = await startWorker({ databaseUrl: "postgres://h/d", journeys: [], handlers: {} }).catch((e: unknown) => e);
    expect((none as Error).message).toBe('Invalid worker option "journeys": must hold at least one compiled journey.');
  });

  it("redacts only the password", () => {
    expect(redact("postgres://u:pw@h:5/d?sslmode=require")).toBe("postgres://u:***@h:5/d?sslmode=require");
    expect(redact("postgres://u@h/d")).toBe("postgres://u@h/d");
    expect(redact("not a url")).toBe("(an unparseable connection string)");
  });
});

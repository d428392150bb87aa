import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPgliteDriver } from "../driver/pglite.js";
import { fixture, runTs, spawnTs, waitForLine } from "../../test/helpers/spawn.js";
import { acquireFolderLock, FolderLockedError } from "./folder-lock.js";

const opener = fixture("open-pglite.ts");

describe("PGlite data folder lock", () => {
  it("a second process opening the folder gets a clear error, and can open it once released", async () => {
    const dir = mkdtempSync(join(tmpdir(), "journeys-lock-"));
    try {
      const driver = await openPgliteDriver({ dataDir: dir });
      await driver.query("CREATE TABLE t (x int)");
      const blocked = await runTs(opener, [dir]);
      expect(blocked.code).toBe(3);
      const error = JSON.parse(blocked.stdout.trim()) as { code: string; message: string };
      expect(error.code).toBe("JOURNEYS_FOLDER_LOCKED");
      expect(error.message).toContain(`already open in process ${process.pid}`);
      expect(error.message).toContain(dir);
      await driver.close();

      const after = await runTs(opener, [dir]);
      expect(after.stdout).toContain("opened");
      expect(after.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a lock left by a killed process (kill -9) is taken over, and the data survives", async () => {
    const dir = mkdtempSync(join(tmpdir(), "journeys-lock-"));
    try {
      const seed = await openPgliteDriver({ dataDir: dir });
      await seed.query("CREATE TABLE kept (x int)");
      await seed.query("INSERT INTO kept VALUES (42)");
      await seed.close();

      const holder = spawnTs(opener, [dir, "hold"]);
      await waitForLine(holder, (l) => l === "opened");
      expect(() => acquireFolderLock(dir)).toThrow(FolderLockedError);
      const exited = new Promise((r) => holder.once("exit", r));
      holder.kill("SIGKILL");
      await exited;
      expect(existsSync(join(dir, "journeys.lock"))).toBe(true);

      const driver = await openPgliteDriver({ dataDir: dir });
      const { rows } = await driver.query<{ x: number }>("SELECT x FROM kept");
      expect(rows).toEqual([{ x: 42 }]);
      await driver.close();
      expect(existsSync(join(dir, "journeys.lock"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a lock from another host is never taken over, and the error says how to clear it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "journeys-lock-"));
    try {
      writeFileSync(join(dir, "journeys.lock"), JSON.stringify({ pid: 1, host: "elsewhere.example", token: "t" }));
      expect(() => acquireFolderLock(dir)).toThrow(/on elsewhere\.example.*delete ".*journeys\.lock"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("in the same process, a second open of a held folder fails too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "journeys-lock-"));
    try {
      const lock = acquireFolderLock(dir);
      expect(() => acquireFolderLock(dir)).toThrow(/already open in process/);
      lock.release();
      acquireFolderLock(dir).release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

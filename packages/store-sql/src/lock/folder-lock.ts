import { closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { randomUUID } from "node:crypto";

/**
 * Thrown when a PGlite data folder is already open in another live process. PGlite runs the
 * database inside the process with no server in between, so two processes writing one folder
 * would corrupt it; the lock turns that into this error instead.
 */
export class FolderLockedError extends Error {
  readonly code = "JOURNEYS_FOLDER_LOCKED" as const;
  readonly folder: string;
  readonly holderPid: number;
  readonly holderHost: string;
  constructor(folder: string, holderPid: number, holderHost: string, otherHost = false) {
    super(
      `The PGlite data folder "${folder}" is already open in process ${holderPid} on ${holderHost}. ` +
        `Only one process may open an embedded store; stop that process, or use PostgreSQL ` +
        `(DATABASE_URL) to run several workers.` +
        (otherHost
          ? ` The lock was taken on another host, so this process cannot tell whether it is still running; ` +
            `if it is not, delete "${folder}/journeys.lock".`
          : ""),
    );
    this.name = "FolderLockedError";
    this.folder = folder;
    this.holderPid = holderPid;
    this.holderHost = holderHost;
  }
}

/** A held folder lock. */
export interface FolderLock {
  readonly path: string;
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  token: string;
}

function readHolder(file: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<Holder>;
    if (typeof parsed.pid === "number" && typeof parsed.host === "string" && typeof parsed.token === "string") {
      return { pid: parsed.pid, host: parsed.host, token: parsed.token };
    }
  } catch {
    // A half-written or unreadable lock file is treated as stale below.
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the exclusive lock of a data folder: a `journeys.lock` file created with O_EXCL that names
 * the holding process. A lock left by a dead process on this host (kill -9, power loss) is taken
 * over; a lock held by a live process raises {@link FolderLockedError}.
 *
 * @example
 * ```ts
 * const lock = acquireFolderLock("./data/journeys");
 * try { ... } finally { lock.release(); }
 * ```
 */
export function acquireFolderLock(folder: string): FolderLock {
  const dir = resolve(folder);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "journeys.lock");
  const me: Holder = { pid: process.pid, host: hostname(), token: randomUUID() };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o644);
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.off("exit", release);
        if (readHolder(file)?.token === me.token) {
          try {
            unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        }
      };
      process.on("exit", release);
      return { path: file, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readHolder(file);
    // Another machine (or container) sharing the folder: its processes cannot be checked from here.
    if (holder && holder.host !== me.host) throw new FolderLockedError(dir, holder.pid, holder.host, true);
    if (holder && isAlive(holder.pid)) throw new FolderLockedError(dir, holder.pid, holder.host);
    // Stale: move it aside atomically so that two processes racing for the takeover cannot both
    // delete a lock the other has just created; only one rename of this exact file succeeds.
    const aside = `${file}.stale-${me.token}`;
    try {
      renameSync(file, aside);
      const moved = readHolder(aside);
      if (moved && holder && moved.token !== holder.token) {
        // We moved a fresh lock another process took in between: put it back and report it.
        renameSync(aside, file);
        throw new FolderLockedError(dir, moved.pid, moved.host);
      }
      unlinkSync(aside);
    } catch (error) {
      if (error instanceof FolderLockedError) throw error;
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  const holder = readHolder(file);
  throw new FolderLockedError(dir, holder?.pid ?? -1, holder?.host ?? "unknown host");
}

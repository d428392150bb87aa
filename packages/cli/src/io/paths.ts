/**
 * Turns the path arguments of `validate` and `fmt` (files, folders, globs) into a list of
 * `.journey` files, and collects the arguments that name nothing usable as one-line problems.
 */
import { readdir as readdirWithCallback } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";

/** Folders never searched for journeys. */
const IGNORED = ["**/node_modules/**", "**/.git/**", "**/dist/**"];

/** The outcome of {@link resolveJourneyPaths}: files found, and one message per unusable argument. */
export interface ResolvedPaths {
  /** Absolute paths, in argument order, sorted within a folder or glob, without duplicates. */
  readonly files: readonly string[];
  /** One-line I/O problems (missing file, unreadable folder, folder or glob without journeys). */
  readonly problems: readonly string[];
}

/**
 * Resolves path arguments against `cwd`. No arguments means every `.journey` file under `cwd`.
 * A file named explicitly is taken whatever its extension; folders and globs yield `.journey`
 * files only.
 *
 * @example
 * ```ts
 * const { files, problems } = await resolveJourneyPaths(["examples", "drafts/*.journey"], process.cwd());
 * ```
 */
export async function resolveJourneyPaths(args: readonly string[], cwd: string): Promise<ResolvedPaths> {
  const files: string[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (found: readonly string[]) => {
    for (const file of found) {
      if (!seen.has(file)) {
        seen.add(file);
        files.push(file);
      }
    }
  };

  const targets = args.length > 0 ? args : ["."];
  for (const arg of targets) {
    const absolute = resolve(cwd, arg);
    // A name with glob characters that exists (`[archive]`, `shop (copy).journey`) is that path.
    if (isDynamicPattern(arg) && !(await exists(absolute))) {
      const unreadable: string[] = [];
      const found = await globJourneys([arg], cwd, unreadable, cwd);
      problems.push(...unreadable);
      if (found.length === 0 && unreadable.length === 0) problems.push(`No files match "${arg}".`);
      add(found);
      continue;
    }
    const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      problems.push(describeIoError(info, arg));
      continue;
    }
    if (info.isDirectory()) {
      const readable = await readdir(absolute).then(
        () => undefined,
        (error: NodeJS.ErrnoException) => error,
      );
      if (readable) {
        problems.push(describeIoError(readable, arg));
        continue;
      }
      const unreadable: string[] = [];
      const found = await globJourneys(["**/*.journey"], absolute, unreadable, cwd);
      problems.push(...unreadable);
      if (found.length === 0 && unreadable.length === 0) problems.push(`No .journey files in folder "${displayPath(absolute, cwd)}".`);
      add(found);
      continue;
    }
    add([absolute]);
  }
  return { files, problems };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * The `.journey` files matching `patterns` under `cwd`. The glob library skips a folder it cannot
 * read without a word, which would leave its journeys unchecked in a clean-looking run, so its
 * `readdir` is wrapped to note each such folder in `problems`.
 */
async function globJourneys(patterns: readonly string[], cwd: string, problems: string[], shownFrom: string): Promise<string[]> {
  const readdir = ((path: string, options: unknown, callback: (error: NodeJS.ErrnoException | null, entries?: unknown) => void) =>
    readdirWithCallback(path, options as { withFileTypes: true }, (error, entries) => {
      if (error && error.code !== "ENOENT") problems.push(describeIoError(error, displayPath(resolve(cwd, path), shownFrom)));
      callback(error, entries);
    })) as unknown as typeof readdirWithCallback;
  const found = await glob([...patterns], { cwd, absolute: true, onlyFiles: true, ignore: IGNORED, expandDirectories: false, fs: { readdir } });
  return found.filter((file) => file.endsWith(".journey")).sort();
}

/**
 * A one-line message for a file-system error on a path the user gave.
 *
 * @example
 * ```ts
 * describeIoError(Object.assign(new Error(), { code: "ENOENT" }), "shop.journey"); // 'File not found: "shop.journey".'
 * ```
 */
export function describeIoError(error: NodeJS.ErrnoException, path: string): string {
  switch (error.code) {
    case "ENOENT":
      return `File not found: "${path}".`;
    case "EACCES":
    case "EPERM":
      return `Permission denied: "${path}".`;
    case "EISDIR":
      return `"${path}" is a folder, not a file.`;
    case "ENOTDIR":
      return `"${path}" is not a folder.`;
    default:
      return `Cannot read "${path}" (${error.code ?? error.message}).`;
  }
}

/**
 * A one-line message for a file-system error while writing a file the user named.
 *
 * @example
 * ```ts
 * describeWriteError(Object.assign(new Error(), { code: "ENOENT" }), "out/x.json"); // 'Cannot write "out/x.json": its folder does not exist.'
 * ```
 */
export function describeWriteError(error: NodeJS.ErrnoException, path: string): string {
  switch (error.code) {
    case "ENOENT":
      return `Cannot write "${path}": its folder does not exist.`;
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return `Cannot write "${path}": permission denied.`;
    case "EISDIR":
      return `Cannot write "${path}": it is a folder.`;
    default:
      return `Cannot write "${path}" (${error.code ?? error.message}).`;
  }
}

/**
 * A path as shown to the user: relative to `cwd` when inside it, absolute otherwise.
 *
 * @example
 * ```ts
 * displayPath("/repo/examples/shop.journey", "/repo"); // "examples/shop.journey"
 * ```
 */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

/**
 * Whether writing `output` would overwrite the file at `input`: the same path, or (when both
 * exist) the same file through a link. An output that does not exist yet is never an input.
 *
 * @example
 * ```ts
 * await isSameFile("/repo/shop.journey", "/repo/./shop.journey"); // true
 * ```
 */
export async function isSameFile(input: string, output: string): Promise<boolean> {
  if (resolve(input) === resolve(output)) return true;
  try {
    const [a, b] = await Promise.all([stat(input), stat(output)]);
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}

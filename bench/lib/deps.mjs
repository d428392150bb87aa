/**
 * Where the benchmark finds its code: the BUILT workspace packages (`packages/<name>/dist`,
 * `pnpm bench` builds them first) and the packages' own dependencies (xstate is a dependency of
 * @journeys/runtime, not of the workspace root, so it is resolved from there).
 */
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Absolute path of a file in the repository. */
export function repoPath(...parts) {
  return join(ROOT, ...parts);
}

/**
 * Where the built packages are read from: the run's frozen snapshot (bench/lib/snapshot.mjs)
 * when bench/run.mjs made one, else the checkout's `packages/`.
 */
export function packagesDir() {
  return process.env.BENCH_PACKAGES ?? repoPath("packages");
}

/** The built CLI entry. */
export function cliBin() {
  return join(packagesDir(), "cli/dist/bin.js");
}

/** The six-stage example every runtime benchmark runs. */
export const SIX_STAGE_JOURNEY = repoPath("examples/models/six-stage-saas.journey");

/** Imports `packages/<pkg>/dist/index.js`; a clear error when it has not been built. */
export async function importBuilt(pkg, entry = "index.js") {
  const file = join(packagesDir(), pkg, "dist", entry);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`pnpm build\` first (pnpm bench does).`);
  return import(pathToFileURL(file).href);
}

/** Imports a dependency as resolved from one workspace package (default: the runtime). */
export async function importDependency(name, fromPkg = "runtime") {
  const require = createRequire(join(packagesDir(), fromPkg, "package.json"));
  // The ESM build: xstate's "module" entry.
  const pkgJson = require(`${name}/package.json`);
  const dir = require.resolve(`${name}/package.json`).replace(/package\.json$/, "");
  const rel = typeof pkgJson.exports?.["."]?.module === "string" ? pkgJson.exports["."].module : null;
  return import(pathToFileURL(rel ? join(dir, rel) : require.resolve(name)).href);
}

/**
 * A frozen copy of the built packages for one benchmark run.
 *
 * The checkout is shared: another `pnpm build` while `pnpm bench` runs would swap `dist` files
 * under a running benchmark (tsup cleans `dist` first), mixing two versions of the code in one
 * run. So bench/run.mjs copies each package (without `node_modules`) to
 * bench/out/snapshot/packages/<name> and gives it a `node_modules` of links: third-party
 * dependencies point to the real ones, `@journeys/*` to the other snapshot copies. Every child
 * process reads the snapshot through the BENCH_PACKAGES environment variable (bench/lib/deps.mjs).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";

/** Copies `<root>/packages/*` to `<outDir>/packages/*`; returns the new packages folder. */
export function snapshotPackages(root, outDir) {
  const src = join(root, "packages");
  const dst = join(outDir, "packages");
  rmSync(dst, { recursive: true, force: true });
  mkdirSync(dst, { recursive: true });
  const names = readdirSync(src).filter((n) => existsSync(join(src, n, "package.json")));
  for (const name of names) {
    cpSync(join(src, name), join(dst, name), { recursive: true, filter: (from) => !from.includes("/node_modules") });
    const realModules = join(src, name, "node_modules");
    const links = join(dst, name, "node_modules");
    mkdirSync(links, { recursive: true });
    if (!existsSync(realModules)) continue;
    for (const entry of readdirSync(realModules)) {
      if (entry.startsWith(".")) continue;
      if (entry.startsWith("@")) {
        mkdirSync(join(links, entry), { recursive: true });
        for (const sub of readdirSync(join(realModules, entry))) {
          const target = entry === "@journeys" && names.includes(sub) ? join(dst, sub) : realpathSync(join(realModules, entry, sub));
          symlinkSync(target, join(links, entry, sub), "dir");
        }
      } else {
        symlinkSync(realpathSync(join(realModules, entry)), join(links, entry), "dir");
      }
    }
  }
  return dst;
}

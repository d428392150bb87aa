/**
 * The adapter between the benchmarks and the project's BUILT packages. Everything that depends
 * on the public API of @journeys/runtime / @journeys/dsl lives here, so a change of API touches
 * one file.
 */
import { readFileSync } from "node:fs";
import { importBuilt, SIX_STAGE_JOURNEY } from "./deps.mjs";

/** Compiles a `.journey` source with @journeys/dsl; throws with the diagnostics on errors. */
export async function compileJourney(path = SIX_STAGE_JOURNEY) {
  const dsl = await importBuilt("dsl");
  throw new Error(`@journeys/dsl API not wired yet (exports: ${Object.keys(dsl).join(", ")}); source ${readFileSync(path, "utf8").length} chars`);
}

/** The runtime core subject for bench/lib/subjects.mjs. */
export async function createProjectCore() {
  const runtime = await importBuilt("runtime");
  throw new Error(`@journeys/runtime API not wired yet (exports: ${Object.keys(runtime).join(", ")})`);
}

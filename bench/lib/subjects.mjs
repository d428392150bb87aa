/**
 * The things the runtime benchmarks measure, behind one shape:
 * `{ label, factory, applyRound(inputs) → Promise<void> | void, stageCounts(), totals() }`.
 *
 * - `floor`: the hand-written twin (bench/baselines/six-stage.ts), the speed limit.
 * - `project`: @journeys/runtime (built) with its in-memory store, via bench/lib/project.mjs.
 * - `xstate`: plain XState `transition()` per input (bench/baselines/xstate-naive.mjs).
 * - `project-xstate`: @journeys/runtime with `engine: "xstate"` (its reference path, the one the
 *   differential test packages/runtime/test/differential.test.ts compares the fast path with).
 * - `project-bare`: an ablation run by hand (not part of `pnpm bench`): `project` with a memory
 *   store that keeps no history, outbox or metrics, so nothing is delivered (project.mjs
 *   `bareMemoryStore`).
 */
import { SixStageFloor } from "../baselines/six-stage.ts";
import { createXStateNaive } from "../baselines/xstate-naive.mjs";
import { neutralFactory } from "./generate.mjs";

export const SUBJECTS = ["floor", "project", "xstate", "project-xstate"];

export async function createSubject(name) {
  switch (name) {
    case "floor": {
      const floor = new SixStageFloor();
      return {
        label: "hand-written floor",
        factory: neutralFactory,
        applyRound(inputs) {
          for (let i = 0; i < inputs.length; i++) {
            const x = inputs[i];
            if (x.kind === "record") floor.record(x.customerId, x.at, x.record);
            else floor.event(x.customerId, x.at, x.type);
          }
        },
        stageCounts: () => floor.stageCounts(),
        totals: () => ({ ...floor.totals }),
      };
    }
    case "xstate": {
      const naive = await createXStateNaive();
      return {
        label: "XState transition() per input",
        factory: neutralFactory,
        applyRound(inputs) {
          for (let i = 0; i < inputs.length; i++) naive.apply(inputs[i]);
        },
        stageCounts: () => naive.stageCounts(),
        totals: () => ({}),
      };
    }
    case "project": {
      const { createProjectCore } = await import("./project.mjs");
      return createProjectCore();
    }
    case "project-bare": {
      const { createProjectCore } = await import("./project.mjs");
      return createProjectCore({ bare: true });
    }
    case "project-xstate": {
      const { createProjectCore } = await import("./project.mjs");
      return createProjectCore({ engine: "xstate" });
    }
    default:
      throw new Error(`unknown subject ${name}`);
  }
}

/** Stage counts as a sorted, zero-free object, so two implementations compare with JSON equality. */
export function normaliseCounts(counts) {
  const out = {};
  for (const key of Object.keys(counts).sort()) if (counts[key]) out[key] = counts[key];
  return out;
}

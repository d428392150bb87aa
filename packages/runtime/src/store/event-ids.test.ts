import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addEventId, hasEventId, type EventIds } from "./event-ids.js";

const anyId = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: "binary", maxLength: 6 }), fc.constantFrom("c1", "c1.1", "c1.10", "", "\u0001", "\u0001.1", "\u0000"));

describe("processed event ids: the compact form", () => {
  it("answers exactly which ids were added, in the compact string and past it in the set", () => {
    fc.assert(
      fc.property(fc.uniqueArray(anyId, { maxLength: 40 }), fc.array(anyId, { maxLength: 20 }), fc.constantFrom("c1", "", "8f1e"), (added, others, customerId) => {
        let ev: EventIds = null;
        const seen = new Set<string>();
        for (const id of added) {
          ev = addEventId(ev, id, customerId);
          seen.add(id);
          // Every prefix of the additions answers right, not only the final state.
          for (const probe of [...added.slice(0, 3), ...others.slice(0, 3)]) expect(hasEventId(ev, probe, customerId)).toBe(seen.has(probe));
        }
        for (const probe of [...added, ...others]) expect(hasEventId(ev, probe, customerId)).toBe(seen.has(probe));
      }),
      { numRuns: 500 },
    );
  });
});

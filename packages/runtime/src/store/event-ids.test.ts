import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addEventId, hasEventId, packUuid, unpackUuid, type EventIds } from "./event-ids.js";

const hex = fc.constantFrom(..."0123456789abcdef".split(""));
const hexString = (n: number) => fc.array(hex, { minLength: n, maxLength: n }).map((a) => a.join(""));
/** Canonical lowercase UUIDs (any hex, not only version 4: packing must not care). */
const uuid = fc.tuple(hexString(8), hexString(4), hexString(4), hexString(4), hexString(12)).map((p) => p.join("-"));
/** Ids near the UUID shape and everything else a host might send. */
const nearUuid = uuid.chain((u) =>
  fc.oneof(
    fc.constant(u.toUpperCase()),
    fc.constant(`${u} `),
    fc.constant(u.slice(1)),
    fc.constant(u.replace(/-/g, "")),
    fc.constant(u.replace("-", "_")),
    fc.constant(`{${u}}`),
  ),
);
const anyId = fc.oneof(uuid, nearUuid, fc.string({ maxLength: 12 }), fc.string({ unit: "binary", maxLength: 6 }), fc.constantFrom("c1", "c1.1", "c1.10", "", "\u0001", "\u0002", "\u0000"));

describe("processed event ids: UUID packing", () => {
  it("packs canonical UUIDs into 19 characters of 0x20-0x9f and unpacks them exactly", () => {
    fc.assert(
      fc.property(uuid, (u) => {
        const packed = packUuid(u);
        expect(packed).not.toBeNull();
        expect(packed!.length).toBe(19);
        for (let i = 0; i < packed!.length; i++) expect(packed!.charCodeAt(i)).toBeGreaterThanOrEqual(0x20);
        for (let i = 0; i < packed!.length; i++) expect(packed!.charCodeAt(i)).toBeLessThanOrEqual(0x9f);
        expect(unpackUuid(packed!)).toBe(u);
      }),
      { numRuns: 2000 },
    );
  });

  it("does not pack anything that is not a canonical lowercase UUID", () => {
    fc.assert(
      fc.property(nearUuid, (id) => {
        expect(packUuid(id)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

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

  it("keeps a UUID in the compact string at 20 characters, not 36", () => {
    const u = "3f2b8c1e-9a4d-4e6f-a1b2-c3d4e5f60718";
    const ev = addEventId(null, u, "c42");
    expect(typeof ev).toBe("string");
    expect((ev as string).length).toBe(1 + 20 + 1);
    expect(hasEventId(ev, u, "c42")).toBe(true);
    expect(hasEventId(ev, u.toUpperCase(), "c42")).toBe(false);
  });
});

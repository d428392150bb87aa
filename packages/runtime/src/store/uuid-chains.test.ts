import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CustomerTable } from "./customer-table.js";
import { MAX_CHAIN, UuidChains } from "./uuid-chains.js";

const hex = fc.constantFrom(..."0123456789abcdef".split(""));
const hexString = (n: number) => fc.array(hex, { minLength: n, maxLength: n }).map((a) => a.join(""));
/** Canonical lowercase UUIDs (any hex digits, not only version 4). */
const uuid = fc.tuple(hexString(8), hexString(4), hexString(4), hexString(4), hexString(12)).map((p) => p.join("-"));
/** Near misses: what must not be read as a UUID (and so stays in the general form). */
const nearUuid = uuid.chain((u) => fc.constantFrom(u.toUpperCase(), `${u} `, u.slice(1), u.replace(/-/g, ""), u.replace("-", "_"), `{${u}}`, `${u.slice(0, 35)}g`));

describe("UUID chains", () => {
  it("reads canonical UUIDs only", () => {
    const chains = new UuidChains();
    fc.assert(fc.property(uuid, (u) => void expect(chains.parse(u)).toBe(true)), { numRuns: 1000 });
    fc.assert(
      fc.property(nearUuid, (id) => {
        // A near miss that happens to be canonical (upper case of an all-digit UUID) is fine.
        expect(chains.parse(id)).toBe(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id));
      }),
      { numRuns: 1000 },
    );
  });

  it("holds exactly the UUIDs added to each chain, and counts them", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), uuid), { maxLength: 60 }), fc.array(uuid, { maxLength: 10 }), (adds, others) => {
        const chains = new UuidChains();
        const heads = [0, 0, 0, 0];
        const sets = [new Set<string>(), new Set<string>(), new Set<string>(), new Set<string>()];
        for (const [owner, u] of adds) {
          expect(chains.parse(u)).toBe(true);
          if (sets[owner]!.has(u) || !chains.canAdd(heads[owner]!)) continue;
          heads[owner] = chains.add(heads[owner]!);
          sets[owner]!.add(u);
        }
        for (let owner = 0; owner < 4; owner++)
          for (const probe of [...adds.map(([, u]) => u), ...others]) {
            chains.parse(probe);
            expect(chains.has(heads[owner]!)).toBe(sets[owner]!.has(probe));
          }
      }),
      { numRuns: 300 },
    );
  });

  it("takes at most MAX_CHAIN per chain", () => {
    const chains = new UuidChains();
    let head = 0;
    for (let i = 0; i < MAX_CHAIN; i++) {
      expect(chains.canAdd(head)).toBe(true);
      chains.parse(`00000000-0000-4000-a000-${String(i).padStart(12, "0")}`);
      head = chains.add(head);
    }
    expect(chains.canAdd(head)).toBe(false);
    expect(chains.canAdd(0)).toBe(true);
  });
});

describe("customer table: processed event ids of every form", () => {
  it("answers exactly, with UUIDs past a full chain and other ids mixed in", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.oneof(uuid, uuid, nearUuid, fc.string({ maxLength: 8 }))), { maxLength: 120 }), (adds) => {
        const table = new CustomerTable();
        const ids = ["c0", "c1", "c2"];
        const ks = ids.map((id) => table.ensure(id));
        const seen = ids.map(() => new Set<string>());
        for (const [owner, id] of adds) {
          if (seen[owner]!.has(id)) {
            expect(table.hasEvent(ks[owner]!, ids[owner]!, id)).toBe(true);
            continue;
          }
          expect(table.hasEvent(ks[owner]!, ids[owner]!, id)).toBe(false);
          table.addEvent(ks[owner]!, ids[owner]!, id);
          seen[owner]!.add(id);
        }
        for (let owner = 0; owner < 3; owner++) for (const [, id] of adds) expect(table.hasEvent(ks[owner]!, ids[owner]!, id)).toBe(seen[owner]!.has(id));
      }),
      { numRuns: 200 },
    );
    // One customer with many UUIDs: the chain fills, the rest go to the general form.
    const table = new CustomerTable();
    const k = table.ensure("heavy");
    const many = Array.from({ length: 3 * MAX_CHAIN }, (_, i) => `0000abcd-0000-4000-a000-${String(i).padStart(12, "0")}`);
    for (const id of many) table.addEvent(k, "heavy", id);
    for (const id of many) expect(table.hasEvent(k, "heavy", id)).toBe(true);
    expect(table.hasEvent(k, "heavy", "0000abcd-0000-4000-a000-999999999999")).toBe(false);
  });
});

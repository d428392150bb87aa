import { describe, expect, it } from "vitest";
import { confDoc, confRequest, describeStoreConformance } from "./conformance.js";
import { createMemoryStore } from "./memory.js";

describeStoreConformance("in-memory store", () => createMemoryStore());

describe("in-memory store: processed event ids", () => {
  it("matches whole ids only, handles ids with NUL, and stays exact past the compact form", async () => {
    const s = createMemoryStore();
    let rev = 0;
    const apply = async (eventId: string) => s.commit(confRequest("c", rev, { doc: confDoc("c", ++rev), eventId }));
    for (const id of ["ab", "b", "a\u0000b", "x"]) expect(await apply(id)).toEqual({ ok: true });
    for (const id of ["a", "abc", "\u0000", "a\u0000", ""]) expect(await s.hasProcessedEvent("c", id)).toBe(false);
    for (const id of ["ab", "b", "a\u0000b", "x"]) expect(await s.hasProcessedEvent("c", id)).toBe(true);
    const t = createMemoryStore();
    rev = 0;
    for (let i = 0; i < 40; i++) {
      expect(await t.commit(confRequest("c", rev, { doc: confDoc("c", rev + 1), eventId: `e${i}` }))).toEqual({ ok: true });
      rev++;
    }
    for (let i = 0; i < 40; i++) expect(await t.hasProcessedEvent("c", `e${i}`)).toBe(true);
    expect(await t.hasProcessedEvent("c", "e40")).toBe(false);
    expect(await t.commit(confRequest("c", rev, { doc: confDoc("c", rev + 1), eventId: "e7" }))).toEqual({ ok: false, reason: "conflict" });
    s.sync.touch("c", "late");
    expect((await s.loadCustomer("c"))!.rev).toBe(5);
    expect(await s.hasProcessedEvent("c", "late")).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { IdIndex } from "./id-index.js";

describe("id index", () => {
  it("finds every id it was given, and nothing else, across growth and chunks", () => {
    const index = new IdIndex();
    const ids: string[] = [];
    for (let i = 0; i < 20_000; i++) ids.push(i % 7 === 0 ? `a-much-longer-customer-id-${i}` : `c${i}`);
    ids.push("", "\u0000", "é✓", "__proto__", "x".repeat(16), "y".repeat(17));
    ids.forEach((id, k) => expect(index.add(id)).toBe(k));
    expect(index.size).toBe(ids.length);
    ids.forEach((id, k) => {
      expect(index.get(id)).toBe(k);
      expect(index.idOf(k)).toBe(id);
    });
    for (const id of ["c20000", "c1 ", "C1", "a-much-longer-customer-id-1", "x".repeat(15), "\u0000\u0000"]) expect(index.get(id)).toBe(-1);
  });
});

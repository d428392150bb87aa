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

  it("answers the same in any lookup order (the guess of the next index is only a shortcut)", () => {
    const index = new IdIndex();
    const ids = ["c1", "c10", "c1x", "c2", "a-much-longer-customer-id-1", "c3", "", "c30"];
    ids.forEach((id) => index.add(id));
    let seed = 3;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const probes = [...ids, "c", "c100", "c1y", "missing"];
    for (let i = 0; i < 2000; i++) {
      const id = probes[rand(probes.length)]!;
      expect(index.get(id)).toBe(ids.indexOf(id));
    }
    // In order, then in order again: every answer from the guess.
    for (let round = 0; round < 2; round++) ids.forEach((id, k) => expect(index.get(id)).toBe(k));
  });

  it("peek answers as get does and leaves get's guess alone", () => {
    const index = new IdIndex();
    const ids = ["a", "b", "c", "d"];
    ids.forEach((id) => index.add(id));
    // In order: get's guess is on; peeks in between (the batch lane warms ahead) must not move it.
    expect(index.get("a")).toBe(0);
    expect(index.get("b")).toBe(1);
    for (const id of [...ids, "x"]) expect(index.peek(id)).toBe(ids.indexOf(id));
    expect(index.get("c")).toBe(2);
    expect(index.get("a")).toBe(0);
    expect(index.get("missing")).toBe(-1);
  });

  it("tells apart ids of equal hash, lone surrogates and very long ids", () => {
    const index = new IdIndex();
    // "k7gpae67x3xrz" and "k3nckaa3fnu9v" have the same 32-bit hash (found by search).
    const ids = ["k7gpae67x3xrz", "k3nckaa3fnu9v", "kx4gqq5ja66r", "kdha6zaa73cyf", "\ud800", "\udc00", "\ud800\udc00", "z".repeat(65_535), "z".repeat(65_536)];
    ids.forEach((id, k) => expect(index.add(id)).toBe(k));
    ids.forEach((id, k) => {
      expect(index.peek(id)).toBe(k);
      expect(index.get(id)).toBe(k);
      expect(index.idOf(k)).toBe(id);
    });
    expect(index.get("z".repeat(65_534))).toBe(-1);
    expect(index.get("k7gpae67x3xr")).toBe(-1);
  });

  it("peekBlock answers as peek does for every id of a block (colliding, missing, repeated, long)", () => {
    const index = new IdIndex();
    const ids = ["k7gpae67x3xrz", "k3nckaa3fnu9v", "a-much-longer-customer-id-1", "", "c1"];
    for (let i = 0; i < 5000; i++) ids.push(`c${i * 7}`);
    ids.forEach((id) => index.add(id));
    const block = ["c1", "k3nckaa3fnu9v", "missing", "k7gpae67x3xrz", "c1", "a-much-longer-customer-id-1", "", "c7", "c8", "c34993"];
    const hashes = new Int32Array(block.length);
    const out = new Int32Array(block.length).fill(-7);
    index.peekBlock(block, block.length, hashes, out);
    expect([...out]).toEqual(block.map((id) => index.peek(id)));
    expect(out[2]).toBe(-1);
    expect(out[8]).toBe(-1);
    // Only the first `count` ids are looked up.
    out.fill(-7);
    index.peekBlock(block, 3, hashes, out);
    expect([...out].slice(3)).toEqual(new Array(block.length - 3).fill(-7));
  });
});

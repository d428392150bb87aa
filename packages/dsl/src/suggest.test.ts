import { describe, expect, it } from "vitest";
import { didYouMean, editDistance, suggest, suggestionThreshold } from "./suggest.js";

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and transpositions", () => {
    expect(editDistance("purchse", "purchase")).toBe(1);
    expect(editDistance("purchase", "purchse")).toBe(1);
    expect(editDistance("cart", "cark")).toBe(1);
    expect(editDistance("ab", "ba")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
  it("counts code points, not UTF-16 units", () => {
    expect(editDistance("인지단계", "인지단게")).toBe(1);
    expect(editDistance("a😀b", "ab")).toBe(1);
  });
  it("stops at the limit", () => {
    expect(editDistance("aaaaaaaa", "bbbbbbbb", 2)).toBe(3);
  });
});

describe("suggest", () => {
  it("finds the closest name within the threshold", () => {
    expect(suggest("purchse", ["welcome", "purchase", "cart"])).toBe("purchase");
    expect(suggest("welcom", ["welcome", "welcomed"])).toBe("welcome");
  });
  it("does not suggest unrelated names", () => {
    expect(suggest("zzz", ["welcome", "cart"])).toBeUndefined();
    expect(suggest("ab", ["xy", "cd"])).toBeUndefined();
  });
  it("matches case-only differences", () => {
    expect(suggest("Cart", ["cart"])).toBe("cart");
  });
  it("grows the threshold with length", () => {
    expect(suggestionThreshold(2)).toBe(0);
    expect(suggestionThreshold(4)).toBe(1);
    expect(suggestionThreshold(8)).toBe(2);
    expect(suggestionThreshold(12)).toBe(3);
  });
  it("formats the message suffix", () => {
    expect(didYouMean("purchse", ["purchase"])).toBe(' Did you mean "purchase"?');
    expect(didYouMean("qqqq", ["purchase"])).toBe("");
  });
});

/**
 * Stable assignment of customers to split arms and to the holdout group: a hash of
 * (journey id, split name, customer id), so it is reproducible run to run and machine to machine.
 */

/**
 * A stable number in [0, 100) for the given parts (FNV-1a over UTF-16 code units, then a
 * murmur3 finaliser): the same parts give the same number on every run and machine.
 *
 * @example
 * ```ts
 * stablePercent("shop", "subject", "cus_1") === stablePercent("shop", "subject", "cus_1"); // true
 * ```
 */
export function stablePercent(...parts: string[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      h ^= part.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f; // separator, so ("ab","c") and ("a","bc") differ
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32) spreads nearby ids evenly.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) / 0x100000000) * 100;
}

/**
 * The arm of `variants` for this customer: cumulative weights in source order.
 *
 * @example
 * ```ts
 * pickVariant("onboarding", "subject", "cus_1", split.variants).name; // always the same arm
 * ```
 */
export function pickVariant<V extends { weight: number }>(journeyId: string, splitName: string, customerId: string, variants: readonly V[]): V {
  const p = stablePercent(journeyId, splitName, customerId);
  let acc = 0;
  for (const v of variants) {
    acc += v.weight;
    if (p < acc) return v;
  }
  return variants[variants.length - 1]!;
}

/**
 * Whether the customer is in the journey's global holdout of `percent` (stable per customer).
 *
 * @example
 * ```ts
 * if (inHoldout(ir.journey.id, "cus_1", ir.holdout)) console.log("cus_1 receives no sends");
 * ```
 */
export function inHoldout(journeyId: string, customerId: string, percent: number): boolean {
  return percent > 0 && stablePercent(journeyId, "\u0000holdout", customerId) < percent;
}

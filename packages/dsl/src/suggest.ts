/**
 * "Did you mean ...?" suggestions: the closest known name by optimal-string-alignment
 * (Damerau–Levenshtein) distance, with a threshold that grows with the name's length so a
 * two-letter typo never matches an unrelated short word.
 */

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions and adjacent
 * transpositions each cost 1), over code points so Korean or emoji names count per character.
 * Stops early and returns `limit + 1` once the distance is known to exceed `limit`.
 *
 * @example
 * ```ts
 * editDistance("purchse", "purchase"); // 1
 * editDistance("ab", "ba");            // 1 (a transposition)
 * ```
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (Math.abs(s.length - t.length) > limit) return limit + 1;
  const n = t.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        v = Math.min(v, (prevPrev[j - 2] ?? 0) + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[n] ?? 0;
}

/** The largest distance accepted as a typo of a name with `length` code points. */
export function suggestionThreshold(length: number): number {
  if (length <= 2) return 0;
  if (length <= 4) return 1;
  if (length <= 8) return 2;
  return 3;
}

/**
 * The known name closest to `name`, or `undefined` when none is within the threshold.
 * Case-only differences always match. Ties go to the earliest candidate (source order).
 *
 * @example
 * ```ts
 * suggest("purchse", ["welcome", "purchase"]); // "purchase"
 * suggest("zzz", ["welcome"]);                 // undefined
 * ```
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const limit = suggestionThreshold(Array.from(name).length);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    if (candidate.toLowerCase() === lower) return candidate;
    const d = editDistance(name, candidate, Math.min(limit, bestDistance - 1));
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** `' Did you mean "x"?'` or `""`: appended to an "Unknown ..." message. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const match = suggest(name, candidates);
  return match === undefined ? "" : ` Did you mean "${match}"?`;
}

/**
 * Small statistics and formatting helpers shared by every benchmark.
 *
 * Every measurement is repeated (5 times by default) and summarised by its median: on these
 * shared 2-core machines a single run drifts by tens of percent, the median of five much less.
 */

/** Median of a list of numbers (the mean of the two middle values for an even count). */
export function median(values) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** Summary of repeated samples: median, min, max and the relative spread (max-min)/median. */
export function summarise(values) {
  const xs = values.filter((v) => Number.isFinite(v));
  const med = median(xs);
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  return { median: med, min, max, spread: med ? (max - min) / med : NaN, samples: xs };
}

/** `1234567` → `"1.23M"`; rates and counts in the tables. */
export function si(n, digits = 3) {
  if (!Number.isFinite(n)) return "n/a";
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toPrecision(digits)}G`;
  if (abs >= 1e6) return `${(n / 1e6).toPrecision(digits)}M`;
  if (abs >= 1e3) return `${(n / 1e3).toPrecision(digits)}k`;
  return n.toPrecision(digits);
}

/** Bytes → `"512 MiB"`. */
export function bytes(n) {
  if (!Number.isFinite(n)) return "n/a";
  const abs = Math.abs(n);
  if (abs >= 2 ** 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  if (abs >= 2 ** 20) return `${(n / 2 ** 20).toFixed(0)} MiB`;
  if (abs >= 2 ** 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${Math.round(n)} B`;
}

/** A ratio as `"0.42x"`. */
export function ratio(n) {
  return Number.isFinite(n) ? `${n >= 10 ? n.toFixed(1) : n.toFixed(2)}x` : "n/a";
}

/** Milliseconds as `"1.23 s"` / `"45.6 ms"`. */
export function ms(n) {
  if (!Number.isFinite(n)) return "n/a";
  return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`;
}

/**
 * Renders rows (arrays of strings) as a Markdown table, so the same text prints on the
 * terminal and pastes into docs/benchmarks.md unchanged.
 */
export function markdownTable(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c)));
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length), 3));
  const line = (r) => `| ${r.map((c, i) => (c ?? "").padEnd(widths[i])).join(" | ")} |`;
  return [line(all[0]), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...all.slice(1).map(line)].join("\n");
}

/** One target check: `{ name, value, goal, met }` with a printable verdict. */
export function target(name, value, op, goal, shown) {
  const met = Number.isFinite(value) && (op === ">=" ? value >= goal : value <= goal);
  return { name, value, op, goal, met, shown: shown ?? String(value) };
}

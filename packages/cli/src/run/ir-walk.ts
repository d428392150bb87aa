/**
 * A walk over the plain JSON of an IR, for the simulation's questions about the whole journey
 * (its shortest and longest delays, the channels it sends on) that no single IR field answers.
 */

/**
 * Calls `visit` with every object inside `roots` (arrays are walked, not visited; anything that
 * is not an object or array, `undefined` roots included, is skipped).
 *
 * @example
 * ```ts
 * let longest = 0;
 * forEachNode([ir.stages], (node) => {
 *   if (typeof node.ms === "number") longest = Math.max(longest, node.ms);
 * });
 * ```
 */
export function forEachNode(roots: readonly unknown[], visit: (node: Record<string, unknown>) => void): void {
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (value === null || typeof value !== "object") return;
    const node = value as Record<string, unknown>;
    visit(node);
    for (const child of Object.values(node)) walk(child);
  };
  for (const root of roots) walk(root);
}

/**
 * Which stages a customer can reach: breadth-first search from the initial stage over the
 * stage graph (transitions and `go to` actions, split arms included). Linear in stages + edges.
 * Terminal stages have no outgoing edges: entering one completes the enrolment.
 */

/**
 * The set of stages reachable from `initial` (including it).
 *
 * @example
 * ```ts
 * reachableStages("a", (s) => ({ a: ["b"], b: [], c: ["a"] })[s] ?? []); // Set { "a", "b" }
 * ```
 */
export function reachableStages(initial: string, successors: (stage: string) => Iterable<string>): Set<string> {
  const seen = new Set<string>([initial]);
  const queue = [initial];
  for (let i = 0; i < queue.length; i++) {
    for (const next of successors(queue[i] as string)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** Test helpers: compare ASTs without positions. */

/** A deep copy without `loc` fields and without `undefined` properties. */
export function stripLoc<T>(value: T): unknown {
  if (Array.isArray(value)) return value.map(stripLoc);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === "loc" || v === undefined) continue;
      out[key] = stripLoc(v);
    }
    return out;
  }
  return value;
}

/** `stripLoc` that also drops `Journey.items` (the source order the formatter normalises). */
export function semantic(journey: unknown): unknown {
  const stripped = stripLoc(journey) as Record<string, unknown>;
  const { items: _items, ...rest } = stripped;
  return rest;
}

/** A minimal journey around a body. */
export function wrap(body: string): string {
  return `journey "t" {\n${body}\n}\n`;
}

/**
 * The source texts renderers draw frames from, looked up by a diagnostic's `file`.
 */
import { Source } from "../source.js";

/** File name → text (or an already built `Source`); a `Map` or a plain object. */
export type SourceLookup =
  | ReadonlyMap<string, string | Source>
  | Readonly<Record<string, string | Source>>;

/** Resolves files to `Source` objects once each (building line tables is not free). */
export class SourceCache {
  private readonly cache = new Map<string, Source | undefined>();

  constructor(private readonly lookup: SourceLookup | undefined) {}

  get(file: string): Source | undefined {
    if (this.cache.has(file)) return this.cache.get(file);
    const raw = readLookup(this.lookup, file);
    const source = raw === undefined ? undefined : typeof raw === "string" ? new Source(raw, file) : raw;
    this.cache.set(file, source);
    return source;
  }
}

function readLookup(lookup: SourceLookup | undefined, file: string): string | Source | undefined {
  if (lookup === undefined) return undefined;
  if (lookup instanceof Map) return lookup.get(file);
  const record = lookup as Readonly<Record<string, string | Source>>;
  return Object.prototype.hasOwnProperty.call(record, file) ? record[file] : undefined;
}

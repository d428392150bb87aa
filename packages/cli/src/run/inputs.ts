/**
 * The line formats of `journey run`'s input files, checked with zod: a record has a customer
 * `id` and the customer's fields; an event line is
 * `{"id":"e1","customer":"c001","type":"purchase","at":"2026-01-06T12:00:00Z","properties":{...}}`.
 * Field values are checked later by the runtime against the journey's declarations.
 */
import { z } from "zod";
import { parseDate } from "./time.js";

const customerId = z.union([z.string().min(1), z.number().int().transform(String)]);

/**
 * Deepest nesting of arrays and objects accepted in a field's value. JSON.parse reads any depth,
 * but the runtime copies values recursively and a line nested some thousands deep overflowed the
 * stack and stopped the whole run; such a line is quarantined instead. No declared field type
 * nests more than two levels.
 */
export const MAX_NESTING = 1000;

/**
 * Whether `value` holds arrays or objects nested more than `levels` deep (a primitive is 0 deep,
 * `[]` 1, `[{}]` 2). It recurses at most `levels + 1` calls deep, whatever the value.
 *
 * @example
 * ```ts
 * nestedDeeper([[1]], 1); // true
 * nestedDeeper([[1]], 2); // false
 * ```
 */
export function nestedDeeper(value: unknown, levels: number): boolean {
  if (value === null || typeof value !== "object") return false;
  if (levels <= 0) return true;
  for (const item of Array.isArray(value) ? value : Object.values(value)) if (nestedDeeper(item, levels - 1)) return true;
  return false;
}

/** The first own key of `fields` whose value is nested too deep ({@link MAX_NESTING}). */
function tooDeepField(fields: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(fields)) if (nestedDeeper(fields[key], MAX_NESTING)) return key;
  return undefined;
}

const tooDeep = (key: string) => `"${key}" is nested more than ${MAX_NESTING} levels deep`;

/** A record line (NDJSON object or CSV row) before the journey's schema is applied. */
export const RecordLineSchema = z.looseObject({ id: customerId });

/** An event line. `id` is optional: an event without one gets `<file>:<line>` as its id. */
export const EventLineSchema = z.object({
  id: z.union([z.string().min(1), z.number().transform(String)]).optional(),
  customer: customerId,
  type: z.string().min(1),
  at: z.string().refine((text) => parseDate(text) !== undefined, { message: "must be an ISO-8601 date-time" }),
  properties: z
    .record(z.string(), z.unknown())
    .superRefine((properties, ctx) => {
      const key = tooDeepField(properties);
      if (key !== undefined) ctx.addIssue({ code: "custom", path: [key], message: `Is nested more than ${MAX_NESTING} levels deep` });
    })
    .optional(),
});

/** A validated event line. */
export type EventLine = z.output<typeof EventLineSchema>;

/**
 * Parses an event line: a direct check of the common, well-formed case (the simulation's hot
 * path reads millions of lines), and {@link EventLineSchema} for everything else, so that both
 * accept exactly the same lines and every rejection comes with zod's field-by-field reasons.
 *
 * @example
 * ```ts
 * const parsed = parseEventLine({ customer: "c1", type: "visit", at: "2026-01-05T10:00:00Z" });
 * if (parsed.success) parsed.data.customer; // "c1"
 * ```
 */
export function parseEventLine(value: unknown): ReturnType<typeof EventLineSchema.safeParse> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const { id, customer, type, at, properties } = v;
    if (
      (id === undefined || (typeof id === "string" && id !== "")) &&
      typeof customer === "string" &&
      customer !== "" &&
      typeof type === "string" &&
      type !== "" &&
      typeof at === "string" &&
      parseDate(at) !== undefined &&
      (properties === undefined ||
        (properties !== null && typeof properties === "object" && !Array.isArray(properties) && Object.getPrototypeOf(properties) === Object.prototype && tooDeepField(properties as Record<string, unknown>) === undefined))
    ) {
      const data: EventLine = { customer, type, at };
      if (id !== undefined) data.id = id;
      if (properties !== undefined) data.properties = properties as Record<string, unknown>;
      return { success: true, data } as ReturnType<typeof EventLineSchema.safeParse>;
    }
  }
  const parsed = EventLineSchema.safeParse(value);
  if (parsed.success && parsed.data.properties !== undefined) {
    // zod's copy of `properties` drops an own `__proto__` key (JSON.parse keeps it); the line's own
    // object, which zod has just checked (all but that key), keeps every property as the direct
    // check above does.
    const own = (value as { properties: Record<string, unknown> }).properties;
    const deep = tooDeepField(own);
    if (deep !== undefined) return { success: false, error: new z.ZodError([{ code: "custom", path: ["properties", deep], message: `Is nested more than ${MAX_NESTING} levels deep`, input: own[deep] }]) } as ReturnType<typeof EventLineSchema.safeParse>;
    parsed.data.properties = own;
  }
  return parsed;
}

/**
 * One line summary of a zod failure, naming the field. With the `input` that failed, a field
 * that is absent reads "is missing" whatever the schema's own message.
 *
 * @example
 * ```ts
 * describeIssues(EventLineSchema.safeParse({}).error!, {}); // '"customer" is missing; ...'
 * ```
 */
export function describeIssues(error: z.ZodError, input?: unknown): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path.map(String).join(".");
      if (path === "") return issue.message;
      if (input !== undefined && valueAt(input, issue.path) === undefined) return `"${path}" is missing`;
      return `"${path}" ${issue.message.replace(/^Invalid input: /, "").replace(/^./, (c) => c.toLowerCase())}`;
    })
    .join("; ");
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * Splits a record line into the customer id and the fields to upsert.
 *
 * @example
 * ```ts
 * splitRecord({ id: "c1", email: "a@x.io" }); // { ok: true, id: "c1", fields: { email: "a@x.io" } }
 * splitRecord({ email: "a@x.io" });           // { ok: false, error: 'record has no customer "id"' }
 * ```
 */
export function splitRecord(value: unknown): { ok: true; id: string; fields: Record<string, unknown> } | { ok: false; error: string } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { ok: false, error: "a record must be a JSON object" };
  if (!Object.hasOwn(value, "id") || (value as { id?: unknown }).id === "") return { ok: false, error: 'record has no customer "id"' };
  const direct = value as Record<string, unknown>;
  if (typeof direct.id === "string") {
    // The common case, without a copy through the schema.
    const { id, ...fields } = direct;
    const deep = tooDeepField(fields);
    if (deep !== undefined) return { ok: false, error: `record ${tooDeep(deep)}` };
    return { ok: true, id: id as string, fields };
  }
  const parsed = RecordLineSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: `record ${describeIssues(parsed.error, value)}` };
  // The fields come from the line's own object, as for a text id: zod's copy drops an own
  // `__proto__` key, so a number id would lose a field that a text id keeps.
  const { id: _id, ...fields } = direct;
  const deep = tooDeepField(fields);
  if (deep !== undefined) return { ok: false, error: `record ${tooDeep(deep)}` };
  return { ok: true, id: parsed.data.id, fields };
}

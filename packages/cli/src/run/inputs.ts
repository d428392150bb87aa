/**
 * The line formats of `journey run`'s input files, checked with zod: a record has a customer
 * `id` and the customer's fields; an event line is
 * `{"id":"e1","customer":"c001","type":"purchase","at":"2026-01-06T12:00:00Z","properties":{...}}`.
 * Field values are checked later by the runtime against the journey's declarations.
 */
import { z } from "zod";
import { parseDate } from "./time.js";

const customerId = z.union([z.string().min(1), z.number().int().transform(String)]);

/** A record line (NDJSON object or CSV row) before the journey's schema is applied. */
export const RecordLineSchema = z.looseObject({ id: customerId });

/** An event line. `id` is optional: an event without one gets `<file>:<line>` as its id. */
export const EventLineSchema = z.object({
  id: z.union([z.string().min(1), z.number().transform(String)]).optional(),
  customer: customerId,
  type: z.string().min(1),
  at: z.string().refine((text) => parseDate(text) !== undefined, { message: "must be an ISO-8601 date-time" }),
  properties: z.record(z.string(), z.unknown()).optional(),
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
      (properties === undefined || (properties !== null && typeof properties === "object" && !Array.isArray(properties) && Object.getPrototypeOf(properties) === Object.prototype))
    ) {
      const data: EventLine = { customer, type, at };
      if (id !== undefined) data.id = id;
      if (properties !== undefined) data.properties = properties as Record<string, unknown>;
      return { success: true, data } as ReturnType<typeof EventLineSchema.safeParse>;
    }
  }
  const parsed = EventLineSchema.safeParse(value);
  // zod's copy of `properties` drops an own `__proto__` key (JSON.parse keeps it); the line's own
  // object, which zod has just checked, keeps every property as the direct check above does.
  if (parsed.success && parsed.data.properties !== undefined) parsed.data.properties = (value as { properties: Record<string, unknown> }).properties;
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
    return { ok: true, id: id as string, fields };
  }
  const parsed = RecordLineSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: `record ${describeIssues(parsed.error, value)}` };
  // The fields come from the line's own object, as for a text id: zod's copy drops an own
  // `__proto__` key, so a number id would lose a field that a text id keeps.
  const { id: _id, ...fields } = direct;
  return { ok: true, id: parsed.data.id, fields };
}

/**
 * Zod schemas built from a journey's declarations (S4–S6), and the envelopes of host inputs.
 * Declared fields are checked one by one as own properties, so unknown extra fields are kept
 * as data and keys such as `__proto__` are never interpreted.
 */
import { z } from "zod";
import type { FieldType, JourneyIR } from "../ir.js";

/** The zod schema of one declared field's value. */
export function fieldSchema(t: FieldType): z.ZodType {
  switch (t.type) {
    case "text":
      return z.string();
    case "number":
      return z.number().finite();
    case "boolean":
      return z.boolean();
    case "datetime":
      return z.iso.datetime({ offset: true });
    case "enum":
      return z.enum(t.values as [string, ...string[]]);
    case "list":
      return z.array(z.string());
  }
}

/**
 * A quick predicate accepting a subset of what the field's zod schema accepts (never more):
 * values it accepts skip zod; anything else is decided, and explained, by zod.
 */
export function quickCheck(t: FieldType): (v: unknown) => boolean {
  switch (t.type) {
    case "text":
      return (v) => typeof v === "string";
    case "number":
      return (v) => typeof v === "number" && Number.isFinite(v);
    case "boolean":
      return (v) => typeof v === "boolean";
    case "enum": {
      const values = new Set(t.values);
      return (v) => typeof v === "string" && values.has(v);
    }
    case "list":
      return (v) => Array.isArray(v) && v.every((x) => typeof x === "string");
    case "datetime": {
      const zs = fieldSchema(t);
      return (v) => zs.safeParse(v).success;
    }
  }
}

export interface FieldsSchema {
  fields: [name: string, schema: z.ZodType, required: boolean][];
  /** Same fields, with quick predicates (see {@link quickCheck}). */
  quick: [name: string, check: (v: unknown) => boolean, required: boolean][];
}

function fields(decl: Record<string, FieldType>): FieldsSchema {
  return {
    fields: Object.entries(decl).map(([k, t]) => [k, fieldSchema(t), t.required]),
    quick: Object.entries(decl).map(([k, t]) => [k, quickCheck(t), t.required]),
  };
}

/** Schemas of one journey version: its customer block and each declared event. */
export interface JourneySchemas {
  customer: FieldsSchema;
  events: Map<string, FieldsSchema>;
}

export function buildSchemas(ir: JourneyIR): JourneySchemas {
  return { customer: fields(ir.customer), events: new Map(Object.entries(ir.events).map(([k, v]) => [k, fields(v)])) };
}

const plainObject = z.custom<Record<string, unknown>>((v) => typeof v === "object" && v !== null && !Array.isArray(v), {
  message: "Expected an object",
});

/** A customer record upsert as the host sends it. */
export const RecordInputSchema = z.object({
  kind: z.literal("record"),
  customerId: z.string().min(1),
  record: plainObject,
});

/** An event as the host sends it. `at` defaults to the clock's now. */
export const EventInputSchema = z.object({
  kind: z.literal("event"),
  id: z.string().min(1),
  customerId: z.string().min(1),
  type: z.string().min(1),
  at: z.union([z.number().finite(), z.iso.datetime({ offset: true })]).optional(),
  properties: plainObject.optional(),
});

export const HostInputSchema = z.discriminatedUnion("kind", [RecordInputSchema, EventInputSchema]);

/** A record upsert. */
export type RecordInput = z.infer<typeof RecordInputSchema>;
/** An event. */
export type EventInput = z.infer<typeof EventInputSchema>;
/** Anything the host feeds the runtime. */
export type HostInput = z.infer<typeof HostInputSchema>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The envelope of an obviously valid input without zod (a subset of what `HostInputSchema`
 * accepts, with the same result); null sends the input to zod, which decides and explains.
 */
export function quickEnvelope(raw: unknown): HostInput | null {
  if (!isPlainObject(raw)) return null;
  const { kind, customerId } = raw;
  if (typeof customerId !== "string" || customerId.length === 0) return null;
  if (kind === "record") return isPlainObject(raw.record) ? { kind, customerId, record: raw.record } : null;
  if (kind !== "event") return null;
  const { id, type, at, properties } = raw;
  if (typeof id !== "string" || id.length === 0 || typeof type !== "string" || type.length === 0) return null;
  if (at !== undefined && (typeof at !== "number" || !Number.isFinite(at))) return null;
  if (properties !== undefined && !isPlainObject(properties)) return null;
  const out: EventInput = { kind, id, customerId, type };
  if (at !== undefined) out.at = at;
  if (properties !== undefined) out.properties = properties;
  return out;
}

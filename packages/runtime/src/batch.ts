/**
 * The synchronous batch lane for stores with a synchronous face (the in-memory store): the same
 * `applyInput` and commit as the async path, without a promise per input. Actions are queued,
 * not delivered: call `runtime.runDue()` afterwards.
 */
import type { Clock } from "./clock.js";
import { EMPTY_MAP } from "./data.js";
import { applyInput, type CoreInput, type PreparedJourneys } from "./engine/apply.js";
import { Effects } from "./engine/frame.js";
import { applyQuietInPlace } from "./engine/quick.js";
import type { FieldIssue } from "./errors.js";
import { HostInputSchema, quickEnvelope } from "./inputs/schemas.js";
import { dataCopy, DataRefusedError, readableInPlace } from "./inputs/validate.js";
import type { SyncStoreFace } from "./store/memory.js";
import type { CustomerDoc, CustomerRecord } from "./store/types.js";
import type { IngestResult } from "./runtime.js";

/** Inputs warmed at once: enough misses to overlap, few enough to stay in the first cache levels. */
const WARM = 32;

/** Sum of the characters warming read, kept so that the reads are not optimised away. */
const touched = { sum: 0 };

type Quarantine = (raw: unknown, customerId: string | null, message: string, issues: FieldIssue[]) => Promise<IngestResult>;

export async function ingestBatchSync(sync: SyncStoreFace, prepared: PreparedJourneys, clock: Clock, inputs: readonly unknown[], quarantine: Quarantine): Promise<IngestResult[]> {
  const out: IngestResult[] = new Array(inputs.length);
  const pending: Promise<void>[] = [];
  const quiet = prepared.quick;
  // One Effects for the batch: each commit below is done with its arrays before the next input.
  const fx = new Effects();
  const warm = sync.warm;
  const warmIds: string[] = [];
  for (let i = 0; i < inputs.length; i++) {
    // Every WARM inputs, warm the next WARM customers together (their misses overlap).
    if (warm !== undefined && i % WARM === 0) {
      let n = 0;
      let sum = 0;
      for (let j = i; j < i + WARM && j < inputs.length; j++) {
        const w = inputs[j];
        if (typeof w !== "object" || w === null) continue;
        const cid = (w as { customerId?: unknown }).customerId;
        if (typeof cid === "string") warmIds[n++] = cid;
        // An event's id is read first by the duplicate check: its characters' miss overlaps too.
        const id = (w as { id?: unknown }).id;
        if (typeof id === "string" && id.length > 0) sum = (sum + id.charCodeAt(0) + id.charCodeAt(id.length - 1)) | 0;
      }
      touched.sum = (touched.sum + sum) | 0;
      warm(warmIds, n);
    }
    const raw = inputs[i];
    let quietTried = false;
    let peeked: CustomerDoc | undefined;
    // The event id the in-place lane found new for this customer, if it checked one.
    let checkedId: string | null = null;
    let checkedCustomer: string | null = null;
    // Not for an array: zod refuses one as an envelope, whatever properties it carries.
    if (quiet && typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
      // The in-place lane: an existing customer whom the input moves nowhere.
      const r = raw as Record<string, unknown>;
      const cid = r.customerId;
      if (typeof cid === "string" && cid.length > 0) {
        const doc = sync.peekCustomer(cid);
        if (doc !== undefined) {
          if (r.kind === "event" && typeof r.id === "string" && r.id.length > 0 && typeof r.type === "string" && r.type.length > 0 && (r.at === undefined || (typeof r.at === "number" && Number.isFinite(r.at)))) {
            const props = r.properties;
            // Data that cannot be read as its copy would be (too deep, too many values, a Date)
            // goes the full way, to be copied or quarantined as ingest() does.
            if (props === undefined || (typeof props === "object" && props !== null && !Array.isArray(props) && readableInPlace(props as Record<string, unknown>))) {
              if (sync.hasProcessedEvent(cid, r.id)) {
                out[i] = { status: "duplicate", customerId: cid };
                continue;
              }
              checkedId = r.id;
              checkedCustomer = cid;
              if (applyQuietInPlace(prepared, doc, "event", r.type, (props ?? EMPTY_MAP) as Record<string, unknown>, (r.at as number | undefined) ?? clock.now())) {
                sync.touch(cid, r.id);
                out[i] = { status: "applied", customerId: cid };
                continue;
              }
              quietTried = true;
              peeked = doc;
            }
          } else if (r.kind === "record" && typeof r.record === "object" && r.record !== null && !Array.isArray(r.record)) {
            let record: CustomerRecord;
            try {
              record = dataCopy(r.record as Record<string, unknown>);
            } catch (e) {
              if (!(e instanceof DataRefusedError)) throw e;
              const q = e.quarantine("record");
              pending.push(quarantine(raw, cid, q.message, q.issues).then((x) => void (out[i] = x)));
              continue;
            }
            if (applyQuietInPlace(prepared, doc, "record", "", record, clock.now())) {
              sync.touch(cid, undefined);
              out[i] = { status: "applied", customerId: cid };
              continue;
            }
            quietTried = true;
            peeked = doc;
          }
        }
      }
    }
    let input = quickEnvelope(raw);
    if (input === null) {
      const parsed = HostInputSchema.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((x) => ({ path: x.path.join("."), message: x.message }));
        // The customer named by the input, if it names one as a string (as `ingest()` reports it).
        const cid = typeof raw === "object" && raw !== null && typeof (raw as { customerId?: unknown }).customerId === "string" ? (raw as { customerId: string }).customerId : null;
        pending.push(quarantine(raw, cid, `Invalid input: "${issues[0]?.path ?? ""}": ${issues[0]?.message ?? "invalid"}.`, issues).then((r) => void (out[i] = r)));
        continue;
      }
      input = parsed.data;
    }
    const customerId = input.customerId;
    const now = clock.now();
    // An event that went through the in-place lane was checked there (same customer, same id,
    // nothing stored since): a second probe of its id chain would answer the same.
    if (input.kind === "event" && !(input.id === checkedId && customerId === checkedCustomer) && sync.hasProcessedEvent(customerId, input.id)) {
      out[i] = { status: "duplicate", customerId };
      continue;
    }
    const at = input.kind === "event" && input.at !== undefined ? (typeof input.at === "number" ? input.at : Date.parse(input.at)) : now;
    let core: CoreInput;
    try {
      core = input.kind === "record" ? { kind: "record", record: dataCopy(input.record) } : { kind: "event", id: input.id, type: input.type, props: input.properties === undefined ? {} : dataCopy(input.properties) };
    } catch (e) {
      if (!(e instanceof DataRefusedError)) throw e;
      const q = e.quarantine(input.kind);
      pending.push(quarantine(raw, customerId, q.message, q.issues).then((x) => void (out[i] = x)));
      continue;
    }
    // The peeked doc serves the full step too (applyInput copies what it keeps; the store copies a
    // scratch state it is handed back, see CustomerTable.put): no second decode into new objects.
    const res = applyInput(prepared, customerId, peeked ?? sync.loadCustomer(customerId), core, at, quietTried, fx);
    if (res.kind === "quarantine") {
      pending.push(quarantine(raw, customerId, res.message, res.issues).then((r) => void (out[i] = r)));
      continue;
    }
    if (res.kind === "duplicate") {
      out[i] = { status: "duplicate", customerId };
      continue;
    }
    // Nothing else runs between load and commit in this synchronous loop, so it cannot conflict.
    sync.commit(res.request);
    out[i] = { status: "applied", customerId };
  }
  await Promise.all(pending);
  return out;
}

/**
 * Running a block of actions (S34–S43): conditions, holdout and control groups, personalisation
 * data rendered as plain data, idempotency keys, and the runtime's own copy of the record.
 */
import type { Json, OutboxRow, CustomerRecord } from "../store/types.js";
import type { ValueExpr } from "../ir.js";
import { setData } from "../data.js";
import { pickVariant } from "../split.js";
import { own } from "./conditions.js";
import type { CAction } from "./compiled-journey.js";
import { actionHistory, history, type Frame } from "./frame.js";

/** Where a block runs: its stage, the `event.*` it reads, the reason shown in history. */
export interface BlockScope {
  stage: string;
  eventProps: CustomerRecord | null;
  reason: string;
  /**
   * Idempotency key suffix: the firing number of an `every` block (`"3"`), the event id for an
   * `on event` block (`"e:evt_123"`, written with {@link keyPart}, so each event's actions get
   * their own key), else `""`.
   */
  suffix: string;
}

/**
 * A host-given id (a customer id, an event id) as part of an idempotency key: `%` and `:` are
 * percent-encoded, so an id holding `:` cannot make one customer's key equal another's (S36).
 * An id without either character is its own key part, so ordinary keys read as before.
 *
 * @example
 * ```ts
 * keyPart("cus_1"); // "cus_1"
 * keyPart("a:1:1"); // "a%3A1%3A1"
 * ```
 */
export function keyPart(id: string): string {
  return id.indexOf(":") < 0 && id.indexOf("%") < 0 ? id : id.replace(/%/g, "%25").replace(/:/g, "%3A");
}

/**
 * The idempotency key of an action (spec §3.13): `journeyId:version:customerId:enrolment:
 * stageEntry:actionId`, plus `:n` for the n-th firing of an `every` block and `:e:<event id>`
 * for an action of an `on event` block (a stage can run such a block for many events). The
 * customer id is written with {@link keyPart}, as the caller writes the event id of a suffix.
 *
 * @example
 * ```ts
 * idempotencyKey("onboarding", 2, "cus_1", 1, 3, "cart/after:1h/0"); // "onboarding:2:cus_1:1:3:cart/after:1h/0"
 * idempotencyKey("onboarding", 2, "cus_1", 1, 3, "news/every:7d/0", "2"); // "...:news/every:7d/0:2"
 * idempotencyKey("onboarding", 2, "a:b", 1, 3, "cart/after:1h/0"); // "onboarding:2:a%3Ab:1:3:cart/after:1h/0"
 * ```
 */
export function idempotencyKey(journeyId: string, version: number, customerId: string, enrolment: number, stageEntry: number, actionId: string, suffix = ""): string {
  // join writes one flat string: a template literal builds a tree of ten-odd cons strings, which
  // the outbox's lookup then flattens into a copy anyway (a key per queued action).
  const customer = keyPart(customerId);
  return suffix === ""
    ? [journeyId, version, customer, enrolment, stageEntry, actionId].join(":")
    : [journeyId, version, customer, enrolment, stageEntry, actionId, suffix].join(":");
}

function valueOf(expr: ValueExpr, f: Frame, eventProps: CustomerRecord | null): unknown {
  if (expr.kind === "literal") return expr.value;
  return expr.ref.source === "customer" ? own(f.record, expr.ref.field) : own(eventProps, expr.ref.field);
}

/** Deep copy into null-prototype objects: handler data is data, whatever its keys. */
export function toJson(v: unknown): Json {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === "object") {
    const out: Record<string, Json> = {};
    // for-in + own check visits exactly Object.keys(v), in its order, without the key array.
    for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) setData(out, k, toJson((v as Record<string, unknown>)[k]));
    return out;
  }
  return null;
}

function queue(f: Frame, a: CAction, scope: BlockScope, kind: OutboxRow["kind"], data: Record<string, Json>, channel: string | null, template: string | null): string {
  const s = f.s;
  const id = idempotencyKey(f.cj.id, s.version, f.customerId, s.enrolment, s.stageEntry, a.id, scope.suffix);
  f.fx.actions.push({
    id,
    customerId: f.customerId,
    journeyId: f.cj.id,
    version: s.version,
    kind,
    actionId: a.id,
    channel,
    template,
    data,
    stage: scope.stage,
    enrolment: s.enrolment,
    stageEntry: s.stageEntry,
    createdAt: f.now,
    nextAttemptAt: f.now,
    attempts: 0,
    status: "pending",
    lastError: null,
  });
  return id;
}

function setTags(f: Frame, tag: string, on: boolean): void {
  const i = f.tags.indexOf(tag);
  if (on && i < 0) f.tags.push(tag);
  if (!on && i >= 0) f.tags.splice(i, 1);
}

/**
 * Run `actions` in source order. Returns the first applicable `go to` (S38) or null; the caller
 * moves the customer after the whole block has run.
 */
export function runBlock(f: Frame, actions: readonly CAction[], scope: BlockScope): { target: number; actionId: string } | null {
  let goto: { target: number; actionId: string } | null = null;
  const ctx = f.ctx;
  const savedProps = ctx.eventProps;
  ctx.eventProps = scope.eventProps;
  try {
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i]!;
      if (a.when !== null && !a.when(ctx)) {
        actionHistory(f, scope.stage, `${scope.reason}: condition not met`, a.id, "skipped");
        continue;
      }
      switch (a.kind) {
        case "send": {
          if (f.s.holdout) {
            actionHistory(f, scope.stage, `${scope.reason}: holdout (control group)`, a.id, "skipped");
            break;
          }
          const data: Record<string, Json> = {};
          for (let i = 0; i < a.data.length; i++) {
            const k = a.data[i]![0];
            const v = valueOf(a.data[i]![1], f, scope.eventProps);
            if (v !== undefined) setData(data, k, toJson(v));
          }
          const key = queue(f, a, scope, "send", data, a.channel, a.template);
          actionHistory(f, scope.stage, scope.reason, a.id, "queued", { key, channel: a.channel, template: a.template });
          break;
        }
        case "tag":
        case "untag": {
          setTags(f, a.tag, a.kind === "tag");
          if (f.hostKinds.has(a.kind)) queue(f, a, scope, a.kind, { tag: a.tag }, null, null);
          actionHistory(f, scope.stage, scope.reason, a.id, "applied", { [a.kind]: a.tag });
          break;
        }
        case "set": {
          const v = valueOf(a.value, f, scope.eventProps);
          if (v === undefined) delete f.record[a.field];
          else setData(f.record, a.field, v);
          if (f.hostKinds.has("set")) queue(f, a, scope, "set", { field: a.field, value: toJson(v ?? null) }, null, null);
          actionHistory(f, scope.stage, scope.reason, a.id, "applied", { field: a.field, value: toJson(v ?? null) });
          break;
        }
        case "add": {
          const cur = own(f.record, a.field);
          const next = (typeof cur === "number" && Number.isFinite(cur) ? cur : 0) + a.amount;
          setData(f.record, a.field, next);
          if (f.hostKinds.has("add")) queue(f, a, scope, "add", { field: a.field, amount: a.amount, value: next }, null, null);
          actionHistory(f, scope.stage, scope.reason, a.id, "applied", { field: a.field, value: next });
          break;
        }
        case "goto": {
          if (goto === null) goto = { target: a.target, actionId: a.id };
          actionHistory(f, scope.stage, scope.reason, a.id, "applied", { goto: f.cj.stages[a.target]!.name });
          break;
        }
        case "split": {
          let variant = a.variants.find((v) => v.name === own(f.s.splits, a.name));
          if (variant === undefined) {
            variant = pickVariant(f.cj.id, a.name, f.customerId, a.variants);
            const splits: Record<string, string> = { ...f.s.splits };
            setData(splits, a.name, variant.name);
            f.s.splits = splits;
            f.fx.metrics.push({ journeyId: f.cj.id, version: f.s.version, kind: "assign", stage: f.s.stage, variants: [`${a.name}=${variant.name}`] });
          }
          history(f, "split", scope.stage, `split "${a.name}"`, { actionId: a.id, detail: { split: a.name, variant: variant.name } });
          if (variant.control) {
            actionHistory(f, scope.stage, `${scope.reason}: split "${a.name}" control (control group)`, a.id, "skipped", { variant: variant.name });
            break;
          }
          const inner = runBlock(f, variant.actions, scope);
          if (goto === null && inner !== null) goto = inner;
          break;
        }
      }
    }
  } finally {
    ctx.eventProps = savedProps;
  }
  return goto;
}

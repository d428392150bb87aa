/**
 * Keys such as `__proto__` and `constructor` are plain data and change nothing else (no
 * prototype pollution, on both engines); personalisation values reach handlers as data.
 */
import { describe, expect, it } from "vitest";
import { harness } from "./harness.js";
import { a, c, journey, stage } from "./ir-builders.js";

const hostile = () =>
  journey({
    // (zod drops a declared field named "__proto__" from an IR record, so such a name can only
    // ever be undeclared data; "constructor" can be declared.)
    customer: { constructor: { type: "text" as const, required: false }, name: { type: "text" as const, required: false } },
    events: { poke: {} },
    segments: { constructor: c.set("constructor") },
    stages: [
      stage("toString", {
        keepsEntryEvent: true,
        onEnter: [
          { kind: "send", id: "toString/enter/0", channel: "email", template: "hi", data: { raw: { kind: "ref", ref: { source: "customer", field: "__proto__" } }, name: { kind: "ref", ref: { source: "customer", field: "name" } } } },
          { kind: "set", id: "toString/enter/1", field: "__proto__", value: { kind: "literal", value: "set-by-action" } },
          a.tag("toString/enter/2", "__proto__"),
        ],
        onEvent: [{ id: "toString/on:poke", event: "poke", actions: [{ kind: "send", id: "toString/on:poke/0", channel: "email", template: "poked", data: { v: { kind: "ref", ref: { source: "event", field: "__proto__" } } } }] }],
        transitions: [{ target: "hasOwnProperty", when: c.seg("constructor") }],
      }),
      stage("hasOwnProperty"),
    ],
  });

describe.each(["compiled", "xstate"] as const)("prototype pollution (%s engine)", (engine) => {
  it("treats __proto__ / constructor keys in records, events, data, stages and segments as plain data", async () => {
    const h = harness(hostile(), { engine });
    const record = JSON.parse('{"__proto__": "polluted?", "name": "<b>Ana</b>", "extra": {"__proto__": {"polluted": true}}}') as Record<string, unknown>;
    expect((await h.runtime.upsertCustomer("__proto__", record)).status).toBe("applied");
    expect(await h.runtime.stageOf("__proto__")).toBe("toString");
    const props = JSON.parse('{"__proto__": "from-event"}') as Record<string, unknown>;
    await h.runtime.sendEvent({ id: "constructor", customerId: "__proto__", type: "poke", properties: props });
    await h.runtime.upsertCustomer("__proto__", { constructor: "now set" });
    expect(await h.runtime.stageOf("__proto__")).toBe("hasOwnProperty");

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString.call({})).toBe("[object Object]");
    const cust = (await h.runtime.getCustomer("__proto__"))!;
    expect(Object.getPrototypeOf(cust.record)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(cust.record, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(cust.record, "__proto__")!.value).toBe("set-by-action");
    expect(cust.record.constructor).toBe("now set");
    expect(cust.tags).toEqual(["__proto__"]);
    const [hi, poked] = h.sent;
    expect(hi!.data.raw).toBe("polluted?");
    expect(hi!.data.name).toBe("<b>Ana</b>"); // data, never spliced into markup: escaping is the template's job
    expect(poked!.data).toEqual({ v: "from-event" });
    expect((await h.runtime.sendEvent({ id: "constructor", customerId: "__proto__", type: "poke" })).status).toBe("duplicate");
  });

  it("quarantines a wrongly typed constructor field without touching anything", async () => {
    const h = harness(hostile(), { engine });
    const r = await h.runtime.upsertCustomer("x", JSON.parse('{"constructor": {"prototype": {"polluted": true}}, "__proto__": {"polluted": true}}') as Record<string, unknown>);
    expect(r.status).toBe("quarantined");
    if (r.status === "quarantined") expect(r.error.issues[0]!.path).toBe("constructor");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

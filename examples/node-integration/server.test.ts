/**
 * Starts the plain-Node example on 127.0.0.1 with an ephemeral port and drives it over HTTP,
 * with a simulated clock for the time-based parts. Needs the built packages (`pnpm build`).
 */
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createSimulatedClock } from "../../packages/runtime/src/index.js";
import { createApp } from "./server.mjs";

const DAY = 86_400_000;
const T0 = Date.parse("2026-03-01T10:00:00Z");

type App = { runtime: { runUntil(t: number): Promise<unknown> }; server: import("node:http").Server; close(): Promise<void> };

describe("examples/node-integration", () => {
  let app: App | undefined;
  afterEach(async () => app?.close());

  async function start() {
    const lines: string[] = [];
    const clock = createSimulatedClock(T0);
    app = createApp({ log: (l: string) => lines.push(l), clock }) as App;
    await new Promise<void>((resolve) => app!.server.listen(0, "127.0.0.1", resolve));
    const { port } = app.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const post = (path: string, body: unknown) => fetch(base + path, { method: "POST", body: JSON.stringify(body) });
    const sends = () => lines.map((l) => JSON.parse(l) as { to: string; template: string; data: Record<string, unknown>; key: string });
    return { base, post, sends, clock, app: app! };
  }

  it("POST /customers enrols and sends the welcome; POST /events moves the customer; GET shows stage and history", async () => {
    const { base, post, sends } = await start();
    const created = await post("/customers", { id: "c1", email: "ana@example.com", first_name: "Ana" });
    expect(created.status).toBe(202);
    expect(sends()).toEqual([{ to: "ana@example.com", template: "welcome", data: { name: "Ana" }, key: "node-integration-demo:1:c1:1:1:welcome/enter/0" }]);
    const ev = await post("/events", { id: "e1", customerId: "c1", type: "order_placed", properties: { total: 40 } });
    expect(ev.status).toBe(202);
    expect((await post("/events", { id: "e1", customerId: "c1", type: "order_placed", properties: { total: 40 } })).status).toBe(200);
    expect(sends().map((s) => [s.template, s.data])).toEqual([["welcome", { name: "Ana" }], ["thank-you", { total: 40 }]]);
    const view = (await (await fetch(`${base}/customers/c1`)).json()) as { stage: string; history: { type: string; stage: string }[]; due: { timers: unknown[] } };
    expect(view.stage).toBe("customer");
    expect(view.history.filter((h) => h.type === "enter").map((h) => h.stage)).toEqual(["welcome", "customer"]);
    expect(view.due.timers.length).toBe(1);
    expect((await fetch(`${base}/customers/nobody`)).status).toBe(404);
  });

  it("rejects invalid input with the field and the reason, and keeps serving", async () => {
    const { base, post, sends } = await start();
    const bad = await post("/customers", { id: "c2", first_name: "No email" });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ code: "INVALID_INPUT", issues: [{ path: "email" }] });
    const badEvent = await post("/events", { id: "e9", customerId: "c2", type: "order_placed", properties: { total: "forty" } });
    expect(await badEvent.json()).toMatchObject({ issues: [{ path: "properties.total" }] });
    const notJson = await fetch(`${base}/customers`, { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);
    expect((await post("/customers", { id: "c3", email: "b@example.com" })).status).toBe(202);
    expect(sends().map((s) => s.to)).toEqual(["b@example.com"]);
  });

  it("durable timers: the nudge after one day, the win-back after 30 quiet days", async () => {
    const { post, sends, app } = await start();
    await post("/customers", { id: "c4", email: "c@example.com", first_name: "Cy" });
    await app.runtime.runUntil(T0 + DAY);
    await post("/events", { id: "o1", customerId: "c4", type: "order_placed", properties: { total: 12 }, at: T0 + DAY });
    await app.runtime.runUntil(T0 + 31 * DAY);
    expect(sends().map((s) => s.template)).toEqual(["welcome", "nudge", "thank-you", "win-back"]);
  });
});

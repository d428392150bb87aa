/** A runtime on a simulated clock that records every delivery. */
import { createRuntime, createSimulatedClock, type ActionDelivery, type RuntimeOptions } from "../src/index.js";
import type { JourneyIR } from "../src/ir.js";

export const T0 = Date.parse("2026-03-01T10:00:00Z");

export function harness(irs: JourneyIR | JourneyIR[], options: Partial<RuntimeOptions> & { failing?: (d: ActionDelivery) => boolean } = {}) {
  const clock = createSimulatedClock(T0);
  const sent: ActionDelivery[] = [];
  const journeys = Array.isArray(irs) ? irs : [irs];
  const channels = new Set(journeys.flatMap((j) => j.channels));
  const handler = async (d: ActionDelivery) => {
    if (options.failing?.(d)) throw new Error(`handler down for ${d.template ?? d.kind}`);
    sent.push(d);
  };
  const handlers = Object.fromEntries([...channels].map((ch) => [ch, handler]));
  const runtime = createRuntime({ journeys, clock, handlers: { ...handlers, ...options.handlers }, ...(options.engine ? { engine: options.engine } : {}), ...(options.store ? { store: options.store } : {}), ...(options.retry ? { retry: options.retry } : {}), ...(options.deliverInline === undefined ? {} : { deliverInline: options.deliverInline }), ...(options.quickPath === undefined ? {} : { quickPath: options.quickPath }) });
  let n = 0;
  const event = (customerId: string, type: string, properties: Record<string, unknown> = {}, id = `e${++n}`) =>
    runtime.sendEvent({ id, customerId, type, properties, at: clock.now() });
  const templates = (customerId?: string) => sent.filter((d) => customerId === undefined || d.customer.id === customerId).map((d) => d.template);
  return { runtime, clock, sent, event, templates };
}

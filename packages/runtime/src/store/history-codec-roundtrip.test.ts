/**
 * The history log gives back every row exactly as appended (as JSON would), whatever the mix of
 * customers sharing shapes: the interned shapes, their templates and the "what came next" guess
 * must never decode one customer's row as another's.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HistoryLog } from "./history-log.js";
import type { HistoryRow, Json } from "./types.js";

const CUSTOMERS = ["c1", "c2", "c", "1", "", '"', "\\", 'a"b', "\u0001", "u0001", "ü😀", "__proto__", "null", "true", "{", ":"];

const scalar = (cid: string): fc.Arbitrary<Json> =>
  fc.oneof(
    fc.constantFrom<Json>(null, true, false, 0, 1, -1, 2.5, 1e21, "", "x", '"', "\\", "\\u0001", "\u0001", "null", "{}"),
    fc.constantFrom(cid, `${cid}${cid}`, `<${cid}>`, `\\${cid}`, `${cid}"`),
    fc.string({ maxLength: 3 }),
  );

const detail = (cid: string): fc.Arbitrary<Record<string, Json>> =>
  fc.dictionary(
    fc.constantFrom("a", "b", "__proto__", "1", "0", cid === "" ? "e" : cid, "\u0001", '"'),
    fc.oneof({ weight: 4, arbitrary: scalar(cid) }, { weight: 1, arbitrary: fc.array(scalar(cid), { maxLength: 2 }) }, { weight: 1, arbitrary: fc.dictionary(fc.constantFrom("k", cid === "" ? "e" : cid), scalar(cid), { maxKeys: 2 }) }),
    { maxKeys: 3 },
  );

const row = fc.constantFrom(...CUSTOMERS).chain((customerId) =>
  fc.record({
    at: fc.integer({ min: 0, max: 5 }),
    customerId: fc.constant(customerId),
    journeyId: fc.constantFrom("j", "k"),
    version: fc.constantFrom(1, 2),
    enrolment: fc.constantFrom(1, 2),
    type: fc.constantFrom("enter", "action", "warning" as const),
    stage: fc.constantFrom(null, "a", "\u0002", customerId),
    reason: fc.constantFrom("enrolled", `moved ${customerId}`, `${customerId}`, "\u0001", `x\u0001${customerId}`, ""),
    actionId: fc.option(fc.constantFrom("a/enter/0", "\u0002", ""), { nil: undefined }),
    status: fc.option(fc.constantFrom("queued", "sent" as const), { nil: undefined }),
    detail: fc.option(detail(customerId), { nil: undefined, freq: 2 }),
  }, { requiredKeys: ["at", "customerId", "journeyId", "version", "enrolment", "type", "stage", "reason"] }),
);

describe("history log", () => {
  it("decodes every customer's rows as appended, in order", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 80 }), (rows) => {
        const log = new HistoryLog();
        const newest = new Map<string, number>();
        // Rows repeat (the guess of the next shape is exercised): append the sequence twice.
        for (const r of [...rows, ...rows]) newest.set(r.customerId, log.append(r as HistoryRow, newest.get(r.customerId) ?? 0));
        for (const [cid, n] of newest) {
          const want = JSON.parse(JSON.stringify([...rows, ...rows].filter((r) => r.customerId === cid))) as HistoryRow[];
          const got = log.read(cid, n);
          expect(got).toEqual(want);
          // Key order too (toEqual ignores it).
          expect(JSON.stringify(got)).toBe(JSON.stringify(want.map((w) => ({ at: w.at, customerId: w.customerId, journeyId: w.journeyId, version: w.version, enrolment: w.enrolment, type: w.type, stage: w.stage, reason: w.reason, ...(w.actionId === undefined ? {} : { actionId: w.actionId }), ...(w.status === undefined ? {} : { status: w.status }), ...(w.detail === undefined ? {} : { detail: w.detail }) }))));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

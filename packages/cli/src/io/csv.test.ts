import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { coerceRecord, CsvHeaderError, readCsv, type DeclaredField } from "./csv.js";

const fields: Record<string, DeclaredField> = {
  orders: { type: "number" },
  opted_in: { type: "boolean" },
  interests: { type: "list" },
  email: { type: "text" },
};

function tempFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "journey-csv-"));
  const path = join(dir, "records.csv");
  writeFileSync(path, content);
  return path;
}

async function collect(path: string) {
  const out = [];
  for await (const row of readCsv(path, { fields })) out.push(row);
  return out;
}

describe("readCsv", () => {
  it("coerces cells by declared type and reports a row with the wrong column count", async () => {
    const path = tempFile("id,email,orders,opted_in,interests\nc1,a@x.io,3,yes,shoes|hats\nc2,b@x.io,1\nc3,c@x.io,,no,\n");
    const rows = await collect(path);
    expect(rows).toEqual([
      { ok: true, line: 2, value: { id: "c1", email: "a@x.io", orders: 3, opted_in: true, interests: ["shoes", "hats"] } },
      { ok: false, line: 3, error: "wrong number of columns" },
      { ok: true, line: 4, value: { id: "c3", email: "c@x.io", opted_in: false } },
    ]);
  });

  it("reports a bad quote with its line and keeps reading", async () => {
    const rows = await collect(tempFile('id,email\nc1,b"ad\nc2,ok@x.io\n'));
    expect(rows[0]).toEqual({ ok: false, line: 2, error: "a quote appears inside an unquoted field" });
    expect(rows[1]).toEqual({ ok: true, line: 3, value: { id: "c2", email: "ok@x.io" } });
  });

  it("stops at an unclosed quote with a bad line, not an exception", async () => {
    const rows = await collect(tempFile('id,email\nc1,a@x.io\nc2,"never closed\n'));
    expect(rows[0]).toMatchObject({ ok: true, line: 2 });
    expect(rows.at(-1)).toMatchObject({ ok: false, error: expect.stringContaining("not closed") });
  });

  it("reports a row with several bad quotes once", async () => {
    const rows = await collect(tempFile('id,email,orders\nc1,a"b,x"y\nc2,ok@x.io,2\n'));
    expect(rows).toEqual([
      { ok: false, line: 2, error: "a quote appears inside an unquoted field" },
      { ok: true, line: 3, value: { id: "c2", email: "ok@x.io", orders: 2 } },
    ]);
  });

  it("refuses a file whose header row is not valid CSV instead of losing its first row", async () => {
    const read = collect(tempFile('id,em"ail,orders\nc1,a@x.io,3\nc2,b@x.io,4\n'));
    await expect(read).rejects.toBeInstanceOf(CsvHeaderError);
    await expect(collect(tempFile('id,em"ail,orders\nc1,a@x.io,3\n'))).rejects.toThrow(
      "its header row is not valid CSV (a quote appears inside an unquoted field)",
    );
  });

  it("refuses a header row without an id column or with a repeated column name", async () => {
    await expect(collect(tempFile("customer,email\nc1,a@x.io\n"))).rejects.toThrow(
      'its header row has no "id" column for the customer id (it names "customer", "email")',
    );
    await expect(collect(tempFile("id,email,orders,email\nc1,a@x.io,3,b@x.io\n"))).rejects.toThrow('its header row names the column "email" twice');
    await expect(collect(tempFile("\ufeffid,email\nc1,a@x.io\n"))).resolves.toEqual([{ ok: true, line: 2, value: { id: "c1", email: "a@x.io" } }]);
  });

  it("suggests NDJSON for a .csv file of JSON lines", async () => {
    const ndjson = '\ufeff{"id":"c1","email":"a@x.io","orders":3}\n{"id":"c2","email":"b@x.io"}\n';
    await expect(collect(tempFile(ndjson))).rejects.toThrow(/not valid CSV .*looks like NDJSON .*name the file \.ndjson or \.jsonl/);
    await expect(collect(tempFile('id,em"ail\nc1,x\n'))).rejects.not.toThrow(/NDJSON/);
  });

  it("throws an I/O error for a missing file", async () => {
    await expect(collect(join(tmpdir(), "missing-journey-records.csv"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("coerceRecord", () => {
  it("keeps cells that do not match their declared type as text", () => {
    expect(coerceRecord({ orders: "many", opted_in: "maybe", other: "7" }, fields)).toEqual({
      orders: "many",
      opted_in: "maybe",
      other: "7",
    });
  });

  it("does not treat inherited object keys as declared fields", () => {
    expect(coerceRecord({ constructor: "x", toString: "3" }, fields)).toEqual({ constructor: "x", toString: "3" });
  });
});

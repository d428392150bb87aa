import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { coerceRecord, CsvHeaderError, readCsv, type CsvRow, type DeclaredField, type ReadCsvOptions } from "./csv.js";

const fields: Record<string, DeclaredField> = {
  orders: { type: "number" },
  opted_in: { type: "boolean" },
  interests: { type: "list" },
  email: { type: "text" },
};

function tempFile(content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "journey-csv-"));
  const path = join(dir, "records.csv");
  writeFileSync(path, content);
  return path;
}

async function collect(path: string, options: Partial<ReadCsvOptions> = {}) {
  const out = [];
  for await (const row of readCsv(path, { fields, ...options })) out.push(row);
  return out;
}

/** A file's bytes from text (UTF-8) and raw byte values. */
function bytes(...parts: (string | number[])[]): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))));
}

const CLOSING_QUOTE = 'a closing quote is followed by text; a quote inside a quoted field is written ""';

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

  it("reads the rows after a quoted field followed by text as rows of their own", async () => {
    const rows = await collect(tempFile('id,email\nc1,"a"x\nc2,b@x\nc3,c@x'));
    expect(rows).toEqual([
      { ok: false, line: 2, error: CLOSING_QUOTE },
      { ok: true, line: 3, value: { id: "c2", email: "b@x" } },
      { ok: true, line: 4, value: { id: "c3", email: "c@x" } },
    ]);
  });

  it("goes on after a bad quote in a file of CR LF lines and empty lines", async () => {
    const rows = await collect(tempFile('id,email\r\nc1,"a"x\r\nc2,b@x\r\n\r\nc3,c@x\r\n'));
    expect(rows).toEqual([
      { ok: false, line: 2, error: CLOSING_QUOTE },
      { ok: true, line: 3, value: { id: "c2", email: "b@x" } },
      { ok: true, line: 5, value: { id: "c3", email: "c@x" } },
    ]);
  });

  it("reports a quote never closed where its row starts, with the lines left unread", async () => {
    const rows = await collect(tempFile('id,email\nc0,z@x\nc1,"abc\nc2,b@x\nc3,c@x'));
    expect(rows).toEqual([
      { ok: true, line: 2, value: { id: "c0", email: "z@x" } },
      { ok: false, line: 3, error: "a quoted field is not closed; the rest of the file from line 3 was not read (3 lines)" },
    ]);
    // A row that starts with a closed multi-line cell: the rest is counted from the row's first line.
    await expect(collect(tempFile('id,note,email\nc1,"two\nlines","x\nc2,ok,\n'))).resolves.toEqual([
      { ok: false, line: 2, error: "a quoted field opened on line 3 is not closed; the rest of the file from line 2 was not read (3 lines)" },
    ]);
  });

  it("ends a bad row with the line of its bad quote and says which lines it spans", async () => {
    // The quote opened on line 2 closes on line 3 with text after it: one bad row of two lines.
    const rows = await collect(tempFile('id,email,name\nc1,"abc,Ann\nc2,b@x,"Bob"\nc3,c@x,Cy\n'));
    expect(rows).toEqual([
      { ok: false, line: 2, error: `${CLOSING_QUOTE}; the row spans lines 2 to 3` },
      { ok: true, line: 4, value: { id: "c3", email: "c@x", name: "Cy" } },
    ]);
    // A stray quote after a multi-line cell: the row is reported where it starts.
    await expect(collect(tempFile('id,note,email\nc1,"two\nlines",b"ad\nc2,ok,c@x\n'))).resolves.toEqual([
      { ok: false, line: 2, error: "a quote appears inside an unquoted field; the row spans lines 2 to 3" },
      { ok: true, line: 4, value: { id: "c2", note: "ok", email: "c@x" } },
    ]);
  });

  it("reports a row with a multi-line cell at the line where it starts", async () => {
    for (const eol of ["\n", "\r\n"]) {
      const rows = await collect(tempFile(`id,email${eol}c1,"two${eol}lines"${eol}c2,x${eol}`));
      expect(rows).toEqual([
        { ok: true, line: 2, value: { id: "c1", email: `two${eol}lines` } },
        { ok: true, line: 4, value: { id: "c2", email: "x" } },
      ]);
    }
  });

  it("reports a row that is not valid UTF-8 instead of decoding it", async () => {
    const file = tempFile(bytes("id,email\nc1,a", [0xff], 'b\nc2,é@x\nc3,"two\nl', [0xc3], 'ines"\nc4,€\n'));
    const expected = [
      { ok: false, line: 2, error: "line 2 is not valid UTF-8 (byte 0xFF at byte 5 of the line)" },
      { ok: true, line: 3, value: { id: "c2", email: "é@x" } },
      { ok: false, line: 4, error: "line 5 is not valid UTF-8 (byte 0xC3 at byte 2 of the line); the row spans lines 4 to 5" },
      { ok: true, line: 6, value: { id: "c4", email: "€" } },
    ];
    expect(await collect(file)).toEqual(expected);
    // Chunks of 1 to 3 bytes cut "é" and "€" in two: a cut character is not a bad one.
    for (const chunkBytes of [1, 2, 3]) expect(await collect(file, { chunkBytes })).toEqual(expected);
  });

  it("refuses a header row that is not valid UTF-8, and names UTF-16", async () => {
    await expect(collect(tempFile(bytes("id,em", [0xe9], "l\nc1,a\n")))).rejects.toThrow(
      new CsvHeaderError("its header row is not valid UTF-8 (byte 0xE9 at byte 6 of the line)"),
    );
    const utf16 = bytes([0xff, 0xfe], [...Buffer.from("id,email\r\nc1,a\r\n", "utf16le")]);
    await expect(collect(tempFile(utf16))).rejects.toThrow(
      new CsvHeaderError("its header row is not valid UTF-8 (byte 0xFF at byte 1 of the line); it looks like UTF-16: save the file as UTF-8"),
    );
  });

  it("gives the same rows whatever the chunks the file is read in", async () => {
    const file = tempFile(
      bytes('\ufeffid,email\r\nc1,"a"x\r\nc2,"two\r\nlines"\r\n\r\nc3,b"ad\r\nc4,b"ad,extra\r\nc5,', [0xff], '\r\nc6,"é€"\r\nc7,"open\r\nc8,x\r\n'),
    );
    const expected = [
      { ok: false, line: 2, error: CLOSING_QUOTE },
      { ok: true, line: 3, value: { id: "c2", email: "two\r\nlines" } },
      { ok: false, line: 6, error: "a quote appears inside an unquoted field" },
      // Reported once, for its quote, though its columns are wrong too.
      { ok: false, line: 7, error: "a quote appears inside an unquoted field" },
      { ok: false, line: 8, error: "line 8 is not valid UTF-8 (byte 0xFF at byte 4 of the line)" },
      { ok: true, line: 9, value: { id: "c6", email: "é€" } },
      { ok: false, line: 10, error: "a quoted field is not closed; the rest of the file from line 10 was not read (2 lines)" },
    ];
    for (const chunkBytes of [1, 2, 3, 4, 5, 7, 11, undefined]) expect(await collect(file, { chunkBytes }), `chunks of ${chunkBytes}`).toEqual(expected);
  });

  it("numbers the rows of valid files by the line where each starts", async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { text, rows } = randomCsv(seed);
      const file = tempFile(text);
      for (const chunkBytes of [4, undefined]) expect(await collect(file, { chunkBytes }), `seed ${seed}, chunks of ${chunkBytes}`).toEqual(rows);
    }
  });

  it("reports a row longer than maxRowBytes, and the rest of the file, as not read", async () => {
    const file = tempFile(`id,email\nc0,z@x\nc1,"${"x".repeat(200)}\nc2,b@x\r\nc3,c@x\n`);
    const expected = [
      { ok: true, line: 2, value: { id: "c0", email: "z@x" } },
      { ok: false, line: 3, error: "the row is longer than 100 bytes (a quoted field may not be closed); the rest of the file from line 3 was not read (3 lines)" },
    ];
    for (const chunkBytes of [16, 64]) expect(await collect(file, { chunkBytes, maxRowBytes: 100 })).toEqual(expected);
    await expect(collect(tempFile(`id,"${"e".repeat(200)}\nc1,x\n`), { chunkBytes: 16, maxRowBytes: 100 })).rejects.toThrow(
      new CsvHeaderError("its header row is longer than 100 bytes (a quoted field may not be closed)"),
    );
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

  it("reads only plain decimal numbers as numbers, as NDJSON would", () => {
    const numbers: [string, number][] = [["12", 12], ["-3.5", -3.5], ["+5", 5], ["007", 7], ["1e3", 1000], ["2.5E-3", 0.0025], [" 12\t", 12]];
    for (const [cell, value] of numbers) expect(coerceRecord({ orders: cell }, fields), cell).toEqual({ orders: value });
    const texts = ["0x10", "0b1111", "0o20", "Infinity", "-Infinity", "NaN", "1_000", ".5", "5.", "1e", "1e999", "12abc", "1 000", "\u00a012", "１２"];
    for (const cell of texts) expect(coerceRecord({ orders: cell }, fields), cell).toEqual({ orders: cell });
  });

  it("does not treat inherited object keys as declared fields", () => {
    expect(coerceRecord({ constructor: "x", toString: "3" }, fields)).toEqual({ constructor: "x", toString: "3" });
  });
});

/**
 * A valid CSV file made from `seed` (LF lines for an even seed, CR LF for an odd one; empty lines;
 * quoted cells holding commas, quotes and line breaks) and the rows it holds, each at the line
 * where it starts.
 */
function randomCsv(seed: number): { text: string; rows: CsvRow[] } {
  let state = seed;
  const next = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 16) % n;
  };
  const eol = seed % 2 === 0 ? "\n" : "\r\n";
  const notes = [`two${eol}lines`, "a", "b c", "x,y", 'say "hi"', `${eol}${eol}three`, "é€", ""];
  let text = `id,note${eol}`;
  let line = 2;
  const rows: CsvRow[] = [];
  for (let i = 0; i < 8; i++) {
    while (next(4) === 0) {
      text += eol;
      line++;
    }
    const note = notes[i === 0 ? 0 : next(notes.length)]!;
    const quoted = /[",\r\n]/.test(note) || next(2) === 0;
    text += `c${i},${quoted ? `"${note.replaceAll('"', '""')}"` : note}${eol}`;
    rows.push({ ok: true, line, value: note === "" ? { id: `c${i}` } : { id: `c${i}`, note } });
    line += note.split(eol).length;
  }
  return { text, rows };
}

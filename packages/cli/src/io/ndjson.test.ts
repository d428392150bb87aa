import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { invalidUtf8Line, lineEnd, parseLine, readLineChunks, readNdjson } from "./ndjson.js";

function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "journey-ndjson-"));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function collect(path: string, chunkBytes?: number) {
  const out = [];
  for await (const line of readNdjson(path, chunkBytes === undefined ? {} : { chunkBytes })) out.push(line);
  return out;
}

describe("readNdjson", () => {
  it("parses lines, skips blanks, reports bad lines with their numbers and continues", async () => {
    const path = tempFile("a.ndjson", '{"a":1}\n{bad\n\n{"b":2}\r\n[1');
    const lines = await collect(path);
    expect(lines.map((l) => [l.line, l.ok])).toEqual([
      [1, true],
      [2, false],
      [4, true],
      [5, false],
    ]);
    expect(lines[0]).toMatchObject({ value: { a: 1 } });
    expect(lines[2]).toMatchObject({ value: { b: 2 } });
    expect(lines[1]).toMatchObject({ error: expect.stringContaining("not valid JSON") });
  });

  it("skips lines of JSON whitespace only; a line of other spaces (no-break, ideographic, form feed, a BOM after line 1) is reported, not dropped", async () => {
    const path = tempFile("w.ndjson", '\uFEFF{"a":1}\n \t \r\n\u00A0\n\u3000\n\f\n\uFEFF\n{"b":2}\n');
    const lines = await collect(path);
    expect(lines.map((l) => [l.line, l.ok])).toEqual([
      [1, true],
      [3, false],
      [4, false],
      [5, false],
      [6, false],
      [7, true],
    ]);
    expect(lines[1]).toMatchObject({ error: expect.stringContaining("not valid JSON (Unexpected character U+00A0") });
    expect(lines[2]).toMatchObject({ error: expect.stringContaining("U+3000") });
  });

  it("keeps multi-byte characters intact when a chunk boundary splits them", async () => {
    const path = tempFile("k.ndjson", '{"name":"인지 단계 😀"}\n{"name":"ok"}\n');
    const lines = await collect(path, 3);
    expect(lines).toEqual([
      { ok: true, line: 1, value: { name: "인지 단계 😀" } },
      { ok: true, line: 2, value: { name: "ok" } },
    ]);
  });

  it("reports progress in bytes", async () => {
    const content = '{"a":1}\n'.repeat(100);
    const path = tempFile("p.ndjson", content);
    const seen: number[] = [];
    for await (const _ of readNdjson(path, { chunkBytes: 64, onBytes: (b) => seen.push(b) })) void _;
    expect(seen.at(-1)).toBe(Buffer.byteLength(content));
    expect(seen.length).toBeGreaterThan(5);
  });

  it("throws an I/O error for a missing file", async () => {
    await expect(collect(join(tmpdir(), "definitely-missing-journey.ndjson"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("parseLine", () => {
  it("strips a byte-order mark on the first line only", () => {
    expect(parseLine("\uFEFF{}", 1)).toEqual({ ok: true, line: 1, value: {} });
    expect(parseLine("\uFEFF{}", 2)).toMatchObject({ ok: false });
  });
});

describe("readLineChunks", () => {
  it("yields the whole file as runs of whole lines, whatever the chunk size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 12 }), { maxLength: 12 }), fc.boolean(), fc.integer({ min: 1, max: 20 }), async (lines, finalNewline, chunkBytes) => {
        const content = lines.map((l) => l.replaceAll("\n", "")).join("\n") + (finalNewline && lines.length > 0 ? "\n" : "");
        const path = tempFile("c.ndjson", content);
        const chunks: Buffer[] = [];
        for await (const buf of readLineChunks(path, { chunkBytes })) chunks.push(buf);
        expect(Buffer.concat(chunks).toString()).toBe(content);
        // Every chunk but the file's last line ends with a line feed: no line is ever cut.
        for (const buf of chunks.slice(0, -1)) expect(buf.at(-1)).toBe(10);
        // Counting lines across chunks gives each line its number in the file.
        const seen: string[] = [];
        for (const buf of chunks) for (let start = 0; start < buf.length; ) {
          const end = lineEnd(buf, start);
          seen.push(buf.toString("utf8", start, end));
          start = end + 1;
        }
        expect(seen).toEqual(content === "" ? [] : content.replace(/\n$/, "").split("\n"));
      }),
      { numRuns: 200 },
    );
  });
});

describe("readLineChunks on lines longer than a read", () => {
  it("yields a line spanning hundreds of reads whole, once, followed by the next lines", async () => {
    const long = `{"id":"c1","note":"${"é".repeat(3000)}"}`;
    const content = `${long}\n{"id":"c2"}\n${long}`;
    const path = tempFile("long.ndjson", content);
    const chunks: Buffer[] = [];
    for await (const buf of readLineChunks(path, { chunkBytes: 7 })) chunks.push(buf);
    expect(chunks.map((b) => b.toString())).toEqual([`${long}\n`, '{"id":"c2"}\n', long]);
  });
});

describe("invalid UTF-8", () => {
  it("names the first bad byte of a line and where the line ends; a valid line is null", () => {
    const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));
    const cases: [Buffer, string | null][] = [
      [bytes('{"id":"c', [0xff], '"}\n'), "not valid UTF-8 (byte 0xFF at byte 9 of the line)"],
      [bytes('"é', [0xc3], '"'), "not valid UTF-8 (byte 0xC3 at byte 4 of the line)"], // a truncated pair
      [bytes('"', [0xc0, 0xaf], '"'), "not valid UTF-8 (byte 0xC0 at byte 2 of the line)"], // overlong
      [bytes('"', [0xed, 0xa0, 0x80], '"'), "not valid UTF-8 (byte 0xED at byte 2 of the line)"], // a surrogate
      [bytes('"', [0xf4, 0x90, 0x80, 0x80], '"'), "not valid UTF-8 (byte 0xF4 at byte 2 of the line)"], // past U+10FFFF
      [bytes('"', [0xe2, 0x82], '"'), "not valid UTF-8 (byte 0xE2 at byte 2 of the line)"],
      [bytes('{"name":"인지 😀 é"}\n'), null],
    ];
    for (const [buf, error] of cases) {
      const bad = invalidUtf8Line(buf, 0);
      expect(bad?.error ?? null, buf.toString("hex")).toBe(error);
      if (bad) expect(bad.end).toBe(buf.indexOf(10) === -1 ? buf.length : buf.indexOf(10));
    }
  });

  it("readNdjson reports a line that is not valid UTF-8 as a bad line, and reads on", async () => {
    const path = tempFile("u.ndjson", Buffer.concat([Buffer.from('{"a":1}\n{"id":"c'), Buffer.from([0xff]), Buffer.from('"}\n{"b":"\u00e9"}\n')]));
    for (const chunkBytes of [undefined, 3]) {
      const lines = await collect(path, chunkBytes);
      expect(lines).toEqual([
        { ok: true, line: 1, value: { a: 1 } },
        { ok: false, line: 2, error: "not valid UTF-8 (byte 0xFF at byte 9 of the line)" },
        { ok: true, line: 3, value: { b: "é" } },
      ]);
    }
  });
});

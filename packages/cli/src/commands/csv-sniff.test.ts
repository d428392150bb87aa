import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CliError } from "../context.js";
import { csvHeaderOf, refuseCsvAsNdjson } from "./csv-sniff.js";

function file(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "journey-sniff-")), "input.ndjson");
  writeFileSync(path, content);
  return path;
}

describe("csvHeaderOf", () => {
  it.each([
    ["id,email,orders\nc1,a@x.io,3\n", "id,email,orders"],
    ["\ufeff\n\r\nid;email\r\nc1;a@x.io\r\n", "id;email"],
    ['"id","email","last seen"\n"c1","a@x.io",""\n', '"id","email","last seen"'],
    ["id\temail\t가입일\n", "id\temail\t가입일"],
  ])("reads %j as a CSV header", async (content, header) => {
    expect(await csvHeaderOf(file(content))).toBe(header);
  });

  it.each([
    '{"id":"c1","email":"a@x.io"}\nid,email\n',
    '\n\n{"id":"c1"}\n',
    "[1,2]\n",
    "id\n",
    "",
    "not json at all: a sentence, with a comma\n",
  ])("does not read %j as CSV", async (content) => {
    expect(await csvHeaderOf(file(content))).toBeUndefined();
  });

  it("leaves a missing file to the reader that reports it", async () => {
    expect(await csvHeaderOf(join(tmpdir(), "no-such-journey-input.ndjson"))).toBeUndefined();
  });
});

describe("refuseCsvAsNdjson", () => {
  it("throws a usage error naming the file and its first line", async () => {
    const error = await refuseCsvAsNdjson(file("id,email\nc1,a@x.io\n"), "customers.ndjson", "record").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toBe(
      'The record file "customers.ndjson" looks like CSV, not NDJSON (its first line is "id,email"): name it .csv, or write one JSON object per line.',
    );
    await expect(refuseCsvAsNdjson(file('{"id":"c1"}\n'), "customers.ndjson", "record")).resolves.toBeUndefined();
  });
});

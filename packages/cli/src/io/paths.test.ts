import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeIoError, displayPath, resolveJourneyPaths } from "./paths.js";

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), "journey-paths-"));
  mkdirSync(join(dir, "a/b"), { recursive: true });
  mkdirSync(join(dir, "node_modules/x"), { recursive: true });
  mkdirSync(join(dir, "empty"));
  writeFileSync(join(dir, "a/one.journey"), "");
  writeFileSync(join(dir, "a/b/two.journey"), "");
  writeFileSync(join(dir, "a/notes.txt"), "");
  writeFileSync(join(dir, "node_modules/x/dep.journey"), "");
  writeFileSync(join(dir, "draft.txt"), "");
  return dir;
}

describe("resolveJourneyPaths", () => {
  it("finds .journey files under the working folder by default, skipping node_modules", async () => {
    const dir = tree();
    const { files, problems } = await resolveJourneyPaths([], dir);
    expect(files.map((f) => displayPath(f, dir))).toEqual(["a/b/two.journey", "a/one.journey"]);
    expect(problems).toEqual([]);
  });

  it("takes explicit files whatever their extension, folders and globs, without duplicates", async () => {
    const dir = tree();
    const { files } = await resolveJourneyPaths(["draft.txt", "a", "a/*.journey"], dir);
    expect(files.map((f) => displayPath(f, dir))).toEqual(["draft.txt", "a/b/two.journey", "a/one.journey"]);
  });

  it("takes an existing file or folder whose name has glob characters as that path", async () => {
    const dir = tree();
    mkdirSync(join(dir, "[archive]"));
    writeFileSync(join(dir, "[archive]/old.journey"), "");
    writeFileSync(join(dir, "shop (copy).journey"), "");
    const { files, problems } = await resolveJourneyPaths(["[archive]", "shop (copy).journey", "a/*.journey"], dir);
    expect(problems).toEqual([]);
    expect(files.map((f) => displayPath(f, dir))).toEqual(["[archive]/old.journey", "shop (copy).journey", "a/one.journey"]);
  });

  it("reports missing paths, folders without journeys and empty globs", async () => {
    const dir = tree();
    const { files, problems } = await resolveJourneyPaths(["missing.journey", "empty", "zz/*.journey"], dir);
    expect(files).toEqual([]);
    expect(problems).toEqual(['File not found: "missing.journey".', 'No .journey files in folder "empty".', 'No files match "zz/*.journey".']);
  });
});

describe("describeIoError", () => {
  it("names the path and the reason in one line", () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(describeIoError(err("EACCES"), "secret")).toBe('Permission denied: "secret".');
    expect(describeIoError(err("EISDIR"), "dir")).toBe('"dir" is a folder, not a file.');
    expect(describeIoError(err("EMFILE"), "x")).toBe('Cannot read "x" (EMFILE).');
  });
});

import { describe, expect, it } from "vitest";
import { KnownSegmentsRule } from "../../src/validation/rules.js";
import { check, checkFull, journey } from "./helpers.js";

describe("KnownSegmentsRule", () => {
  it("reports unknown segments, also inside other segments and exit rules", () => {
    const text = journey(
      `  stage a initial {
    go to b when promotr
  }
  stage b terminal`,
      `  segment promoter = orders >= 9
  segment both = promoter and activ
  exit when ghost`,
    );
    expect(check(text, [KnownSegmentsRule])).toEqual([
      { code: "JRN103", message: 'Unknown segment "activ".', line: 17, column: 31 },
      { code: "JRN103", message: 'Unknown segment "ghost".', line: 18, column: 13 },
      { code: "JRN103", message: 'Unknown segment "promotr". Did you mean "promoter"?', line: 20, column: 18 },
    ]);
  });
  it("hints at comparing a field written as a bare condition", () => {
    const text = journey(`  stage a initial {
    go to b when opted_in
  }
  stage b terminal`);
    const [d] = checkFull(text, [KnownSegmentsRule]);
    expect(d!.message).toBe('Unknown segment "opted_in".');
    expect(d!.hint).toBe('"opted_in" is a yes/no customer field: write `opted_in == yes`.');
  });
});

/**
 * Every JRN1xx–JRN6xx code in the registry has a title and is produced by the full pipeline
 * (`check`) on at least one input here, with a message that is one sentence and a hint.
 */
import { describe, expect, it } from "vitest";
import { check, DIAGNOSTIC_CODES } from "../../src/index.js";

const HEAD = `  channels email
  customer {
    n number
    plan one of "a", "b"
    d datetime
    tags list of text
    name text
  }
  event buy {
    v number
  }`;
const J = (body: string, head = HEAD) => `journey "C" {\n${head}\n${body}\n}\n`;
const S = (items: string, more = "  stage z terminal") => J(`  stage a initial {\n${items}\n    on event buy { send email "x" }\n    go to z when event buy\n  }\n${more}`);

const TRIGGERS: Record<string, string> = {
  JRN101: S("    go to nope after 1 day"),
  JRN102: S("    go to z when nn > 1"),
  JRN103: S("    go to z when nobody"),
  JRN104: S("    go to z when event nothing"),
  JRN105: S("    go to z when event buy with w > 1"),
  JRN106: S('    on enter { send fax "x" }'),
  JRN110: S("", "  stage z terminal\n  stage z terminal"),
  JRN111: J(`  stage a initial {\n    go to z when event buy\n  }\n  stage z terminal`, `${HEAD}\n  customer {\n    n number\n  }`),
  JRN112: J(`  stage a initial {\n    go to z when event buy\n  }\n  stage z terminal`, `${HEAD}\n  event buy`),
  JRN113: J(`  stage a initial {\n    go to z when event e\n  }\n  stage z terminal`, `${HEAD}\n  event e {\n    p number\n    p text\n  }`),
  JRN114: J(`  segment s = n > 1\n  segment s = n > 2\n  stage a initial {\n    go to z when s\n  }\n  stage z terminal`),
  JRN115: S('    on enter {\n      split t {\n        variant x 50% { send email "a" }\n        variant x 50% { send email "b" }\n      }\n    }'),
  JRN116: J(`  stage a initial {\n    go to z when event buy\n  }\n  stage z terminal`, HEAD.replace("channels email", "channels email, email")),
  JRN117: S('    on enter { send email "x" with { k: 1, k: 2 } }'),
  JRN118: J(`  goal stage z\n  goal stage a\n  stage a initial {\n    go to z when event buy\n  }\n  stage z terminal`),
  JRN119: J(`  stage a initial {\n    go to z when event buy\n  }\n  stage z terminal`, HEAD.replace('one of "a", "b"', 'one of "a", "a"')),
  JRN120: J(`  segment s = t\n  segment t = s\n  stage a initial {\n    go to z when s\n  }\n  stage z terminal`),
  JRN121: J(`  segment s = event buy\n  stage a initial {\n    go to z when s\n  }\n  stage z terminal`),
  JRN122: S('    on enter { send email "x" with { __proto__: 1 } }'),
  JRN123: `journey "!!!" {\n  channels email\n  stage a initial {\n    on enter { send email "x" }\n  }\n}\n`,
  JRN201: S("    go to z when n == \"x\""),
  JRN202: S('    go to z when plan == "c"'),
  JRN203: S('    go to z when name contains "x"'),
  JRN204: S("    go to z when n more than 1 day ago"),
  JRN205: S("    on enter { add 1 to name }"),
  JRN206: S("    on enter { set n = yes }"),
  JRN207: J(`  exit when event.v > 1\n  stage a initial {\n    go to z when event buy\n  }\n  stage z terminal`),
  JRN208: S('    go to z when d > date "2024-13-01"'),
  JRN209: S('    go to z when name < "m"'),
  JRN301: J(`  stage a {\n    go to z when event buy\n  }\n  stage z terminal`),
  JRN302: J(`  stage a initial {\n    go to z when event buy\n  }\n  stage z initial terminal`),
  JRN303: S("", "  stage z terminal\n  stage lonely terminal"),
  JRN304: J(`  stage a initial {\n    on event buy { tag "x" }\n  }`),
  JRN305: S("", "  stage z terminal {\n    after 1 day { tag \"x\" }\n  }"),
  JRN306: J(""),
  JRN307: S("    on exit { go to z }"),
  JRN401: S('    on enter {\n      split t {\n        variant x 50% { send email "a" }\n        control 40%\n      }\n    }'),
  JRN403: J(`  holdout 101%\n  stage a initial {\n    go to z when event buy\n  }\n  stage z terminal`),
  JRN404: S("    on enter {\n      split t {\n      }\n    }"),
  JRN405: S('    on enter {\n      split t {\n        variant x 50% { send email "a" }\n        control 25%\n        control 25%\n      }\n    }'),
  JRN406: S('    on enter {\n      split t {\n        variant x 50% { send email "a" }\n        control 50%\n      }\n      split t {\n        variant x 60% { send email "b" }\n        control 40%\n      }\n    }'),
  JRN501: S("    go to z when n > 5 and n < 3"),
  JRN502: S("    go to z when n > 5 or n <= 5"),
  JRN601: J(`  segment unused = n > 1\n  stage a initial {\n    go to z when event buy\n  }\n  stage z terminal`),
  JRN602: J(`  stage a initial {\n    go to z when event buy\n  }\n  stage z terminal`, `${HEAD}\n  event ghost`),
  JRN603: J(`  stage a initial {\n    go to z when event buy\n  }\n  stage z terminal`, HEAD.replace("channels email", "channels email, sms")),
};

const mine = Object.keys(DIAGNOSTIC_CODES).filter((c) => /^JRN[1-6]\d\d$/.test(c));

describe("diagnostic code registry", () => {
  it("has a title and severity for every code", () => {
    for (const [code, info] of Object.entries(DIAGNOSTIC_CODES)) {
      expect(info.title.length, code).toBeGreaterThan(3);
      expect(["error", "warning"]).toContain(info.severity);
    }
  });
  it("has a trigger here for every JRN1xx-JRN6xx code", () => {
    expect(Object.keys(TRIGGERS).sort()).toEqual(mine.sort());
  });
  for (const code of mine) {
    it(`${code} is produced by check()`, () => {
      const { diagnostics } = check(TRIGGERS[code]!, { file: "c.journey" });
      expect(diagnostics.filter((d) => d.code.startsWith("JRN0")), "fixture must parse").toEqual([]);
      const hit = diagnostics.find((d) => d.code === code);
      expect(hit, `${code} in ${JSON.stringify(diagnostics.map((d) => d.code))}`).toBeDefined();
      expect(hit!.severity).toBe(DIAGNOSTIC_CODES[code as keyof typeof DIAGNOSTIC_CODES].severity);
      expect(hit!.message).toMatch(/[.?]$/);
      expect(hit!.hint).toBeTruthy();
    });
  }
});

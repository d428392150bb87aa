import { describe, expect, it } from "vitest";
import { SatisfiableConditionsRule } from "../../src/validation/rules.js";
import { check, checkFull, journey } from "./helpers.js";

const stageWith = (cond: string): string =>
  journey(`  stage a initial {
    go to b when ${cond}
  }
  stage b terminal`);
const run = (cond: string) => check(stageWith(cond), [SatisfiableConditionsRule]);

describe("SatisfiableConditionsRule", () => {
  it("finds contradictory numeric bounds", () => {
    expect(run("orders > 5 and orders < 3")).toEqual([
      { code: "JRN501", message: 'The condition "orders > 5 and orders < 3" can never hold.', line: 18, column: 18 },
    ]);
  });
  it("finds two different values required of one field", () => {
    expect(run('plan == "free" and plan == "pro"')[0]).toMatchObject({ code: "JRN501" });
    expect(run('email == "a" and email == "b"')[0]).toMatchObject({ code: "JRN501" });
  });
  it("finds tautologies", () => {
    expect(run("orders > 3 or orders <= 3")).toEqual([
      { code: "JRN502", message: 'The condition "orders > 3 or orders <= 3" always holds.', line: 18, column: 18 },
    ]);
    expect(run("opted_in == yes or opted_in == no")[0]).toMatchObject({ code: "JRN502" });
    expect(run('plan == "free" or plan != "free"')[0]).toMatchObject({ code: "JRN502" });
    expect(run('plan in ("free", "pro") or orders > 1')[0]).toMatchObject({ code: "JRN502" });
  });
  it("reasons through not, parentheses, in and boundaries", () => {
    expect(run("not (orders >= 3 or orders < 3)")[0]).toMatchObject({ code: "JRN501" });
    expect(run("orders >= 3 and orders <= 3")).toEqual([]);
    expect(run("orders > 3 and orders <= 3")[0]).toMatchObject({ code: "JRN501" });
    expect(run("orders in (1, 2) and orders not in (1, 2)")[0]).toMatchObject({ code: "JRN501" });
    expect(run('signed_up_at > date "2024-02-01" and signed_up_at < date "2024-01-01"')[0]).toMatchObject({ code: "JRN501" });
  });
  it("reasons about is set and ago tests", () => {
    expect(run("email is set and email is not set")[0]).toMatchObject({ code: "JRN501" });
    expect(run("email is set or not (email is set)")[0]).toMatchObject({ code: "JRN502" });
    expect(run("signed_up_at more than 3 days ago and signed_up_at less than 1 day ago")[0]).toMatchObject({ code: "JRN501" });
    expect(run("signed_up_at more than 1 day ago and signed_up_at less than 3 days ago")).toEqual([]);
  });
  it("treats segments and events as opaque but sees direct contradictions", () => {
    const text = journey(
      `  stage a initial {
    go to b when event purchase and event visit
    go to b when vip and not vip
    go to b when vip and orders > 2
  }
  stage b terminal`,
      "  segment vip = orders > 10",
    );
    expect(check(text, [SatisfiableConditionsRule]).map((d) => [d.code, d.line])).toEqual([
      ["JRN501", 18],
      ["JRN501", 19],
    ]);
  });
  it("reports the outermost decidable condition only, as a warning", () => {
    const d = checkFull(stageWith("event visit or (orders > 5 and orders < 3)"), [SatisfiableConditionsRule]);
    expect(d.map((x) => [x.code, x.message, x.severity])).toEqual([
      ["JRN501", 'The condition "orders > 5 and orders < 3" can never hold.', "warning"],
    ]);
  });
  it("stays quiet on satisfiable conditions", () => {
    expect(run("orders > 3 and orders < 10")).toEqual([]);
    expect(run('plan == "free" or orders > 2')).toEqual([]);
    expect(run("event purchase with value > 0 and orders < 3")).toEqual([]);
  });
});

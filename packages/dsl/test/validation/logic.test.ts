import { describe, expect, it } from "vitest";
import { bind } from "../../src/bind.js";
import { parse } from "../../src/parse.js";
import { classify, WorkBudget, WORK_BUDGET, type Verdict } from "../../src/validation/logic.js";
import { SatisfiableConditionsRule } from "../../src/validation/rules.js";
import { check, checkFull, journey } from "./helpers.js";

const stageWith = (cond: string): string =>
  journey(`  stage a initial {
    go to b when ${cond}
  }
  stage b terminal`);
const run = (cond: string) => check(stageWith(cond), [SatisfiableConditionsRule]);

/** The verdict on the first condition of `stageWith(cond)`, and the work it took. */
function classifyFirst(cond: string, budget = new WorkBudget()): { verdict: Verdict; spent: number; exhausted: boolean } {
  const { ast, source } = parse(stageWith(cond), { file: "t.journey" });
  const bound = bind(ast!, source);
  const tests = new Map(bound.tests.map((t) => [t.atom, t]));
  const verdict = classify(bound.conditions[0]!.condition, tests, source.text, budget);
  return { verdict, spent: budget.spent, exhausted: budget.exhausted };
}

const upTo = (k: number): number[] => Array.from({ length: k }, (_, i) => i);
/** `orders == 0 or orders == 1 or ... or orders == k-1`. */
const orChain = (k: number): string => upTo(k).map((i) => `orders == ${i}`).join(" or ");
/** `(plan == "free" or orders == 100) and ...`: six choices of two, 64 terms. */
const sixPairs = upTo(6).map((i) => `(plan == "free" or orders == ${100 + i})`).join(" and ");

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
  it("quotes the condition without its comments", () => {
    const text = journey(`  stage a initial {
    go to b when orders > 5 # big spenders
      and orders < 3
    go to b when email == "a # b" # not a "string
      and email == "c"
    go to b when email == "x \\" # y"
      # a whole line of comment
      and email != "x \\" # y"#right after
  }
  stage b terminal`);
    expect(check(text, [SatisfiableConditionsRule])).toEqual([
      { code: "JRN501", message: 'The condition "orders > 5 and orders < 3" can never hold.', line: 18, column: 18 },
      { code: "JRN501", message: 'The condition "email == "a # b" and email == "c"" can never hold.', line: 20, column: 18 },
      { code: "JRN501", message: 'The condition "email == "x \\" # y" and email != "x \\" # y"" can never hold.', line: 22, column: 18 },
    ]);
  });
});

// These used to take seconds to minutes (quadratic); the work counter shows they are linear.
describe("SatisfiableConditionsRule on generated conditions", () => {
  it("decides a 30,000-operand or chain, and reports a tautology in one", () => {
    expect(run(orChain(30_000))).toEqual([]);
    expect(run(`${orChain(30_000)} or orders != 5`)).toEqual([
      { code: "JRN502", message: 'The condition "orders == 0 or orders == 1 or orders == 2 or orders == 3 ..." always holds.', line: 18, column: 18 },
    ]);
  });
  it("decides a 30,000-value not in list", () => {
    const values = upTo(30_000).join(", ");
    expect(run(`orders > 1 and orders not in (${values})`)).toEqual([]);
    expect(run(`orders >= 5 and orders <= 5 and orders not in (${values})`)).toMatchObject([{ code: "JRN501", line: 18, column: 18 }]);
    expect(run(`orders >= 5 and orders <= 5 and orders not in (${upTo(30_000).filter((v) => v !== 5).join(", ")})`)).toEqual([]);
  });
  it("spends work linear in the size of the condition, within the budget", () => {
    const small = classifyFirst(orChain(15_000));
    const large = classifyFirst(orChain(30_000));
    expect([small.verdict, large.verdict, large.exhausted]).toEqual(["unknown", "unknown", false]);
    expect(large.spent).toBeLessThan(6 * 30_000);
    expect(large.spent).toBeLessThan(2.01 * small.spent);
    const notIn = classifyFirst(`orders >= 5 and orders <= 5 and orders not in (${upTo(30_000).join(", ")})`);
    expect(notIn).toMatchObject({ verdict: "never", exhausted: false });
    expect(notIn.spent).toBeLessThan(3 * 30_000);
  });
  it("gives up, reporting nothing, on a condition too large for the budget", () => {
    // 64 terms of 30,000 literals each: about four budgets' worth. The condition never holds.
    const cond = `${sixPairs} and orders > 5 and orders < 3 and ${upTo(30_000).map((i) => `orders != ${i}`).join(" and ")}`;
    expect(classifyFirst(cond)).toEqual({ verdict: "unknown", spent: expect.any(Number), exhausted: true });
    expect(classifyFirst(cond).spent).toBeLessThanOrEqual(WORK_BUDGET);
    expect(run(cond)).toEqual([]);
    // The same shape, small, is decided.
    expect(run(`${sixPairs} and orders > 5 and orders < 3 and orders != 0`)).toMatchObject([{ code: "JRN501" }]);
    expect(classifyFirst("orders > 5 and orders < 3", new WorkBudget(3))).toMatchObject({ verdict: "unknown", exhausted: true });
  });
});

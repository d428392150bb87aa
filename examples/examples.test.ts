/**
 * Every example journey is a working file: it parses, validates with no errors and no
 * warnings, compiles to an IR and an XState config, and is already in canonical format.
 * The e-commerce sample data is checked against its journey and against its generator.
 */
import { execFileSync } from "node:child_process";
import { globSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { check, compile, formatText, parse } from "../packages/dsl/src/index.js";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const examplesDir = join(root, "examples");
const files = globSync("**/*.journey", { cwd: examplesDir }).sort();

/** `code line:col message` lines: a failure shows what the compiler said, not just a count. */
const describeDiagnostics = (ds: readonly { code: string; line: number; column: number; message: string }[]) =>
  ds.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`);

describe("examples", () => {
  test("the examples the other packages and docs rely on exist", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "models/three-stage.journey",
        "models/four-stage-crm.journey",
        "models/five-stage-marketing.journey",
        "models/six-stage-saas.journey",
        "manufacturing/manufacturing.journey",
        "saas-onboarding/saas-onboarding.journey",
        "ecommerce/ecommerce.journey",
      ]),
    );
  });

  describe.each(files)("%s", (file) => {
    const text = readFileSync(join(examplesDir, file), "utf8");

    test("opens with a comment saying what it shows", () => {
      expect(text.startsWith("#")).toBe(true);
    });

    test("parses, and validates with no errors and no warnings", () => {
      const parsed = parse(text, { file });
      expect(parsed.ast).toBeDefined();
      expect(describeDiagnostics(parsed.diagnostics)).toEqual([]);
      expect(describeDiagnostics(check(text, { file }).diagnostics)).toEqual([]);
    });

    test("compiles to an IR and an XState config", () => {
      const result = compile(text, { file });
      expect(describeDiagnostics(result.diagnostics)).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.ir?.stages.length).toBeGreaterThanOrEqual(3);
      expect(result.xstate).toBeDefined();
    });

    test("is in canonical format", () => {
      expect(formatText(text, { file }).formatted).toBe(text);
    });
  });
});

describe("the four lifecycle models have their stages in order", () => {
  const stagesOf = (file: string) =>
    compile(readFileSync(join(examplesDir, file), "utf8"), { file }).ir?.stages.map((s) => s.name);

  test.each([
    ["models/three-stage.journey", ["awareness", "consideration", "decision"]],
    ["models/four-stage-crm.journey", ["acquisition", "conversion", "retention", "loyalty"]],
    ["models/five-stage-marketing.journey", ["reach", "acquisition", "conversion", "retention", "loyalty"]],
    [
      "models/six-stage-saas.journey",
      ["awareness", "consideration", "purchase", "retention", "advocacy", "loyalty"],
    ],
    ["manufacturing/manufacturing.journey", ["awareness", "consideration", "conversion", "retention", "advocacy"]],
  ])("%s", (file, expected) => {
    const stages = stagesOf(file) ?? [];
    // The lifecycle stages come first, in model order; outcome stages (e.g. `purchased`) may follow.
    expect(stages.slice(0, expected.length)).toEqual(expected);
  });

  test("the manufacturing journey is labelled in Korean", () => {
    const ir = compile(readFileSync(join(examplesDir, "manufacturing/manufacturing.journey"), "utf8")).ir;
    expect(ir?.stages.map((s) => s.label)).toEqual(["인지", "고려", "전환", "유지", "옹호"]);
  });
});

describe("e-commerce sample data", () => {
  const dir = join(examplesDir, "ecommerce");
  const ir = compile(readFileSync(join(dir, "ecommerce.journey"), "utf8")).ir!;
  const lines = (name: string) =>
    readFileSync(join(dir, name), "utf8")
      .split("\n")
      .filter((l) => l.length > 0);
  const customers = lines("customers.ndjson").map((l) => JSON.parse(l) as Record<string, unknown>);
  const events = lines("events.ndjson").map(
    (l) => JSON.parse(l) as { id: string; customer: string; type: string; at: string; properties: Record<string, unknown> },
  );

  test("is exactly what generate.mjs writes (regenerate with `node examples/ecommerce/generate.mjs`)", () => {
    const before = ["customers.ndjson", "customers.csv", "events.ndjson"].map((f) => readFileSync(join(dir, f), "utf8"));
    execFileSync(process.execPath, [join(dir, "generate.mjs")], { stdio: "ignore" });
    const after = ["customers.ndjson", "customers.csv", "events.ndjson"].map((f) => readFileSync(join(dir, f), "utf8"));
    expect(after).toEqual(before);
  });

  test("has about 200 customers and about 1,000 events over about 90 days, in time order", () => {
    expect(customers.length).toBe(200);
    expect(events.length).toBeGreaterThan(800);
    expect(events.length).toBeLessThan(1300);
    const times = events.map((e) => Date.parse(e.at));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    const days = (times.at(-1)! - times[0]!) / 86_400_000;
    expect(days).toBeGreaterThan(80);
    expect(days).toBeLessThan(100);
  });

  test("uses only the event types the journey declares, for known customers", () => {
    const ids = new Set(customers.map((c) => c.id));
    for (const e of events) {
      expect(Object.keys(ir.events)).toContain(e.type);
      expect(ids.has(e.customer)).toBe(true);
    }
  });

  test("every customer signed up since 2026 has a signed_up event at sign-up time (the enrolment trigger)", () => {
    const start = Date.parse("2026-01-01T00:00:00Z");
    for (const c of customers) {
      const signedUp = events.filter((e) => e.customer === c.id && e.type === "signed_up");
      expect(signedUp.length, String(c.id)).toBe(1);
      const first = events.find((e) => e.customer === c.id)!;
      if (Date.parse(String(c.signed_up_at)) >= start) {
        expect(signedUp[0]!.at).toBe(c.signed_up_at);
        expect(first.type).toBe("signed_up");
      }
    }
  });

  test("every record carries the journey's required fields", () => {
    const required = Object.entries(ir.customer)
      .filter(([, t]) => t.required)
      .map(([name]) => name);
    expect(required).toEqual(expect.arrayContaining(["email", "signed_up_at"]));
    for (const c of customers) for (const f of required) expect(c[f], `${String(c.id)}.${f}`).toBeDefined();
  });

  test("the CSV holds the same customers as the NDJSON", () => {
    const [header, ...rows] = lines("customers.csv");
    const columns = header!.split(",");
    expect(rows.length).toBe(customers.length);
    rows.forEach((row, i) => {
      const cells = row.split(",");
      const c = customers[i]!;
      expect(cells[columns.indexOf("id")]).toBe(c.id);
      expect(cells[columns.indexOf("email")]).toBe(c.email);
      expect(cells[columns.indexOf("signed_up_at")]).toBe(c.signed_up_at);
      expect(cells[columns.indexOf("interests")]).toBe((c.interests as string[]).join("|"));
      expect(cells[columns.indexOf("phone")]).toBe((c.phone as string | undefined) ?? "");
    });
  });

  test("exercises every path of the journey", () => {
    const byCustomer = new Map<string, typeof events>();
    for (const e of events) byCustomer.set(e.customer, [...(byCustomer.get(e.customer) ?? []), e]);
    const hours = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 3_600_000;
    let buysWithinHour = 0;
    let buysBetweenReminders = 0;
    let neverBuysAfterCart = 0;
    let quietThenBack = 0;
    for (const list of byCustomer.values()) {
      const cart = list.find((e) => e.type === "cart_abandoned");
      if (cart) {
        const buy = list.find((e) => e.type === "purchase" && e.at >= cart.at);
        if (!buy) neverBuysAfterCart++;
        else if (hours(cart.at, buy.at) < 1) buysWithinHour++;
        else if (hours(cart.at, buy.at) < 24) buysBetweenReminders++;
      }
      if (list.some((e, i) => i > 0 && hours(list[i - 1]!.at, e.at) > 60 * 24)) quietThenBack++;
    }
    expect(buysWithinHour).toBeGreaterThanOrEqual(5);
    expect(buysBetweenReminders).toBeGreaterThanOrEqual(5);
    expect(neverBuysAfterCart).toBeGreaterThanOrEqual(5);
    expect(quietThenBack).toBeGreaterThanOrEqual(5);
    expect(events.filter((e) => e.type === "unsubscribed").length).toBeGreaterThanOrEqual(5);
    expect(events.filter((e) => e.type === "survey_answered" && Number(e.properties.score) >= 9).length).toBeGreaterThanOrEqual(5);
    const start = Date.parse("2026-01-01T00:00:00Z");
    expect(customers.some((c) => Date.parse(String(c.signed_up_at)) < start)).toBe(true);
  });

  test("holds exactly one duplicate event id and one purchase missing its required value", () => {
    const seen = new Set<string>();
    const duplicates = events.filter((e) => (seen.has(e.id) ? true : (seen.add(e.id), false)));
    expect(duplicates.length).toBe(1);
    expect(events.filter((e) => e.type === "purchase" && e.properties.value === undefined).length).toBe(1);
  });
});

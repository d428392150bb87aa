#!/usr/bin/env node
// Generates the e-commerce sample data: customers.ndjson, customers.csv and events.ndjson.
//
//   node examples/ecommerce/generate.mjs        # rewrites the three files next to this script
//
// The output is deterministic (a seeded PRNG, fixed dates), so running it again gives the same
// bytes and the committed files never drift from this script. Each customer follows one
// "persona" chosen so that every path of ecommerce.journey is exercised: buying within the hour
// of an abandoned cart, buying between the reminders, never buying, going quiet for 60+ days
// then coming back, unsubscribing, answering the NPS survey with 9 or 10, signing up before
// the journey's start date (not enrolled). Each customer's first event is `signed_up`, at
// sign-up time: the journey enrols on it, so the welcome series starts when the customer
// signs up even though the simulator applies every record at the start. Two deliberate bad inputs show quarantine and
// deduplication: one purchase without its required `value`, and one event sent twice.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const OUT = dirname(fileURLToPath(import.meta.url));
const SEED = 20260105;
const START = Date.parse("2026-01-05T00:00:00Z");
const END = Date.parse("2026-04-05T00:00:00Z"); // events span about 90 days
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** mulberry32: tiny, fast, and good enough for sample data. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(SEED);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const chance = (p) => rand() < p;
// Round to the minute so the files read naturally.
const iso = (ms) => new Date(Math.round(ms / MINUTE) * MINUTE).toISOString().replace(".000Z", "Z");

const FIRST_NAMES = [
  "Ana", "Ben", "Chloe", "David", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jun",
  "민준", "서연", "지우", "하은", "도윤", "수아", "예준", "지민", "Liam", "Mia",
];
const INTERESTS = ["shoes", "bags", "outdoor", "kids", "beauty", "home"];
const PRODUCTS = {
  shoes: ["running-shoes", "sneakers", "boots"],
  bags: ["backpack", "tote"],
  outdoor: ["tent", "rain-jacket"],
  kids: ["kids-raincoat", "lunchbox"],
  beauty: ["sunscreen", "lip-balm"],
  home: ["mug", "blanket"],
};

// Persona mix for 200 customers; each name is a path through ecommerce.journey.
const PERSONAS = [
  ["cart-buys-within-hour", 18], // purchase before reminder 1 fires: no reminder at all
  ["cart-buys-between-reminders", 18], // reminder 1 sent, purchase before reminder 2
  ["cart-buys-after-reminders", 10], // both reminders, purchase before the 3-day fall-back
  ["cart-never-buys", 24], // both reminders, back to browsing, eventually win-back
  ["direct-buyer", 18], // buys in the welcome stage, no cart
  ["promoter", 20], // buys, answers the survey with 9 or 10: referral ask
  ["detractor", 10], // buys, answers the survey with 0..8
  ["repeat-buyer", 14], // several purchases over the period
  ["quiet-then-returns", 20], // active early, silent 60+ days (win-back), then comes back
  ["unsubscriber", 12], // unsubscribes: exits, later events change nothing
  ["silent", 31], // signs up and never comes back: welcome, browsing, win-back, lost
  ["signed-up-before-2026", 5], // the enroll rule keeps them out
];

const customers = [];
const events = [];
const event = (customer, type, at, properties) => {
  if (at < END) events.push({ customer, type, at, properties });
};

let n = 0;
for (const [persona, count] of PERSONAS) {
  for (let k = 0; k < count; k++) {
    n += 1;
    const id = `c${String(n).padStart(3, "0")}`;
    const name = pick(FIRST_NAMES);
    const interests = INTERESTS.filter(() => chance(0.3));
    const early = persona === "quiet-then-returns";
    const signup =
      persona === "signed-up-before-2026"
        ? Date.parse("2025-12-01T09:00:00Z") + int(0, 25) * DAY + int(0, 600) * MINUTE
        : START + int(0, early ? 10 : 40) * DAY + int(8 * 60, 22 * 60) * MINUTE;
    const record = {
      id,
      email: `${id}@example.com`,
      first_name: name,
      signed_up_at: iso(signup),
      orders: persona === "repeat-buyer" && chance(0.5) ? int(1, 3) : 0,
      interests,
    };
    if (chance(0.4)) record.phone = `+82-10-${int(1000, 9999)}-${int(1000, 9999)}`;
    customers.push(record);
    simulate(id, persona, signup, interests);
  }
}

/** Appends the events one persona produces, starting shortly after sign-up. */
function simulate(id, persona, signup, interests) {
  const items = () => {
    const pool = (interests.length > 0 ? interests : INTERESTS).flatMap((i) => PRODUCTS[i]);
    const chosen = new Set([pick(pool)]);
    if (chance(0.4)) chosen.add(pick(pool));
    return [...chosen];
  };
  const value = () => int(15, 240);
  const orderId = () => `o-${id}-${int(1000, 9999)}`;
  const purchase = (at) => event(id, "purchase", at, { value: value(), order_id: orderId() });
  // The shop emits `signed_up` when the account is created; the journey enrols on it. Accounts
  // from before 2026 get it when they first log in to the new shop, and the enroll rule's date
  // test keeps them out.
  event(id, "signed_up", persona === "signed-up-before-2026" ? START + int(1, 30) * DAY + int(0, 600) * MINUTE : signup, {});
  let t = signup + int(10, 600) * MINUTE;
  const visits = (from, to, howMany) => {
    for (let i = 0; i < howMany; i++) event(id, "visit", from + rand() * (to - from), {});
  };

  switch (persona) {
    case "cart-buys-within-hour":
    case "cart-buys-between-reminders":
    case "cart-buys-after-reminders":
    case "cart-never-buys": {
      visits(signup, t, int(1, 3));
      const cart = items();
      event(id, "cart_abandoned", t, { items: cart, value: value() });
      const delay = {
        "cart-buys-within-hour": int(5, 55) * MINUTE,
        "cart-buys-between-reminders": int(2 * 60, 22 * 60) * MINUTE,
        "cart-buys-after-reminders": int(26 * 60, 60 * 60) * MINUTE,
        "cart-never-buys": undefined,
      }[persona];
      if (delay !== undefined) purchase(t + delay);
      visits(t + 4 * DAY, t + 45 * DAY, int(1, 4));
      break;
    }
    case "direct-buyer":
      visits(signup, t, int(0, 2));
      purchase(t + int(1, 5) * DAY);
      visits(t + 6 * DAY, t + 40 * DAY, int(1, 3));
      break;
    case "promoter":
    case "detractor": {
      purchase(t + int(0, 3) * DAY);
      const surveyAt = t + int(5, 12) * DAY;
      const score = persona === "promoter" ? int(9, 10) : int(0, 8);
      event(id, "survey_answered", surveyAt, { score });
      visits(surveyAt, surveyAt + 40 * DAY, int(1, 4));
      if (chance(0.5)) purchase(surveyAt + int(10, 40) * DAY);
      break;
    }
    case "repeat-buyer": {
      let at = t;
      for (let i = 0, times = int(3, 6); i < times; i++) {
        at += int(3, 15) * DAY + int(0, 600) * MINUTE;
        visits(at - DAY, at, int(0, 2));
        if (chance(0.3)) event(id, "cart_abandoned", at - 2 * HOUR, { items: items(), value: value() });
        purchase(at);
      }
      break;
    }
    case "quiet-then-returns": {
      const boughtEarly = chance(0.5);
      if (boughtEarly) purchase(t + int(0, 2) * DAY);
      else visits(t, t + 2 * DAY, 2);
      const last = t + 3 * DAY;
      event(id, "visit", last, {});
      // Silent for 61 to 80 days: dormant after 60, and back before the 30-day `lost` limit.
      const back = last + int(61, 80) * DAY + int(0, 600) * MINUTE;
      if (chance(0.5)) purchase(back);
      else {
        event(id, "visit", back, {});
        if (chance(0.5)) event(id, "cart_abandoned", back + 30 * MINUTE, { items: items(), value: value() });
      }
      break;
    }
    case "unsubscriber": {
      visits(signup, t, int(0, 2));
      if (chance(0.5)) event(id, "cart_abandoned", t, { items: items(), value: value() });
      const out = t + int(20, 3 * 24 * 60) * MINUTE;
      event(id, "unsubscribed", out, {});
      // After the exit nothing they do changes the journey (reentry needs 90 days).
      if (chance(0.5)) purchase(out + int(2, 20) * DAY);
      break;
    }
    case "silent":
    case "signed-up-before-2026":
      break;
    default:
      throw new Error(`unknown persona ${persona}`);
  }
}

events.sort((a, b) => a.at - b.at || a.customer.localeCompare(b.customer) || a.type.localeCompare(b.type));
const lines = events.map((e, i) => ({
  id: `e${String(i + 1).padStart(4, "0")}`,
  customer: e.customer,
  type: e.type,
  at: iso(e.at),
  properties: e.properties,
}));

// The deliberate bad inputs: a purchase missing its required `value` (quarantined), and the
// first cart_abandoned event delivered twice with the same id (deduplicated).
const broken = lines.findIndex((e) => e.type === "purchase" && e.customer === "c120");
if (broken >= 0) delete lines[broken].properties.value;
const dup = lines.findIndex((e) => e.type === "cart_abandoned");
if (dup >= 0) lines.splice(dup + 1, 0, lines[dup]);

const ndjson = (rows) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
writeFileSync(join(OUT, "customers.ndjson"), ndjson(customers));
writeFileSync(join(OUT, "events.ndjson"), ndjson(lines));

const COLUMNS = ["id", "email", "first_name", "phone", "signed_up_at", "orders", "interests"];
const cell = (v) => {
  const s = v === undefined ? "" : Array.isArray(v) ? v.join("|") : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const csv = [COLUMNS.join(","), ...customers.map((c) => COLUMNS.map((k) => cell(c[k])).join(","))].join("\n") + "\n";
writeFileSync(join(OUT, "customers.csv"), csv);

process.stdout.write(`wrote ${customers.length} customers and ${lines.length} events to ${OUT}\n`);

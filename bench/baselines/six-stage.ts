/**
 * The floor: a hand-written TypeScript twin of examples/models/six-stage-saas.journey.
 *
 * Plain if/else stage assignment over a `Map<customerId, state>` holding only what the journey
 * needs ({ stage, enteredAt } plus the enrolment start, last activity, the goal flag and the one
 * customer field a condition reads). It implements the same rules as the runtime for this journey
 * (docs/semantics.md S9-S28): enrol on the first input (no `enroll` rule, `reentry never`),
 * event-driven moves, the `nps >= 9` condition tried on every input, the `inactive for 90 days`
 * fall-back, cascades with no event after a move, the goal on entering `retention`, and one
 * `send` per `on enter` of every stage but the initial one. Nothing is persisted, validated,
 * deduplicated or recorded in history: this is the cost of the decision alone.
 *
 * Written in erasable-only TypeScript so Node runs it directly (type stripping, Node >= 23.6).
 */

export const STAGES = ["awareness", "consideration", "purchase", "retention", "advocacy", "loyalty"] as const;
export type StageName = (typeof STAGES)[number];

const AWARENESS = 0;
const CONSIDERATION = 1;
const PURCHASE = 2;
const RETENTION = 3;
const ADVOCACY = 4;
const LOYALTY = 5;
const DAY_MS = 86_400_000;
const INACTIVE_MS = 90 * DAY_MS;
/** S27: a cascade stops after as many moves as the journey has stages. */
const MAX_MOVES = STAGES.length;

interface CustomerState {
  stage: number;
  enteredAt: number;
  enrolledAt: number;
  lastActivityAt: number;
  goalReached: boolean;
  nps: number | undefined;
}

/** Totals the benchmark compares with the runtime's. */
export interface FloorTotals {
  customers: number;
  /** Stage changes after enrolment. */
  moves: number;
  sends: number;
  goals: number;
}

export class SixStageFloor {
  readonly customers = new Map<string, CustomerState>();
  readonly totals: FloorTotals = { customers: 0, moves: 0, sends: 0, goals: 0 };

  /** A record upsert at `at`: merges `nps` when given, enrols a new customer, tries transitions. */
  record(customerId: string, at: number, fields: { readonly nps?: number }): void {
    let s = this.customers.get(customerId);
    if (s === undefined) {
      s = this.enrol(customerId, at);
    }
    if (fields.nps !== undefined) s.nps = fields.nps;
    this.cascade(s, at, null);
  }

  /** An event of type `type` at `at`: last activity, enrolment if new, transitions. */
  event(customerId: string, at: number, type: string): void {
    let s = this.customers.get(customerId);
    if (s === undefined) s = this.enrol(customerId, at);
    s.lastActivityAt = at;
    this.cascade(s, at, type);
  }

  /** Customers per stage name. Nobody re-enters `awareness`, so customers elsewhere are the ones who moved. */
  stageCounts(): Record<StageName, number> {
    const counts = [0, 0, 0, 0, 0, 0];
    for (const s of this.customers.values()) counts[s.stage]!++;
    const out = {} as Record<StageName, number>;
    STAGES.forEach((name, i) => (out[name] = counts[i]!));
    return out;
  }

  private enrol(customerId: string, at: number): CustomerState {
    const s: CustomerState = { stage: AWARENESS, enteredAt: at, enrolledAt: at, lastActivityAt: at, goalReached: false, nps: undefined };
    // Inactivity counts from enrolment until the first event (S14); seeding it with `at` is the same.
    this.customers.set(customerId, s);
    this.totals.customers++;
    return s;
  }

  /** The first move may use the event; the following ones see no event (S24, S25). */
  private cascade(s: CustomerState, at: number, event: string | null): void {
    for (let moves = 0; moves < MAX_MOVES; moves++) {
      const next = this.next(s, at, event);
      if (next < 0) return;
      this.enter(s, next, at);
      event = null;
    }
  }

  /** The current stage's transitions, in source order; -1 when none holds. */
  private next(s: CustomerState, at: number, event: string | null): number {
    switch (s.stage) {
      case AWARENESS:
        return event === "visit" ? CONSIDERATION : -1;
      case CONSIDERATION:
        return event === "trial_started" ? PURCHASE : -1;
      case PURCHASE:
        return event === "purchase" ? RETENTION : -1;
      case RETENTION:
        return s.nps !== undefined && s.nps >= 9 ? ADVOCACY : -1;
      case ADVOCACY:
        return event === "referral" ? LOYALTY : -1;
      case LOYALTY:
        return at - Math.max(s.lastActivityAt, s.enrolledAt) >= INACTIVE_MS ? RETENTION : -1;
      default:
        return -1;
    }
  }

  private enter(s: CustomerState, stage: number, at: number): void {
    s.stage = stage;
    s.enteredAt = at;
    this.totals.moves++;
    // Every stage but the initial one sends one email on enter.
    if (stage !== AWARENESS) this.totals.sends++;
    if (stage === RETENTION && !s.goalReached) {
      s.goalReached = true;
      this.totals.goals++;
    }
  }
}

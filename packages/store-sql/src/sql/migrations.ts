/**
 * The store's schema as numbered, append-only migrations. The same statements run on PGlite
 * and on PostgreSQL. Never edit a migration that has shipped: add the next number instead
 * (`migrate()` refuses to start when an applied migration's text has changed).
 *
 * Times are epoch milliseconds in `bigint` columns, so a simulated clock stores exactly what the
 * runtime computed; documents the runtime owns are `jsonb`, columns exist only where the store
 * filters, orders or fences on a value.
 */

/** One schema step. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Statements run in order, in one transaction with the migrations-table insert. */
  readonly statements: readonly string[];
}

/** The schema every SQL statement of the store is qualified with. */
export const SCHEMA = "journeys";

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "customers, timers, outbox, history, metrics, quarantine",
    statements: [
      `CREATE TABLE journeys.customers (
         customer_id text PRIMARY KEY,
         rev bigint NOT NULL CHECK (rev > 0),
         doc jsonb NOT NULL,
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE TABLE journeys.processed_events (
         customer_id text NOT NULL,
         event_id text NOT NULL,
         PRIMARY KEY (customer_id, event_id)
       )`,
      // attempt: bumped by every claim and every re-arm, so a commit holding an older claim is fenced.
      `CREATE TABLE journeys.timers (
         id text PRIMARY KEY,
         customer_id text NOT NULL,
         due_at bigint NOT NULL,
         timer jsonb NOT NULL,
         attempt integer NOT NULL DEFAULT 0,
         lease_until bigint NOT NULL DEFAULT 0
       )`,
      `CREATE INDEX timers_due_idx ON journeys.timers (due_at, id)`,
      `CREATE INDEX timers_next_idx ON journeys.timers ((greatest(due_at, lease_until)))`,
      `CREATE INDEX timers_customer_idx ON journeys.timers (customer_id, due_at)`,
      `CREATE TABLE journeys.outbox (
         id text PRIMARY KEY,
         seq bigserial NOT NULL,
         customer_id text NOT NULL,
         action jsonb NOT NULL,
         created_at bigint NOT NULL,
         status text NOT NULL CHECK (status IN ('pending', 'done', 'dead')),
         next_attempt_at bigint NOT NULL,
         attempts integer NOT NULL DEFAULT 0,
         last_error text,
         attempt integer NOT NULL DEFAULT 0,
         lease_until bigint NOT NULL DEFAULT 0,
         settled_at timestamptz
       )`,
      `CREATE INDEX outbox_next_idx ON journeys.outbox ((greatest(next_attempt_at, lease_until))) WHERE status = 'pending'`,
      `CREATE INDEX outbox_claim_idx ON journeys.outbox (created_at, seq) WHERE status = 'pending'`,
      `CREATE INDEX outbox_customer_idx ON journeys.outbox (customer_id, created_at, seq)`,
      `CREATE INDEX outbox_dead_idx ON journeys.outbox (seq) WHERE status = 'dead'`,
      `CREATE TABLE journeys.history (
         seq bigserial PRIMARY KEY,
         customer_id text NOT NULL,
         journey_id text NOT NULL,
         at bigint NOT NULL,
         entry jsonb NOT NULL
       )`,
      `CREATE INDEX history_customer_idx ON journeys.history (customer_id, at, seq)`,
      `CREATE TABLE journeys.metric_deltas (
         seq bigserial PRIMARY KEY,
         journey_id text NOT NULL,
         version integer NOT NULL,
         delta jsonb NOT NULL
       )`,
      `CREATE INDEX metric_deltas_journey_idx ON journeys.metric_deltas (journey_id, version, seq)`,
      `CREATE TABLE journeys.quarantine (
         id text PRIMARY KEY,
         seq bigserial NOT NULL,
         received_at bigint NOT NULL,
         input jsonb NOT NULL,
         error jsonb NOT NULL
       )`,
    ],
  },
];

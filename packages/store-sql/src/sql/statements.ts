/**
 * Every statement the store runs, in one place, identical on PGlite and PostgreSQL. Lists of rows
 * travel as one `jsonb` parameter expanded with `jsonb_to_recordset`, so a commit costs a fixed
 * number of round trips whatever its size, and neither driver's array encoding is relied on.
 */

function oneStatementCommit() {
  const notProcessed = `($5::text IS NULL OR NOT EXISTS (SELECT 1 FROM journeys.processed_events
                          WHERE customer_id = $1 AND event_id = $5::text))`;
  const rest = `
    ev AS (INSERT INTO journeys.processed_events (customer_id, event_id)
           SELECT customer_id, $5::text FROM cust WHERE $5::text IS NOT NULL),
    cancelled AS (DELETE FROM journeys.timers
                  WHERE EXISTS (SELECT 1 FROM cust) AND id IN (SELECT jsonb_array_elements_text($6::jsonb))),
    armed AS (INSERT INTO journeys.timers (id, customer_id, due_at, timer)
              SELECT t->>'id', t->>'customerId', (t->>'dueAt')::bigint, t
              FROM jsonb_array_elements($7::jsonb) AS t WHERE EXISTS (SELECT 1 FROM cust)
              ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, due_at = EXCLUDED.due_at,
                timer = EXCLUDED.timer, attempt = journeys.timers.attempt + 1, lease_until = 0),
    queued AS (INSERT INTO journeys.outbox (id, customer_id, action, created_at, status, next_attempt_at, attempts, last_error)
               SELECT a->>'id', a->>'customerId', a, (a->>'createdAt')::bigint, a->>'status',
                      (a->>'nextAttemptAt')::bigint, (a->>'attempts')::int, a->>'lastError'
               FROM jsonb_array_elements($8::jsonb) AS a WHERE EXISTS (SELECT 1 FROM cust)
               ON CONFLICT (id) DO NOTHING),
    hist AS (INSERT INTO journeys.history (customer_id, journey_id, at, entry)
             SELECT h->>'customerId', h->>'journeyId', (h->>'at')::bigint, h
             FROM jsonb_array_elements($9::jsonb) WITH ORDINALITY AS x(h, n) WHERE EXISTS (SELECT 1 FROM cust) ORDER BY n),
    met AS (INSERT INTO journeys.metric_deltas (journey_id, version, delta)
            SELECT d->>'journeyId', (d->>'version')::int, d
            FROM jsonb_array_elements($10::jsonb) WITH ORDINALITY AS x(d, n) WHERE EXISTS (SELECT 1 FROM cust) ORDER BY n)
    SELECT count(*)::int AS ok FROM cust`;
  return {
    commitUpdateOneStatement: `WITH cust AS (
        UPDATE journeys.customers SET rev = $2, doc = $3::jsonb, updated_at = now()
        WHERE customer_id = $1 AND rev = $4::bigint AND ${notProcessed}
        RETURNING customer_id),${rest}`,
    commitInsertOneStatement: `WITH cust AS (
        INSERT INTO journeys.customers (customer_id, rev, doc)
        SELECT $1, $2, $3::jsonb WHERE $4::bigint = 0 AND ${notProcessed}
        ON CONFLICT (customer_id) DO NOTHING
        RETURNING customer_id),${rest}`,
  } as const;
}

export const SQL = {
  // ---- customers -------------------------------------------------------------------------
  loadCustomer: `SELECT rev, doc FROM journeys.customers WHERE customer_id = $1`,
  /** Locks the customer row for the rest of the transaction; every per-customer write takes it first. */
  lockCustomer: `SELECT rev FROM journeys.customers WHERE customer_id = $1 FOR UPDATE`,
  insertCustomer: `INSERT INTO journeys.customers (customer_id, rev, doc) VALUES ($1, $2, $3::jsonb)
                   ON CONFLICT (customer_id) DO NOTHING`,
  /** The rev check: zero rows when another commit got there first. */
  updateCustomer: `UPDATE journeys.customers SET rev = $2, doc = $3::jsonb, updated_at = now()
                   WHERE customer_id = $1 AND rev = $4`,
  listCustomerIds: `SELECT customer_id FROM journeys.customers`,

  /**
   * The whole commit of an input in ONE statement (one round trip, atomic by itself), for the
   * common case: a new doc, no fired timer, no wake-ups to schedule. Every write is conditional
   * on the customer write (`cust`), which carries the rev check and the processed-event check;
   * a racing insert of the same event id fails the statement on the primary key (→ conflict).
   * $1 customer, $2 new rev, $3 doc, $4 expected rev, $5 event id or null, $6 timer ids to cancel
   * (never one that is re-armed), $7 timers to arm, $8 actions, $9 history, $10 metric deltas.
   */
  ...oneStatementCommit(),

  // ---- processed events ------------------------------------------------------------------
  hasProcessedEvent: `SELECT 1 FROM journeys.processed_events WHERE customer_id = $1 AND event_id = $2`,
  recordEvent: `INSERT INTO journeys.processed_events (customer_id, event_id) VALUES ($1, $2)
                ON CONFLICT DO NOTHING`,

  // ---- timers ----------------------------------------------------------------------------
  /** The attempt fence: only the holder of the newest claim (or no claim: attempt 0) deletes it. */
  fireTimer: `DELETE FROM journeys.timers WHERE id = $1 AND attempt = $2`,
  cancelTimers: `DELETE FROM journeys.timers WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
  /**
   * Upsert by id. A re-armed timer gets a new attempt and loses its lease, so a worker still
   * holding a claim on the old arming cannot fire the new one.
   */
  armTimers: `INSERT INTO journeys.timers (id, customer_id, due_at, timer)
              SELECT t->>'id', t->>'customerId', (t->>'dueAt')::bigint, t
              FROM jsonb_array_elements($1::jsonb) AS t
              ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, due_at = EXCLUDED.due_at,
                timer = EXCLUDED.timer, attempt = journeys.timers.attempt + 1, lease_until = 0`,
  claimDueTimers: `UPDATE journeys.timers AS t SET attempt = t.attempt + 1, lease_until = $3
                   FROM (SELECT id FROM journeys.timers WHERE due_at <= $1 AND lease_until <= $1
                         ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED) AS c
                   WHERE t.id = c.id
                   RETURNING t.timer, t.attempt, t.due_at`,
  /** Claim of one timer by id (pg-boss workers are woken per timer). */
  claimTimer: `UPDATE journeys.timers AS t SET attempt = t.attempt + 1, lease_until = $3
               FROM (SELECT id FROM journeys.timers WHERE id = $2 AND due_at <= $1 AND lease_until <= $1
                     FOR UPDATE SKIP LOCKED) AS c
               WHERE t.id = c.id
               RETURNING t.timer, t.attempt, t.due_at`,
  timerState: `SELECT due_at, lease_until FROM journeys.timers WHERE id = $1`,
  /** A claimed timer becomes claimable again when its lease lapses, so that instant counts as due. */
  nextTimerDue: `SELECT min(greatest(due_at, lease_until)) AS due FROM journeys.timers`,
  listTimers: `SELECT timer FROM journeys.timers WHERE customer_id = $1 ORDER BY due_at, id`,

  // ---- outbox ----------------------------------------------------------------------------
  queueActions: `INSERT INTO journeys.outbox (id, customer_id, action, created_at, status, next_attempt_at, attempts, last_error)
                 SELECT a->>'id', a->>'customerId', a, (a->>'createdAt')::bigint, a->>'status',
                        (a->>'nextAttemptAt')::bigint, (a->>'attempts')::int, a->>'lastError'
                 FROM jsonb_array_elements($1::jsonb) AS a
                 ON CONFLICT (id) DO NOTHING
                 RETURNING id, next_attempt_at`,
  claimActions: `UPDATE journeys.outbox AS o SET attempt = o.attempt + 1, lease_until = $3
                 FROM (SELECT id FROM journeys.outbox
                       WHERE status = 'pending' AND next_attempt_at <= $1 AND lease_until <= $1
                         AND ($4::jsonb IS NULL OR id IN (SELECT jsonb_array_elements_text($4::jsonb)))
                       ORDER BY created_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED) AS c
                 WHERE o.id = c.id
                 RETURNING o.action, o.status, o.next_attempt_at, o.attempts, o.last_error, o.attempt, o.created_at, o.seq`,
  settleSent: `UPDATE journeys.outbox SET status = 'done', attempts = attempts + 1, lease_until = 0, settled_at = now()
               WHERE id = $1 AND attempt = $2 AND status = 'pending'`,
  settleRetry: `UPDATE journeys.outbox SET attempts = attempts + 1, lease_until = 0, next_attempt_at = $3, last_error = $4
                WHERE id = $1 AND attempt = $2 AND status = 'pending'`,
  settleDead: `UPDATE journeys.outbox SET status = 'dead', attempts = attempts + 1, lease_until = 0, last_error = $3,
                 settled_at = now()
               WHERE id = $1 AND attempt = $2 AND status = 'pending'`,
  nextActionDue: `SELECT min(greatest(next_attempt_at, lease_until)) AS due FROM journeys.outbox WHERE status = 'pending'`,
  actionState: `SELECT status, next_attempt_at, lease_until FROM journeys.outbox WHERE id = $1`,
  listDeadLetters: `SELECT action, status, next_attempt_at, attempts, last_error FROM journeys.outbox
                    WHERE status = 'dead' ORDER BY seq`,
  retryDeadLetter: `UPDATE journeys.outbox SET status = 'pending', attempts = 0, next_attempt_at = $2, lease_until = 0,
                      settled_at = NULL
                    WHERE id = $1 AND status = 'dead'
                    RETURNING id, next_attempt_at`,
  listActions: `SELECT action, status, next_attempt_at, attempts, last_error FROM journeys.outbox
                WHERE customer_id = $1 ORDER BY created_at, seq`,

  // ---- history, metrics, quarantine ------------------------------------------------------
  appendHistory: `INSERT INTO journeys.history (customer_id, journey_id, at, entry)
                  SELECT h->>'customerId', h->>'journeyId', (h->>'at')::bigint, h
                  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(h, n) ORDER BY n`,
  listHistory: `SELECT entry FROM journeys.history WHERE customer_id = $1 AND ($2::text IS NULL OR journey_id = $2)
                ORDER BY at, seq`,
  appendMetrics: `INSERT INTO journeys.metric_deltas (journey_id, version, delta)
                  SELECT d->>'journeyId', (d->>'version')::int, d
                  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(d, n) ORDER BY n`,
  readMetrics: `SELECT delta FROM journeys.metric_deltas WHERE journey_id = $1 AND version = $2 ORDER BY seq`,
  addQuarantine: `INSERT INTO journeys.quarantine (id, received_at, input, error) VALUES ($1, $2, $3::jsonb, $4::jsonb)
                  ON CONFLICT (id) DO UPDATE SET received_at = EXCLUDED.received_at, input = EXCLUDED.input,
                    error = EXCLUDED.error`,
  listQuarantine: `SELECT id, received_at, input, error FROM journeys.quarantine ORDER BY received_at, seq`,
  removeQuarantine: `DELETE FROM journeys.quarantine WHERE id = $1`,
} as const;

/**
 * Clocks. The runtime never reads `Date.now()` itself: time is injected, so a simulated clock
 * can run 90 days of a journey in milliseconds.
 */

/** A source of "now" in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/**
 * The wall clock.
 *
 * @example
 * ```ts
 * createRuntime({ journeys, handlers, clock: systemClock });
 * ```
 */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to. */
export interface SimulatedClock extends Clock {
  /** Move to an absolute time (never backwards). */
  set(at: number): void;
  /** Move forward by `ms`. */
  advance(ms: number): void;
}

/**
 * A clock for tests and simulations; pair it with `runtime.runUntil()`.
 *
 * @example
 * ```ts
 * const clock = createSimulatedClock(Date.parse("2026-03-01T10:00:00Z"));
 * clock.advance(2 * 86_400_000);
 * ```
 */
export function createSimulatedClock(start = 0): SimulatedClock {
  let t = start;
  return {
    now: () => t,
    set(at: number) {
      if (at > t) t = at;
    },
    advance(ms: number) {
      if (ms > 0) t += ms;
    },
  };
}

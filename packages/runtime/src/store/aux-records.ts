/**
 * Timer ids and undelivered outbox ids per customer index, for the few customers that have any:
 * kept out of the customer table's slots, which every customer pays for.
 */

/** Timer ids and undelivered outbox ids of one customer: rare, so kept out of line. */
export interface Aux {
  /** {@link NO_TIMERS} until the customer has a timer: replace it before adding (`AuxRecords.timers`). */
  timers: Set<string>;
  actions: string[];
}

/**
 * The shared empty timer set of an aux record without timers: most customers with a queued
 * action have no timer, and a set each would be allocated for nothing. Never added to.
 */
export const NO_TIMERS: ReadonlySet<string> = new Set<string>();

/**
 * The aux records of a customer table.
 *
 * @example
 * ```ts
 * const aux = new AuxRecords();
 * aux.addAction(7, "outbox-1");
 * aux.peek(7)?.actions; // ["outbox-1"]
 * ```
 */
export class AuxRecords {
  private readonly byCustomer = new Map<number, Aux>();

  /** The aux record of `k`, created empty when missing. */
  of(k: number): Aux {
    let a = this.byCustomer.get(k);
    if (a === undefined) this.byCustomer.set(k, (a = { timers: NO_TIMERS as Set<string>, actions: [] }));
    return a;
  }

  /** List outbox id `id` under `k` (a new aux record's list is born with it: no empty array grown by a push). */
  addAction(k: number, id: string): void {
    const a = this.byCustomer.get(k);
    if (a === undefined) this.byCustomer.set(k, { timers: NO_TIMERS as Set<string>, actions: [id] });
    else a.actions.push(id);
  }

  /** Unlist outbox id `id` from `k`, dropping the aux record once it holds nothing. */
  removeAction(k: number, id: string): void {
    const a = this.byCustomer.get(k);
    if (a === undefined) return;
    const list = a.actions;
    const i = list.indexOf(id);
    // pop for the last (usually only) one: splice allocates the array of removed items.
    if (i === list.length - 1) list.pop();
    else if (i >= 0) list.splice(i, 1);
    if (list.length === 0 && a.timers.size === 0) this.byCustomer.delete(k);
  }

  /** The timer set of `k`'s aux record, to add to. */
  timers(k: number): Set<string> {
    const a = this.of(k);
    if (a.timers === NO_TIMERS) a.timers = new Set();
    return a.timers;
  }

  /** The aux record of `k`, if any (none for k = -1). */
  peek(k: number): Aux | undefined {
    return k < 0 ? undefined : this.byCustomer.get(k);
  }

  /** Drop the aux record of `k` once it holds nothing. */
  compact(k: number): void {
    const a = this.byCustomer.get(k);
    if (a !== undefined && a.timers.size === 0 && a.actions.length === 0) this.byCustomer.delete(k);
  }
}

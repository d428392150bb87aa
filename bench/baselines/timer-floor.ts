/**
 * The floor for due timers: a hand-written binary min-heap of (dueAt, customer) over a Map of
 * { stage, enteredAt }, for the journey of bench/timers.mjs (`stage waiting initial { go to done
 * after 1 day }`, `stage done terminal`). Firing a timer = pop it, check the customer is still in
 * the stage that armed it, move them. No persistence, no leases, no history.
 */

const DAY_MS = 86_400_000;
const WAITING = 0;
const DONE = 1;

interface State {
  stage: number;
  enteredAt: number;
}

export class TimerFloor {
  readonly customers = new Map<string, State>();
  private due: number[] = [];
  private ids: string[] = [];
  fired = 0;

  /** A record upsert at `at`: enrols the customer and arms their one timer. */
  enrol(customerId: string, at: number): void {
    if (this.customers.has(customerId)) return;
    this.customers.set(customerId, { stage: WAITING, enteredAt: at });
    this.push(at + DAY_MS, customerId);
  }

  /** Fires every timer due at or before `now`, in due order. Returns how many fired. */
  fireDue(now: number): number {
    let n = 0;
    while (this.due.length > 0 && this.due[0]! <= now) {
      const customerId = this.ids[0]!;
      this.pop();
      const s = this.customers.get(customerId);
      if (s !== undefined && s.stage === WAITING) {
        s.stage = DONE;
        s.enteredAt = now;
      }
      n++;
    }
    this.fired += n;
    return n;
  }

  stageCounts(): Record<string, number> {
    let waiting = 0;
    let done = 0;
    for (const s of this.customers.values()) s.stage === DONE ? done++ : waiting++;
    return { waiting, done };
  }

  private push(due: number, id: string): void {
    const d = this.due;
    const ids = this.ids;
    let i = d.length;
    d.push(due);
    ids.push(id);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (d[parent]! <= due) break;
      d[i] = d[parent]!;
      ids[i] = ids[parent]!;
      i = parent;
    }
    d[i] = due;
    ids[i] = id;
  }

  private pop(): void {
    const d = this.due;
    const ids = this.ids;
    const lastDue = d.pop()!;
    const lastId = ids.pop()!;
    const n = d.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && d[r]! < d[l]! ? r : l;
      if (d[c]! >= lastDue) break;
      d[i] = d[c]!;
      ids[i] = ids[c]!;
      i = c;
    }
    d[i] = lastDue;
    ids[i] = lastId;
  }
}

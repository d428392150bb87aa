/**
 * The memory store's outbox: queued actions by id, in due order, leased to deliverers.
 *
 * The runtime's own delivery loop (`claimDue` → handler → `settle`, all in one turn when the
 * handler is synchronous) is the hot path: a queued action there costs one id lookup (the
 * duplicate check at queue time) and no lease entry. Its due-order entries carry the lease itself
 * (no lookup by id to claim it), and a claim's lease entry is only queued when somebody could
 * see it: before the next read of the due order, if the action is still leased then.
 */
import type { CustomerTable } from "./customer-table.js";
import { DueQueue, type HeapEntry } from "./heap.js";
import type { ClaimedAction, OutboxRow } from "./types.js";

/** One stored action: the row, its current claim, and its customer's table index. */
export interface OutboxLease {
  row: OutboxRow;
  attempt: number;
  leaseUntil: number;
  /** Bumped on every claim and settle: due-order entries with another gen are stale. */
  gen: number;
  /** The customer's index in the table (indexes never change). */
  readonly k: number;
  /** False once the row was delivered and dropped. */
  live: boolean;
  /** Queuing order: orders claims of equal createdAt (as the SQL store's seq). */
  readonly seq: number;
}

export class Outbox {
  readonly byId = new Map<string, OutboxLease>();
  private readonly due = new DueQueue();
  /**
   * Entries taken from `due` once claimable (pending, due, not leased), by createdAt: claims are
   * ordered by createdAt (types.ts), so a retried action or one whose lease lapsed keeps its
   * place instead of coming after newer actions claimable sooner. Fresh actions arrive in
   * createdAt order, so this is the queue's FIFO: one push and one pop per claim.
   */
  private readonly ready = new DueQueue();
  private gen = 0;
  /** Leases claimed by `claimDue` whose lease entry is not queued yet, and their claim gens. */
  private deferred: OutboxLease[] = [];
  private deferredGen: number[] = [];
  /** The last `claimDue` result and how far `settle` got through it (settles come in order). */
  private claimed: OutboxLease[] = [];
  private cursor = 0;

  constructor(private readonly table: CustomerTable) {}

  /** Queue `row` unless its id is queued already (S34: an idempotency key is queued once). */
  add(row: OutboxRow): void {
    if (this.byId.has(row.id)) return;
    const k = this.table.ensure(row.customerId);
    const l: OutboxLease = { row, attempt: 0, leaseUntil: 0, gen: ++this.gen, k, live: true, seq: this.gen };
    this.byId.set(row.id, l);
    this.table.aux.addAction(k, row.id);
    this.due.push({ key: row.nextAttemptAt, tie: row.createdAt, id: row.id, gen: l.gen, ref: l });
  }

  /** Queue the lease entries of deferred claims that are still leased (their gen unchanged). */
  private flush(): void {
    const d = this.deferred;
    if (d.length === 0) return;
    for (let i = 0; i < d.length; i++) {
      const l = d[i]!;
      if (l.gen === this.deferredGen[i]) this.due.push({ key: l.leaseUntil, tie: l.row.createdAt, id: l.row.id, gen: l.gen, ref: l });
    }
    this.deferred = [];
    this.deferredGen = [];
  }

  /** Lease up to `limit` due pending actions (`claimActions` without ids). */
  claim(now: number, limit: number, leaseMs: number): OutboxLease[] {
    this.flush();
    this.promote(now);
    const out: OutboxLease[] = [];
    while (out.length < limit) {
      const l = this.leaseNext(now, leaseMs);
      if (l === undefined) break;
      this.due.push({ key: l.leaseUntil, tie: l.row.createdAt, id: l.row.id, gen: l.gen, ref: l });
      out.push(l);
    }
    this.unpark();
    return out;
  }

  /**
   * `claim`, for the runtime's delivery loop: the stored rows themselves, and lease entries
   * deferred (a synchronous handler settles the action before anyone reads the due order).
   */
  claimDue(now: number, limit: number, leaseMs: number): ClaimedAction[] {
    this.flush();
    this.promote(now);
    const leases: OutboxLease[] = [];
    const out: ClaimedAction[] = [];
    while (leases.length < limit) {
      const l = this.leaseNext(now, leaseMs);
      if (l === undefined) break;
      this.deferred.push(l);
      this.deferredGen.push(l.gen);
      leases.push(l);
      out.push({ action: l.row, attempt: l.attempt });
    }
    this.unpark();
    this.claimed = leases;
    this.cursor = 0;
    this.warmClaimed(leases);
    return out;
  }

  private warmKs = new Int32Array(256);

  /**
   * Read what delivering `leases` reads of each (its row's data, its customer's slot and record)
   * in one pass, so that those cache misses overlap instead of coming one delivery at a time.
   */
  private warmClaimed(leases: readonly OutboxLease[]): void {
    if (leases.length > this.warmKs.length) this.warmKs = new Int32Array(leases.length);
    const ks = this.warmKs;
    let sum = 0;
    for (let i = 0; i < leases.length; i++) {
      if (typeof leases[i]!.row.data === "object") sum++;
      ks[i] = leases[i]!.k;
    }
    this.table.warmSlots(ks, leases.length);
    this.warmth = (this.warmth + sum) | 0;
  }

  /** Sum of what warming read, kept so that its reads are not optimised away. */
  private warmth = 0;

  /** Move the entries claimable by `now` from the due order to `ready` (stale ones are dropped). */
  private promote(now: number): void {
    for (;;) {
      const top = this.due.peek();
      if (top === undefined || top.key > now) return;
      this.due.pop();
      const l = top.ref as OutboxLease;
      if (l.gen === top.gen && l.row.status === "pending") this.ready.push({ key: l.row.createdAt, tie: l.seq, id: top.id, gen: top.gen, ref: l });
    }
  }

  /** Entries of `ready` not claimable at the current claim's `now` (moved by a later one), put back by `unpark`. */
  private parked: HeapEntry[] | null = null;

  private unpark(): void {
    const p = this.parked;
    if (p === null) return;
    for (let i = 0; i < p.length; i++) this.ready.push(p[i]!);
    this.parked = null;
  }

  /** Takes the oldest claimable action from `ready` ({@link promote} first) and leases it; undefined when none is. */
  private leaseNext(now: number, leaseMs: number): OutboxLease | undefined {
    for (;;) {
      const top = this.ready.pop();
      if (top === undefined) return undefined;
      const l = top.ref as OutboxLease;
      if (l.gen !== top.gen || l.row.status !== "pending") continue;
      if (l.row.nextAttemptAt > now || l.leaseUntil > now) {
        (this.parked ??= []).push(top);
        continue;
      }
      l.attempt++;
      l.leaseUntil = now + leaseMs;
      l.gen = ++this.gen;
      return l;
    }
  }

  /** The lease of `id`: the next one `claimDue` handed out when it is that one (no lookup). */
  find(id: string): OutboxLease | undefined {
    const c = this.claimed[this.cursor];
    return c !== undefined && c.live && c.row.id === id ? c : this.byId.get(id);
  }

  /** The table index of `customerId` when it owns the next action of the last `claimDue`, else -1. */
  claimedIndex(customerId: string): number {
    const c = this.claimed[this.cursor];
    return c !== undefined && c.row.customerId === customerId ? c.k : -1;
  }

  /** After a settle of `l`: move past it in the last `claimDue` result. */
  private settled(l: OutboxLease): void {
    if (this.claimed[this.cursor] !== l) return;
    if (++this.cursor === this.claimed.length) {
      this.claimed = [];
      this.cursor = 0;
    }
  }

  /** Mark `l` settled (attempt counted, lease ended); the caller then drops, kills or requeues it. */
  settle(l: OutboxLease): void {
    l.row.attempts++;
    l.gen = ++this.gen;
    l.leaseUntil = 0;
    this.settled(l);
  }

  /** Delivered: forget the row. */
  drop(l: OutboxLease): void {
    this.byId.delete(l.row.id);
    l.live = false;
    this.table.aux.removeAction(l.k, l.row.id);
  }

  /**
   * Due again at `at`, for `claim`: a retry right after `settle` (whose gen stands), or a dead
   * letter put back (`bump`: a new gen).
   */
  requeue(l: OutboxLease, at: number, bump: boolean): void {
    if (bump) l.gen = ++this.gen;
    this.due.push({ key: at, tie: l.row.createdAt, id: l.row.id, gen: l.gen, ref: l });
  }

  /** Lease `l` now (`claimActions` with ids): the lease entry is queued at once. */
  lease(l: OutboxLease, now: number, leaseMs: number): void {
    l.attempt++;
    l.leaseUntil = now + leaseMs;
    l.gen = ++this.gen;
    this.due.push({ key: l.leaseUntil, tie: l.row.createdAt, id: l.row.id, gen: l.gen, ref: l });
  }

  /** The earliest due time of a live entry, or null. */
  nextDue(): number | null {
    this.flush();
    let next: number | null = null;
    for (;;) {
      const top = this.due.peek();
      if (top === undefined) break;
      if ((top.ref as OutboxLease).gen === top.gen) {
        next = top.key;
        break;
      }
      this.due.pop();
    }
    // Entries promoted but not claimed yet (a claim's limit was reached): usually none.
    this.ready.forEach((e) => {
      const l = e.ref as OutboxLease;
      if (l.gen !== e.gen || l.row.status !== "pending") return;
      const at = Math.max(l.row.nextAttemptAt, l.leaseUntil);
      if (next === null || at < next) next = at;
    });
    return next;
  }
}

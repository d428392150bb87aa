/**
 * Due-time indexes: a binary min-heap of (key, tie, gen, id) entries with lazy deletion, and
 * {@link DueQueue}, the same order served from a FIFO for entries pushed in order.
 */
export interface HeapEntry {
  key: number;
  /** Tie-break for equal keys (e.g. the due time of a re-leased row). */
  tie: number;
  id: string;
  gen: number;
  /** The row's lease, when its queue reads it directly instead of looking `id` up; else null. */
  ref: object | null;
}

export function less(a: HeapEntry, b: HeapEntry): boolean {
  return a.key < b.key || (a.key === b.key && (a.tie < b.tie || (a.tie === b.tie && a.gen < b.gen)));
}

export class MinHeap {
  private readonly a: HeapEntry[] = [];

  get size(): number {
    return this.a.length;
  }

  push(e: HeapEntry): void {
    const a = this.a;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(e, a[p]!)) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = e;
  }

  peek(): HeapEntry | undefined {
    return this.a[0];
  }

  /** Every entry, in no particular order. */
  forEach(fn: (e: HeapEntry) => void): void {
    for (let i = 0; i < this.a.length; i++) fn(this.a[i]!);
  }

  pop(): HeapEntry | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      let i = 0;
      const n = a.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && less(a[r]!, a[l]!) ? r : l;
        if (!less(a[c]!, last)) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

/**
 * A min-queue with the heap's order (same `peek` / `pop` results as one {@link MinHeap}), where
 * an entry not smaller than the last one queued in order goes to a FIFO instead of the heap.
 * Leases (now + lease time) and new rows (now) are mostly pushed in order: the heap then stays
 * small, where stale lease entries of delivered rows would otherwise fill it until their time.
 */
export class DueQueue {
  private readonly heap = new MinHeap();
  private fifo: HeapEntry[] = [];
  private head = 0;

  get size(): number {
    return this.heap.size + this.fifo.length - this.head;
  }

  push(e: HeapEntry): void {
    const n = this.fifo.length;
    if (n === this.head || !less(e, this.fifo[n - 1]!)) this.fifo.push(e);
    else this.heap.push(e);
  }

  peek(): HeapEntry | undefined {
    const h = this.heap.peek();
    const f = this.head < this.fifo.length ? this.fifo[this.head] : undefined;
    if (h === undefined) return f;
    if (f === undefined) return h;
    return less(f, h) ? f : h;
  }

  /** Every entry, in no particular order. */
  forEach(fn: (e: HeapEntry) => void): void {
    this.heap.forEach(fn);
    for (let i = this.head; i < this.fifo.length; i++) fn(this.fifo[i]!);
  }

  pop(): HeapEntry | undefined {
    const h = this.heap.peek();
    const f = this.head < this.fifo.length ? this.fifo[this.head] : undefined;
    if (f === undefined || (h !== undefined && !less(f, h))) return this.heap.pop();
    this.fifo[this.head++] = undefined as unknown as HeapEntry;
    if (this.head === this.fifo.length) {
      this.fifo = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.fifo.length) {
      this.fifo = this.fifo.slice(this.head);
      this.head = 0;
    }
    return f;
  }
}

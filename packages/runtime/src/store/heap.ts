/** A binary min-heap of (key, id, gen) entries with lazy deletion, for due-time indexes. */
export interface HeapEntry {
  key: number;
  /** Tie-break for equal keys (e.g. the due time of a re-leased row). */
  tie: number;
  id: string;
  gen: number;
}

function less(a: HeapEntry, b: HeapEntry): boolean {
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

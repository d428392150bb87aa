/** A binary min-heap of (key, id, gen) entries with lazy deletion, for due-time indexes. */
export interface HeapEntry {
  key: number;
  id: string;
  gen: number;
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
      if (a[p]!.key <= e.key) break;
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
        const c = r < n && a[r]!.key < a[l]!.key ? r : l;
        if (a[c]!.key >= last.key) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

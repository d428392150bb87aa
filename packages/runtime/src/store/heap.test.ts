import { describe, expect, it } from "vitest";
import { DueQueue, MinHeap, type HeapEntry } from "./heap.js";

describe("due queue", () => {
  it("pops exactly what one min-heap pops, for in-order, out-of-order and tied pushes", () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let run = 0; run < 50; run++) {
      const heap = new MinHeap();
      const queue = new DueQueue();
      let gen = 0;
      let clock = 0;
      const popped: [HeapEntry | undefined, HeapEntry | undefined][] = [];
      for (let step = 0; step < 3000; step++) {
        const op = rand(10);
        if (op < 6) {
          // Mostly in order (now, now + lease), sometimes earlier, sometimes tied keys.
          clock += rand(3);
          const key = op < 3 ? clock : op < 5 ? clock + 100 : clock - rand(50);
          const e: HeapEntry = { key, tie: rand(4), id: `e${gen}`, gen: ++gen, ref: null };
          heap.push(e);
          queue.push(e);
        } else {
          expect(queue.peek()).toBe(heap.peek());
          popped.push([queue.pop(), heap.pop()]);
        }
        expect(queue.size).toBe(heap.size);
      }
      while (heap.size > 0) popped.push([queue.pop(), heap.pop()]);
      for (const [a, b] of popped) expect(a).toBe(b);
      expect(queue.pop()).toBeUndefined();
    }
  });
});

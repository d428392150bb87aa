/**
 * A keyed async mutex: inputs for one customer run one at a time in this process (S2). The
 * store's revision check still guards against other processes.
 */
export type KeyedMutex = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

export function createKeyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<void>>();
  return async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const prev = tails.get(key);
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    const tail = prev === undefined ? done : prev.then(() => done);
    tails.set(key, tail);
    if (prev !== undefined) await prev;
    try {
      return await fn();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

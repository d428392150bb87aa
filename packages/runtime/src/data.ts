/**
 * Host data in plain objects, safely: keys such as `__proto__` and `constructor` are own data
 * properties, never the prototype. Plain (not null-prototype) objects keep V8's compact
 * shapes, which matters at a million customers; every read goes through an own-property check.
 */

/** Set `obj[key] = value` as an own data property, whatever the key. */
export function setData<T>(obj: Record<string, T>, key: string, value: NoInfer<T>): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** The own property `key` of `obj`, or undefined. */
export function getOwn<T>(obj: Record<string, T> | null | undefined, key: string): T | undefined {
  if (obj == null) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** A shared, frozen empty list (copied on write). */
export const EMPTY_LIST: readonly never[] = Object.freeze([]) as readonly never[];

/** A shared, frozen empty object for empty maps (copied on write). */
export const EMPTY_MAP: Readonly<Record<string, never>> = Object.freeze({});

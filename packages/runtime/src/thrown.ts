/**
 * Describing what host code threw, safely: the runtime keeps the text in history, dead letters
 * and quarantine issues, and must not fail a second time while describing the first failure.
 */

/**
 * What host code threw (a handler, a getter of the host's data), as one line of text: an
 * Error's message, else the value as a string. Never throws itself: a value `String()` cannot
 * convert (`Object.create(null)`, an object whose `toString` throws, an Error whose `message`
 * getter throws) still gives a line, so a delivery is settled and retried (S35) and a bad input
 * quarantined (S7) like any other failure.
 *
 * @example
 * ```ts
 * messageOf(new Error("down")); // "down"
 * messageOf(Object.create(null)); // "{}"
 * ```
 */
export function messageOf(e: unknown): string {
  try {
    if (e instanceof Error) return typeof e.message === "string" ? e.message : String(e.message);
    return String(e);
  } catch {
    try {
      // An Error's own fields are not enumerable: as JSON it would read "{}".
      const json = e instanceof Error ? undefined : JSON.stringify(e);
      if (typeof json === "string") return json;
    } catch {
      // Not JSON either (a cycle, a BigInt, a throwing getter): say what kind of value it was.
    }
    try {
      return `a thrown value that cannot be shown as text (${Object.prototype.toString.call(e)})`;
    } catch {
      return "a thrown value that cannot be shown as text";
    }
  }
}

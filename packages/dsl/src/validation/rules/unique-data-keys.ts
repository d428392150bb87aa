/**
 * Unique send data keys
 *
 * The data of one `send ... with { }` names each key once.
 */
import type { ValidationContext } from "../context.js";
import { reportDuplicates } from "../duplicates.js";

export function UniqueDataKeysRule(context: ValidationContext): void {
  for (const { action } of context.bound.actions) {
    if (action.kind !== "Send" || action.data === undefined) continue;
    reportDuplicates(context, action.data.map((p) => p.key), "JRN117", (n) => `Data key "${n}" is already given in this send.`, "Keep one value per key.");
  }
}

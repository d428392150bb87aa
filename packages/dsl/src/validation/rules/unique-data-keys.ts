/**
 * Unique send data keys
 *
 * The data of one `send ... with { }` names each key once.
 */
import type { ValidationContext } from "../context.js";
import { reportDuplicates } from "../duplicates.js";
import type { DataPair } from "../../ast.js";

/** A quick test first: sends hold a few keys, nearly always distinct. */
function hasRepeatedKey(data: readonly DataPair[]): boolean {
  for (let i = 1; i < data.length; i++) {
    const name = data[i]!.key.name;
    for (let j = 0; j < i; j++) if (data[j]!.key.name === name) return true;
  }
  return false;
}

export function UniqueDataKeysRule(context: ValidationContext): void {
  for (const { action } of context.actionsOf("Send")) {
    if (action.data === undefined || !hasRepeatedKey(action.data)) continue;
    reportDuplicates(context, action.data.map((p) => p.key), "JRN117", (n) => `Data key "${n}" is already given in this send.`, "Keep one value per key.");
  }
}

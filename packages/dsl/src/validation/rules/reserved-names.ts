/**
 * Reserved names
 *
 * No declared name (stage, field, event, event property, segment, channel, split, variant, data
 * key) is `__proto__`, `constructor` or `prototype`: the IR and the XState config are plain
 * JSON objects keyed by these names, and those keys mean something else to JavaScript objects.
 */
import type { Identifier } from "../../ast.js";
import type { ValidationContext } from "../context.js";

const RESERVED: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export function ReservedNamesRule(context: ValidationContext): void {
  const { ast } = context.bound;
  const check = (id: Identifier | undefined, what: string): void => {
    if (id === undefined || !RESERVED.has(id.name)) return;
    context.report("JRN122", id.loc, `"${id.name}" cannot be the name of ${what}.`, `Choose another name: "${id.name}" is reserved because compiled journeys are JSON objects keyed by name.`);
  };
  for (const s of ast.stages) check(s.name, "a stage");
  for (const f of ast.customer) check(f.name, "a customer field");
  for (const e of ast.events) {
    check(e.name, "an event");
    for (const p of e.properties) check(p.name, "an event property");
  }
  for (const s of ast.segments) check(s.name, "a segment");
  for (const c of ast.channels) check(c, "a channel");
  for (const { action } of context.actionsOf("Split")) {
    check(action.name, "a split");
    for (const arm of action.arms) if (arm.kind === "Variant") check(arm.name, "a split variant");
  }
  for (const { action } of context.actionsOf("Send")) for (const pair of action.data ?? []) check(pair.key, "a data key");
}

/**
 * Known channels
 *
 * Every channel a `send` uses must be listed on the journey's `channels` line.
 */
import type { ValidationContext } from "../context.js";
import { reportUnknown } from "../unknown-names.js";

export function KnownChannelsRule(context: ValidationContext): void {
  reportUnknown(context, "channel", "JRN106", "channel", () => context.bound.symbols.channels.keys(), (name) =>
    `Add it to the journey's \`channels\` line (\`channels ${name}\`).`,
  );
}

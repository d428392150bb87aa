/**
 * The `journey init` scaffolds: one complete, valid journey per lifecycle model.
 */
import { ECOMMERCE } from "./ecommerce.js";
import { FIVE_STAGE, FOUR_STAGE, THREE_STAGE } from "./funnels.js";
import { SAAS, SIX_STAGE } from "./saas.js";

/** The models `journey init --model` accepts. */
export const MODELS = ["3", "4", "5", "6", "saas", "ecommerce"] as const;
export type Model = (typeof MODELS)[number];

const TEMPLATES: Record<Model, string> = {
  "3": THREE_STAGE,
  "4": FOUR_STAGE,
  "5": FIVE_STAGE,
  "6": SIX_STAGE,
  saas: SAAS,
  ecommerce: ECOMMERCE,
};

/** True when `value` names a model. */
export function isModel(value: string): value is Model {
  return (MODELS as readonly string[]).includes(value);
}

/**
 * The `.journey` source of a scaffold, with the journey named `title`.
 *
 * @example
 * ```ts
 * renderTemplate("4", "Spring onboarding"); // 'journey "Spring onboarding" { ...'
 * ```
 */
export function renderTemplate(model: Model, title: string): string {
  const quoted = title.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
  return TEMPLATES[model].replace("{{TITLE}}", quoted);
}

/**
 * A file name for a journey title: lowercase words joined by `-`, non-letters dropped,
 * Unicode letters kept (`"Spring Onboarding"` → `spring-onboarding.journey`).
 *
 * @example
 * ```ts
 * journeyFileName("Spring Onboarding"); // "spring-onboarding.journey"
 * ```
 */
export function journeyFileName(title: string): string {
  const slug = title
    .normalize("NFC")
    .toLowerCase()
    .replace(/\.journey$/, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "")
    .join("-");
  return `${slug === "" ? "journey" : slug}.journey`;
}

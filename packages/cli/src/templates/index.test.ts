import { check, formatText } from "@journeys/dsl";
import { describe, expect, it } from "vitest";
import { journeyFileName, MODELS, renderTemplate } from "./index.js";

describe("scaffolds", () => {
  for (const model of MODELS) {
    it(`model ${model} validates with no diagnostics and is in canonical form`, () => {
      const text = renderTemplate(model, `Model ${model}`);
      expect(check(text, { file: `${model}.journey` }).diagnostics).toEqual([]);
      expect(formatText(text).formatted).toBe(text);
    });
  }

  it("escapes the title inside the journey's string", () => {
    const text = renderTemplate("3", 'Say "hi" \\ bye');
    expect(text).toContain('journey "Say \\"hi\\" \\\\ bye" {');
    expect(check(text).diagnostics).toEqual([]);
  });
});

describe("journeyFileName", () => {
  it("slugs titles, keeping Unicode letters", () => {
    expect(journeyFileName("Spring Onboarding")).toBe("spring-onboarding.journey");
    expect(journeyFileName("고객 여정 2026!")).toBe("고객-여정-2026.journey");
    expect(journeyFileName("shop.journey")).toBe("shop.journey");
    expect(journeyFileName("***")).toBe("journey.journey");
  });
});

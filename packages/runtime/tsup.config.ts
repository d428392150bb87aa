import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", conformance: "src/store/conformance.ts" },
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node22",
  // The conformance suite imports vitest; the host's test runner provides it.
  external: ["vitest"],
});

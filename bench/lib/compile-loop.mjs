/**
 * Compiles the generated 1,000-stage journey N times (`node bench/lib/compile-loop.mjs N`): the
 * workload bench/profile.mjs profiles for the compiler benchmark.
 */
import { journeySource } from "./generate.mjs";
import { compileText } from "./project.mjs";

const times = Number(process.argv[2] ?? 20);
const text = journeySource({ stages: 1000 });
const { compileSync } = await compileText(text, "generated-1000.journey");
for (let i = 0; i < times; i++) compileSync(text);

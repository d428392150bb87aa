/**
 * `@journeys/cli` as a library: run the `journey` command in-process (tests, other tools).
 */
export { buildProgram, runCli } from "./program.js";
export { CliError, EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE, type CliContext, type ExitCode, type Output } from "./context.js";
export { renderMermaid } from "./graph/mermaid.js";
export { renderDot } from "./graph/dot.js";
export { describeCondition, describeDuration } from "./graph/describe.js";
export { readNdjson, type NdjsonLine } from "./io/ndjson.js";
export { readCsv, coerceRecord, CsvHeaderError, type CsvRow } from "./io/csv.js";
export { MODELS, renderTemplate, type Model } from "./templates/index.js";

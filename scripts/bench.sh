#!/usr/bin/env bash
# The benchmark command (`pnpm bench`, `./run.sh bench`): the store benchmark measures
# PostgreSQL beside PGlite and the in-memory store, so a throwaway server is started here
# unless DATABASE_URL already names one. Arguments go to bench/run.mjs (--quick, --only NAME).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DATABASE_URL:-}" ]; then
  . scripts/postgres.sh
  start_test_postgres
fi
node bench/run.mjs "$@"

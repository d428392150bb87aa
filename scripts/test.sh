#!/usr/bin/env bash
# The test command (`pnpm test`, `./run.sh test`): the durable-store tests run against a real
# PostgreSQL, so one is started here unless DATABASE_URL already names a server.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DATABASE_URL:-}" ]; then
  . scripts/postgres.sh
  start_test_postgres
fi
pnpm exec vitest run "$@"

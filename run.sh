#!/usr/bin/env bash
# Runs a workspace script on any machine: installs Node 24 and pnpm 12 from the npm registry
# into ~/.journeys-toolchain when the machine's Node is older than 22 (Node 20 is past end of
# life and the project's dependencies need 22+), installs dependencies once, then runs
# `pnpm <args>`.   ./run.sh demo   |   ./run.sh test   |   ./run.sh journey validate examples
set -euo pipefail
cd "$(dirname "$0")"
TOOLCHAIN="$HOME/.journeys-toolchain"
[ -d "$TOOLCHAIN/bin" ] && export PATH="$TOOLCHAIN/bin:$PATH"
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 22 ] || ! command -v pnpm >/dev/null 2>&1; then
  echo "run.sh: installing Node 24 and pnpm 12 into $TOOLCHAIN (about 5 s)" >&2
  npm i -g --prefix "$TOOLCHAIN" node@24 pnpm@12 >/dev/null 2>&1
  export PATH="$TOOLCHAIN/bin:$PATH"
fi
if [ ! -d node_modules/.pnpm ] || [ pnpm-lock.yaml -nt node_modules/.pnpm/lock.yaml ]; then
  pnpm install --frozen-lockfile >&2
fi
# `./run.sh journey ...` runs the built CLI: build it first when it is missing or older than a source.
if [ "${1:-}" = "journey" ] && { [ ! -f packages/cli/dist/bin.js ] || [ -n "$(find packages/*/src -name '*.ts' -newer packages/cli/dist/bin.js -print -quit)" ]; }; then
  echo "run.sh: building the packages first (pnpm build)" >&2
  pnpm build >&2
fi
exec pnpm "$@"

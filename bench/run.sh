#!/usr/bin/env bash
# Entry point of `npm run bench`: installs what is missing, builds, then runs the suite.
# Flags go to the runner: `npm run bench -- --quick`, `npm run bench -- --only json`, `--help`.
set -euo pipefail
bench_dir="$(cd "$(dirname "$0")" && pwd)"
root_dir="$(dirname "$bench_dir")"

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench: installing wrk (Debian package)" >&2
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else
    echo "bench: wrk is missing; install it (apt-get install wrk) and rerun" >&2
    exit 1
  fi
fi

if [ ! -d "$bench_dir/node_modules" ]; then
  echo "bench: installing the peers (npm ci in bench/, never in the framework's install)" >&2
  (cd "$bench_dir" && npm ci --no-audit --no-fund)
fi

# Build the Pith packages the bench apps load. Each one on its own so that a package that does not
# build yet only skips the rows that need it.
for pkg in core plugins/router plugins/views plugins/orm plugins/session plugins/security; do
  if [ -f "$root_dir/$pkg/src/index.ts" ]; then
    (cd "$root_dir" && npx tsc -b "$pkg/tsconfig.build.json") >&2 ||
      echo "bench: $pkg does not build; the Pith rows that need it will be skipped" >&2
  fi
done

# Type errors in a bench app still emit JavaScript; a server that cannot start is skipped by the runner.
(cd "$bench_dir" && npx tsc -p tsconfig.json) >&2 || echo "bench: bench apps have type errors (see above)" >&2

# The real sample app's cold start and idle memory (issue 8), read into the results table.
(cd "$root_dir" && npx tsc -b tsconfig.build.json) >&2 &&
  node "$bench_dir/lib/sample-app-startup.js" ||
  echo "bench: the sample app did not build or start; its startup rows are left out" >&2

exec node "$bench_dir/lib/run-bench.js" "$@"

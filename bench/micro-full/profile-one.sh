#!/usr/bin/env bash
# CPU profile of one server under wrk: profile-one.sh <pith|bare> <sqlite|pg> <path> [seconds]
# Writes a .cpuprofile under /tmp/micro-full-prof-* and prints its path.
set -euo pipefail
kind=$1 db=$2 url_path=$3 secs=${4:-4}
bench="$(cd "$(dirname "$0")/.." && pwd)"
dir=$(mktemp -d /tmp/micro-full-prof-XXXX)
port=$((48000 + RANDOM % 1000))
entry="$bench/apps/bare/server.js"; [ "$kind" = pith ] && entry="$bench/dist/pith/main.js"; [ "$kind" = lean ] && entry="$bench/micro-full/lean-app.js"
cd "$bench"
NODE_ENV=production PORT=$port BENCH_DB=$db BENCH_PITH_PROFILE=full \
  BENCH_PG_URL=postgresql://postgres@127.0.0.1:5432/pith_bench \
  BENCH_SQLITE_FILE="$bench/results/raw/micro-full.sqlite" \
  taskset -c 0 node --cpu-prof --cpu-prof-dir="$dir" -e "
    process.on('SIGINT', () => process.exit(0));
    require('$entry');" &
pid=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port$url_path" >/dev/null && break; sleep 0.05; done
taskset -c 1 wrk -t1 -c16 -d1s "http://127.0.0.1:$port$url_path" >/dev/null
taskset -c 1 wrk -t1 -c16 -d${secs}s "http://127.0.0.1:$port$url_path" | grep -E 'requests in'
kill -INT $pid; wait $pid || true
ls "$dir"/*.cpuprofile

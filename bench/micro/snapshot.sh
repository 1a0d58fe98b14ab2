#!/usr/bin/env bash
# Builds the kernel + router of one git revision (default HEAD) and the bench apps into
# $OUT (default /tmp/pith-snapshot-<rev>), so builds can be measured against each other in the
# same run. Usage: bench/micro/snapshot.sh [rev|WORKTREE] [out]
# WORKTREE takes HEAD plus the uncommitted core/src and plugins/router/src.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rev="${1:-HEAD}"
worktree=""
if [ "$rev" = "WORKTREE" ]; then worktree=1; rev=HEAD; fi
sha="$(git -C "$root" rev-parse --short "$rev")"
out="${2:-/tmp/pith-snapshot-$sha}"
rm -rf "$out" && mkdir -p "$out/node_modules/@pith"
git -C "$root" archive "$rev" core plugins/router tsconfig.base.json | tar -x -C "$out"
if [ -n "$worktree" ]; then
  for ws in core plugins/router; do rm -rf "$out/$ws/src" && cp -r "$root/$ws/src" "$out/$ws/src"; done
fi
for dep in "$root"/node_modules/* "$root"/node_modules/.bin; do
  name="$(basename "$dep")"
  [ "$name" = "@pith" ] || ln -s "$dep" "$out/node_modules/$name"
done
ln -s ../../core "$out/node_modules/@pith/core"
for ws in core plugins/router; do
  [ ! -d "$root/$ws/node_modules" ] || ln -s "$root/$ws/node_modules" "$out/$ws/node_modules"
done
ln -s ../../plugins/router "$out/node_modules/@pith/router"
(cd "$out" && "$root/node_modules/.bin/tsc" -b core/tsconfig.build.json plugins/router/tsconfig.build.json)
mkdir -p "$out/app" && cp "$root"/bench/dist/pith/*.js "$out/app/"
echo "$out/app/main.js"

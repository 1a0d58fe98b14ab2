#!/usr/bin/env bash
# Prepares a fresh machine for the test suite after `npm ci`: the Debian Chromium the browser test
# drives, and the local services the suites need (started only if they are not answering).
set -euo pipefail

say() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else say "need root for: $*"; return 1; fi; }

if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium for the browser test"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! port_open 5432 && command -v pg_ctlcluster >/dev/null; then
  say "starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
if ! port_open 6379 && command -v redis-server >/dev/null; then
  say "starting Redis"
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
fi
if ! port_open 3306 && [ -x /usr/sbin/mariadbd ]; then
  say "starting MariaDB"
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
  for _ in $(seq 1 50); do port_open 3306 && break; sleep 0.2; done
fi
for p in 5432 3306 6379; do port_open "$p" && say "port $p answers" || say "port $p does NOT answer (tests needing it fail under CI=true)"; done

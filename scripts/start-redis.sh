#!/usr/bin/env bash
# Installs (if needed) and starts Debian's Redis on loopback, on a free port, for the
# benchmarks' Redis cache runs (`make bench`), then prints the URL to use. Idempotent: a
# server this script started and that still runs is reused (same URL).
#
#   scripts/start-redis.sh           start (or reuse) the server; print redis://127.0.0.1:PORT/0
#   scripts/start-redis.sh status    exit 0 if the server this script starts is running
#   scripts/start-redis.sh stop      stop it
#
# The server keeps nothing on disk (no RDB snapshots, no append-only file) and listens on
# 127.0.0.1 only; its pid, port and log live in $ADVICE_REDIS_DIR
# (default: /tmp/advice-redis-$UID).
set -euo pipefail
DIR=${ADVICE_REDIS_DIR:-${TMPDIR:-/tmp}/advice-redis-$(id -u)}
PIDFILE="$DIR/redis.pid"
PORTFILE="$DIR/port"

running() {
  [ -s "$PIDFILE" ] && [ -s "$PORTFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

case "${1:-start}" in
  status)
    running
    exit
    ;;
  stop)
    if running; then
      kill "$(cat "$PIDFILE")"
      for _ in $(seq 50); do running || break; sleep 0.1; done
    fi
    rm -f "$PIDFILE" "$PORTFILE"
    exit 0
    ;;
  start) ;;
  *)
    echo "usage: $0 [start|status|stop]" >&2
    exit 2
    ;;
esac

if running; then
  echo "redis://127.0.0.1:$(cat "$PORTFILE")/0"
  exit 0
fi

if ! command -v redis-server >/dev/null; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null; then SUDO="sudo"; else
      echo "Redis setup needs root (apt-get install redis-server)." >&2
      exit 1
    fi
  fi
  echo "Installing Debian's redis-server for the benchmarks..." >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
  # The package starts a system service on port 6379 where systemd runs; this script
  # does not use it (it starts its own server below).
fi

mkdir -p "$DIR"
chmod 700 "$DIR"
# A free port: ask the kernel for one, then hand it to redis (a race with another program
# taking it in between is possible but harmless: redis then fails to start, and we retry).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
for _ in 1 2 3; do
  PORT=$(free_port)
  redis-server --bind 127.0.0.1 --port "$PORT" --protected-mode yes \
    --save "" --appendonly no --daemonize yes \
    --pidfile "$PIDFILE" --logfile "$DIR/redis.log" --dir "$DIR" >/dev/null
  for _ in $(seq 50); do
    if redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; then
      echo "$PORT" >"$PORTFILE"
      echo "redis://127.0.0.1:$PORT/0"
      exit 0
    fi
    sleep 0.1
  done
done
echo "redis-server did not start; see $DIR/redis.log" >&2
exit 1

#!/usr/bin/env bash
# Throwaway real PostgreSQL (Debian's packages) on 127.0.0.1 for the integration tests.
#   scripts/postgres-ci.sh packages   # apt-get install postgresql (skipped if installed)
#   scripts/postgres-ci.sh start      # fresh cluster in $D, role + database `publish` -> $D/env
#   scripts/postgres-ci.sh stop       # pg_ctl stop (else kill by saved PID), remove $D
# $D/env holds DATABASE_URL=postgres://publish:<random>@127.0.0.1:$PORT/publish.
# The server also listens on a unix socket in $D. Only the role `publish` may log in over
# TCP (password, scram-sha-256); any other user gets "no pg_hba.conf entry … no encryption",
# which is what a server that requires TLS answers, so tests can check that message.
# PostgreSQL refuses to run as root: initdb and pg_ctl run as the `postgres` user.
set -euo pipefail
D=${PG_CI_DIR:-/tmp/publish-pg-ci}
PORT=${PG_CI_PORT:-55432}
DATA="$D/data"

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || { echo "postgres-ci: PostgreSQL is not installed; run $0 packages" >&2; exit 1; }
  echo "$dir"
}

# Runs a command as the postgres user (root switches to it; postgres itself runs it as is).
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c '"$0" "$@"' -- "$@"; fi
  elif [ "$(id -un)" = postgres ]; then
    "$@"
  else
    echo "postgres-ci: run as root or as postgres" >&2
    exit 1
  fi
}

packages() {
  if dpkg -s postgresql >/dev/null 2>&1; then return 0; fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
}

start() {
  local bin password
  bin=$(pg_bin)
  stop                                              # clear leftovers of an earlier run
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "postgres-ci: port $PORT already in use" >&2; exit 1; fi
  trap 'echo "postgres-ci: start failed at line $LINENO; logs in $D" >&2' ERR
  mkdir -p "$D"
  chmod 0755 "$D"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$D"
  password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')

  # Socket: trust (only users who can reach $D). TCP: password for `publish` only.
  as_pg "$bin/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C --auth-local=trust \
    --auth-host=reject >"$D/initdb.log" 2>&1
  cat >"$DATA/pg_hba.conf" <<EOF
local   all   all                    trust
host    all   publish   127.0.0.1/32 scram-sha-256
EOF
  as_pg "$bin/pg_ctl" -D "$DATA" -l "$D/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$D -c max_connections=100" \
    start >/dev/null
  head -n 1 "$DATA/postmaster.pid" >"$D/postgres.pid"

  as_pg "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$D" -p "$PORT" -U postgres -d postgres \
    -v password="$password" <<'EOF'
CREATE ROLE publish LOGIN CREATEDB PASSWORD :'password';
CREATE DATABASE publish OWNER publish;
EOF
  (umask 077; printf 'DATABASE_URL=postgres://publish:%s@127.0.0.1:%s/publish\nPG_CI_SOCKET_DIR=%s\nPG_CI_PORT=%s\n' \
    "$password" "$PORT" "$D" "$PORT" >"$D/env")

  # Smoke test: the URL in env works over TCP with the password.
  PGPASSWORD="$password" psql -X -q -h 127.0.0.1 -p "$PORT" -U publish -d publish -c 'SELECT 1' >/dev/null
  echo "PostgreSQL ready at 127.0.0.1:$PORT (socket in $D; DATABASE_URL in $D/env)"
}

ours() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF "$DATA"; }  # never kill a recycled PID

stop() {
  local pid
  if [ -f "$DATA/postmaster.pid" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  fi
  if [ -f "$D/postgres.pid" ] && pid=$(cat "$D/postgres.pid") && ours "$pid"; then
    kill -TERM "$pid"
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$D"
}

cmd=${1:?usage: $0 packages|start|stop}
case "$cmd" in
  packages) packages ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 packages|start|stop" >&2; exit 2 ;;
esac

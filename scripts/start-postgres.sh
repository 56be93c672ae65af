#!/usr/bin/env bash
# Installs (if needed) and starts Debian's PostgreSQL on loopback, with a role and database
# for the test suite, then prints the DATABASE_URL to use. Idempotent.
set -euo pipefail
ROLE=${ADVICE_PG_ROLE:-advice}
PASSWORD=${ADVICE_PG_PASSWORD:-advice}
DB=${ADVICE_PG_DB:-advice}
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "PostgreSQL setup needs root (apt-get install postgresql)." >&2
    exit 1
  fi
fi
if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  echo "Installing Debian's postgresql for the PostgreSQL test run..." >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! $SUDO pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$VERSION main$"; then
  $SUDO pg_createcluster "$VERSION" main >/dev/null
fi
if ! $SUDO pg_lsclusters -h | awk '$1=="'"$VERSION"'" && $2=="main" {print $4}' | grep -q online; then
  $SUDO pg_ctlcluster "$VERSION" main start
fi
PORT=$($SUDO pg_lsclusters -h | awk '$1=="'"$VERSION"'" && $2=="main" {print $3}')
psql_admin() { $SUDO -u postgres psql -p "$PORT" -v ON_ERROR_STOP=1 -qtA "$@" 2>/dev/null \
  || (cd / && su postgres -c "psql -p $PORT -v ON_ERROR_STOP=1 -qtA $(printf '%q ' "$@")"); }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='$ROLE'")" != "1" ]; then
  psql_admin -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD' CREATEDB"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='$DB'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE $DB OWNER $ROLE"
fi
echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"

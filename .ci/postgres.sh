#!/usr/bin/env bash
# Provision a throwaway PostgreSQL for the Postgres sink tests (Debian 12, run as root).
# On success prints: export ANQUAN_PG_URL=postgres://anquan:anquan@127.0.0.1:<port>/anquan
# On any failure prints "Postgres unavailable: skipping" and still exits 0: CI must not fail
# because a database could not be provisioned (the tests then skip themselves).
# Logs go to stderr so the export line can be picked up from stdout:
#   eval "$(bash .ci/postgres.sh | grep '^export ')"
set -u

fail() {
  echo "Postgres unavailable: skipping${1:+ ($1)}"
  exit 0
}
log() { echo "[postgres.sh] $*" >&2; }

[ "$(id -u)" = 0 ] || fail "must run as root"
command -v apt-get >/dev/null 2>&1 || fail "apt-get not found"
cd /tmp || fail "cannot cd /tmp"

export DEBIAN_FRONTEND=noninteractive
log "apt-get update"
apt-get update -qq >&2 || fail "apt-get update failed"
log "apt-get install postgresql"
apt-get install -y -qq postgresql >&2 || fail "apt-get install postgresql failed"

ver=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
if [ -z "$ver" ]; then
  # Some images install the server without creating the default cluster.
  ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$ver" ] || fail "no PostgreSQL version found"
  pg_createcluster "$ver" main >&2 || fail "pg_createcluster failed"
fi
[ -d "/etc/postgresql/$ver/main" ] || { pg_createcluster "$ver" main >&2 || fail "pg_createcluster failed"; }

if ! pg_ctlcluster "$ver" main status >/dev/null 2>&1; then
  log "starting cluster $ver/main"
  pg_ctlcluster "$ver" main start >&2 || fail "pg_ctlcluster $ver main start failed"
fi

port=$(pg_lsclusters -h 2>/dev/null | awk -v v="$ver" '$1 == v && $2 == "main" { print $3 }')
[ -n "$port" ] || port=5432

ready=0
for _ in $(seq 1 30); do
  if pg_isready -q -h 127.0.0.1 -p "$port"; then ready=1; break; fi
  sleep 1
done
[ "$ready" = 1 ] || fail "server not accepting connections on 127.0.0.1:$port"

as_postgres() { runuser -u postgres -- "$@"; }

log "creating role and database anquan"
as_postgres psql -q -v ON_ERROR_STOP=1 -p "$port" -d postgres >&2 <<'SQL' || fail "cannot create role anquan"
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anquan') THEN
    CREATE ROLE anquan LOGIN PASSWORD 'anquan';
  ELSE
    ALTER ROLE anquan LOGIN PASSWORD 'anquan';
  END IF;
END
$$;
SQL
if ! as_postgres psql -tA -p "$port" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'anquan'" | grep -q 1; then
  as_postgres createdb -p "$port" -O anquan anquan >&2 || fail "cannot create database anquan"
fi

PGPASSWORD=anquan psql -q -h 127.0.0.1 -p "$port" -U anquan -d anquan -c 'SELECT 1' >/dev/null 2>&1 \
  || fail "cannot log in as anquan over TCP"

echo "export ANQUAN_PG_URL=postgres://anquan:anquan@127.0.0.1:$port/anquan"
exit 0

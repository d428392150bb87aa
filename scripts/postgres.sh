# Sourced by scripts/test.sh and scripts/bench.sh: starts a throwaway PostgreSQL on 127.0.0.1 for the durable-store
# tests and exports DATABASE_URL; stops it when the calling shell exits.
# PostgreSQL comes from Debian packages (installed here when missing and we are root); it
# refuses to run as root, so its tools run as the `postgres` user. See ../shared/notes/env.md.
start_test_postgres() {
  # runuser, and apt-get on some images, live in the sbin folders, which a minimal PATH lacks.
  export PATH="$PATH:/usr/sbin:/sbin"
  if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
      echo "test: PostgreSQL is not installed; install the Debian package 'postgresql' or set DATABASE_URL" >&2
      return 1
    fi
    echo "test: installing PostgreSQL from Debian packages (about 40 s on a clean machine)" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  local pgbin port
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  # A free port: the kernel picks one, we release it and hand it to PostgreSQL.
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  PGBASE=$(mktemp -d); chmod 755 "$PGBASE"
  local run=()
  [ "$(id -u)" = 0 ] && run=(runuser -u postgres --) && install -d -o postgres -g postgres -m 700 "$PGBASE/data"
  [ "$(id -u)" = 0 ] || install -d -m 700 "$PGBASE/data"
  "${run[@]}" "$pgbin/initdb" -D "$PGBASE/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  "${run[@]}" "$pgbin/pg_ctl" -D "$PGBASE/data" -l "$PGBASE/data/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PGBASE/data -c max_connections=200 -c fsync=off" start >/dev/null
  trap 'kill -INT "$(head -1 "$PGBASE/data/postmaster.pid" 2>/dev/null)" 2>/dev/null || true' EXIT
  "${run[@]}" "$pgbin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc 'CREATE DATABASE journeys'
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/journeys"
  echo "test: PostgreSQL $(basename "$(dirname "$pgbin")") running at $DATABASE_URL" >&2
}

#!/usr/bin/env bash
# Runs the queries of journey sql on real engines and checks their figures
# against journey's own funnel engine (.ci/sql/check): DuckDB through its
# npm package (pinned in package.json and package-lock.json) and
# PostgreSQL from Debian's postgresql package, started here as a
# throwaway server on a unix socket in a temporary folder and stopped at
# the end. PostgreSQL refuses to run as root: as root, the server runs as
# the postgres user the package creates.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=.bench/sql
mkdir -p "$work"
cp .ci/sql/package.json .ci/sql/package-lock.json .ci/sql/duckdb.mjs "$work/"
if [ ! -d "$work/node_modules/@duckdb/node-api" ]; then
	(cd "$work" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pgbin" ]; then
	echo "no PostgreSQL server: install Debian's postgresql package" >&2
	exit 1
fi
pgdir=$(mktemp -d)
as=()
if [ "$(id -u)" = 0 ]; then
	chown postgres "$pgdir"
	as=(runuser -u postgres --)
fi
cleanup() {
	"${as[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$pgdir"
}
trap cleanup EXIT
"${as[@]}" "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${as[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
	-o "-c listen_addresses='' -c unix_socket_directories='$pgdir' -c fsync=off" start >/dev/null
export PGHOST="$pgdir" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres PGTZ=UTC

go build -o "$work/journey" ./cmd/journey
go run ./.ci/sql/check -journey "$work/journey" -duckdb "$work/duckdb.mjs" -work "$work/run"

#!/bin/sh
# DuckDB writes one generated event export as Parquet in every way
# write.mjs knows (time types, compressions, row groups, a nested user id,
# a folder) and journey must report exactly the figures of the same events
# as CSV: the report JSON is compared whole, less the file names and the
# places of unmatched events (a CSV line against a Parquet row).
#
#   .ci/parquet/check.sh            # some 30,000 events
#   USERS=100000 .ci/parquet/check.sh
set -eu
cd "$(dirname "$0")/../.."
here=.ci/parquet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
	(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
go build -o "$work/journey" ./cmd/journey
go run ./.ci/bench/funnel/gen -users "${USERS:-5000}" -per 6 -persona -o "$work/src.csv" 2>/dev/null
node "$here/write.mjs" "$work/src.csv" "$work/out" --nulls
j=.ci/bench/funnel/journey-personas.yaml
report() {
	"$work/journey" report "$j" "$@" --format json 2>/dev/null |
		sed -e '/"file": /d' -e '/"line": /d' -e '/"cell": /d'
}
report --data "$work/out/events.csv" >"$work/csv.json"
status=0 n=0
for data in "$work"/out/*.parquet "$work/out/folder"; do
	set -- --data "$data"
	case $data in *nested.parquet) set -- "$@" --map user_id=user.id ;; esac
	report "$@" >"$work/pq.json"
	if ! cmp -s "$work/csv.json" "$work/pq.json"; then
		echo "FIGURES DIFFER: $(basename "$data") against events.csv" >&2
		diff "$work/csv.json" "$work/pq.json" | head -20 >&2
		status=1
	fi
	n=$((n + 1))
done
if ! grep -q '"users": [1-9]' "$work/csv.json"; then
	echo "the CSV report has no users: the check compared nothing" >&2
	status=1
fi
echo "parquet check: $n Parquet inputs against CSV, $([ $status = 0 ] && echo all equal || echo some differ)"
exit $status

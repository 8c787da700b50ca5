#!/bin/sh
# Runs the event funnel benchmark side by side: journey report, DuckDB
# (@duckdb/node-api) and pandas (Debian's python3-pandas) count the same
# ordered funnel with a 30-day window over one shuffled event export;
# checks that the figures are identical and prints wall time, peak memory
# and journey's ratios to DuckDB. journey and DuckDB run RUNS times each,
# alternating (default 3), and the median wall time and the largest peak
# memory count; pandas, some 15 times slower, runs once.
#
#   .ci/bench/funnel/compare.sh            # about 5 million rows
#   ROWS=1000000 .ci/bench/funnel/compare.sh
#   SKIP_PANDAS=1 .ci/bench/funnel/compare.sh
#
# .ci/bench/funnel/matrix.sh runs journey and DuckDB over a matrix of data
# shapes (users, events per user, persona column, time and file format).
#
# Needs Go, Node.js with npm (the registry, once), /usr/bin/time and
# python3 with pandas. Scratch files go to .bench/ (git-ignored).
set -eu
cd "$(dirname "$0")/../../.."
here=.ci/bench/funnel
work=.bench/funnel
rows=${ROWS:-5000000}
runs=${RUNS:-3}
python=${PYTHON:-/usr/bin/python3} # Debian's, with python3-pandas
mkdir -p "$work"

go build -o "$work/journey" ./cmd/journey
data="$work/events-$rows.csv"
if [ ! -f "$data" ]; then
	go run ./$here/gen -rows "$rows" -o "$data" 2>&1
fi
if [ ! -d "$work/duckdb/node_modules/@duckdb/node-api" ]; then
	mkdir -p "$work/duckdb"
	cp "$here/package.json" "$work/duckdb/"
	(cd "$work/duckdb" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
cp "$here/funnel.duckdb.mjs" "$work/duckdb/"

# measure NAME OUTFILE CMD...: runs CMD with /usr/bin/time -v, keeps its
# stdout in OUTFILE and appends "NAME SECONDS KB" to the runs.
measure() {
	name=$1 out=$2
	shift 2
	/usr/bin/time -v -o "$work/$name.time" "$@" > "$out"
	secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/$name.time" |
		awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
	kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/$name.time")
	echo "$name $secs $kb" >> "$work/runs"
}

: > "$work/runs"
rm -f "$work/pandas.txt"
echo "$(wc -l < "$data") lines, $(du -h "$data" | cut -f1), $(nproc) cores, $runs runs each"
i=0
while [ $i -lt "$runs" ]; do
	measure journey "$work/journey.json" "$work/journey" report "$here/journey.yaml" --data "$data" --format json
	measure duckdb "$work/duckdb.txt" node "$work/duckdb/funnel.duckdb.mjs" "$data"
	i=$((i + 1))
done
"$python" -c 'import json, sys
for t in json.load(open(sys.argv[1]))["touchpoints"]:
    print(t["id"], int(t["users"]))' "$work/journey.json" > "$work/journey.txt"
if [ -z "${SKIP_PANDAS:-}" ]; then
	measure pandas "$work/pandas.txt" "$python" "$here/funnel_pandas.py" "$data"
fi
# The median wall time and the largest peak memory of each tool.
sort -k1,1 -k2,2n "$work/runs" | awk '
	{ n[$1]++; t[$1, n[$1]] = $2; if ($3 > kb[$1]) kb[$1] = $3; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
	END { split("journey duckdb pandas", names, " "); for (i = 1; i <= 3; i++) { x = names[i]; if (x in seen) print x, t[x, int((n[x] + 1) / 2)], kb[x] } }' > "$work/results"

status=0
for other in duckdb pandas; do
	[ -f "$work/$other.txt" ] || continue
	if ! diff -u "$work/journey.txt" "$work/$other.txt"; then
		echo "FIGURES DIFFER: journey vs $other"
		status=1
	fi
done
echo "users per touchpoint (journey, duckdb$( [ -z "${SKIP_PANDAS:-}" ] && echo ", pandas")):"
if [ -z "${SKIP_PANDAS:-}" ]; then
	paste -d' ' "$work/journey.txt" "$work/duckdb.txt" "$work/pandas.txt" | awk '{ printf "  %-10s %10d %10d %10d\n", $1, $2, $4, $6 }'
else
	paste -d' ' "$work/journey.txt" "$work/duckdb.txt" | awk '{ printf "  %-10s %10d %10d\n", $1, $2, $4 }'
fi

awk '
	{ name[NR] = $1; secs[$1] = $2; kb[$1] = $3 }
	END {
		printf "%-8s %9s %12s %13s %12s\n", "tool", "wall (s)", "peak RSS MB", "time / duckdb", "RSS / duckdb"
		for (i = 1; i <= NR; i++) {
			n = name[i]
			printf "%-8s %9.2f %12.0f %13.2f %12.2f\n", n, secs[n], kb[n] / 1024, secs[n] / secs["duckdb"], kb[n] / kb["duckdb"]
		}
	}' "$work/results"
[ $status -eq 0 ] && echo "figures identical"
exit $status

#!/bin/sh
# Benchmarks journey report on the same events as CSV and as Parquet
# (written by DuckDB from the CSV, .ci/parquet/write.mjs: TIMESTAMPTZ,
# snappy), at a few sizes: whole-process wall time (hyperfine, the median
# of RUNS runs after a warm-up) and peak memory (/usr/bin/time -v, the
# largest of the runs), and checks that both give the same figures.
#
#   .ci/bench/parquet/run.sh                 # 1M and 3M events
#   SIZES="1000000" RUNS=3 .ci/bench/parquet/run.sh
#
# Needs Go, Node.js with npm (the registry, once), hyperfine and
# /usr/bin/time. Scratch files go to .bench/parquet/ (git-ignored). It
# prints a Markdown table with the load average before each size.
set -eu
cd "$(dirname "$0")/../../.."
work=.bench/parquet
sizes=${SIZES:-1000000 3000000}
runs=${RUNS:-5}
mkdir -p "$work"
go build -o "$work/journey" ./cmd/journey
if [ ! -d .ci/parquet/node_modules/@duckdb/node-api ]; then
	(cd .ci/parquet && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
j=.ci/bench/funnel/journey-personas.yaml

peak() { # peak memory in MiB of one run of the command
	/usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>&1
	kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
	echo $((kb / 1024))
}

echo "| events | format | file size | wall time (median of $runs) | peak memory | load average (1 min) |"
echo "| --- | --- | --- | --- | --- | --- |"
for n in $sizes; do
	dir="$work/$n"
	if [ ! -f "$dir/timestamptz.parquet" ]; then
		mkdir -p "$dir"
		go run ./.ci/bench/funnel/gen -rows "$n" -persona -o "$dir/src.csv" 2>/dev/null
		node .ci/parquet/write.mjs "$dir/src.csv" "$dir" --only timestamptz
	fi
	csv="$dir/events.csv"
	pq="$dir/timestamptz.parquet"
	"$work/journey" report "$j" --data "$csv" --format json | grep -v '"file"' >"$work/csv.json"
	"$work/journey" report "$j" --data "$pq" --format json | grep -v '"file"' >"$work/pq.json"
	if ! diff -q "$work/csv.json" "$work/pq.json" >/dev/null; then
		# Only the places of unmatched events differ (a line against a row).
		if diff "$work/csv.json" "$work/pq.json" | grep '^[<>]' | grep -v '"line"\|"cell"' | grep -q .; then
			echo "FIGURES DIFFER between $csv and $pq" >&2
			exit 1
		fi
	fi
	hyperfine --style none --warmup 1 --runs "$runs" --export-json "$work/h.json" \
		"$work/journey report $j --data $csv --format json" \
		"$work/journey report $j --data $pq --format json" >/dev/null
	load=$(cut -d' ' -f1 /proc/loadavg)
	i=0
	for f in "$csv" "$pq"; do
		med=$(python3 -c "import json,sys; print('%.2f' % json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['median'])" "$work/h.json" $i)
		mem=0
		k=0
		while [ $k -lt 3 ]; do
			m=$(peak "$work/journey" report "$j" --data "$f" --format json)
			[ "$m" -gt "$mem" ] && mem=$m
			k=$((k + 1))
		done
		size=$(du -m "$f" | cut -f1)
		fmt=CSV
		[ "$f" = "$pq" ] && fmt=Parquet
		echo "| $n | $fmt | $size MiB | $med s | $mem MiB | $load |"
		i=$((i + 1))
	done
done

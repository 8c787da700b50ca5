#!/usr/bin/env bash
# The rendering benchmark over a matrix of map shapes. For each shape
# (touchpoints, stages), generates a journey with a step-count CSV
# (.ci/bench/render/gen), writes journey's own DOT of the whole map, and
# times in one hyperfine run, warm, `journey render big.yaml --data big.csv
# -o big.svg` against Graphviz's native `dot -Tsvg` on that DOT. Goal:
# journey at most 1.5 times native dot's wall time on every shape. Then
# times the DOT generation alone (`journey render big.yaml -f dot`, and the
# same with --data) on growing maps, to show that journey's own work is
# linear in the touchpoints, with its peak memory (/usr/bin/time).
#
#   .ci/bench/render/matrix.sh                   # RUNS=10 WARMUP=3 DOT_RUNS=5
#   RUNS=2 WARMUP=0 DOT_RUNS=1 .ci/bench/render/matrix.sh
#   SHAPES='300 5' DOT_SIZES='4000 40000' .ci/bench/render/matrix.sh
#
# The tables go to stdout and to .bench/render-matrix/matrix.md, progress
# and hyperfine's own output to stderr. .ci/bench/render/compare.sh breaks
# one shape down further (tiles, embedded Graphviz, process start).
# Needs Go, hyperfine and graphviz (Debian packages hyperfine, graphviz).
set -euo pipefail
cd "$(dirname "$0")/../../.."
for tool in hyperfine dot python3 /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "matrix.sh: needs $tool (Debian packages hyperfine, graphviz, python3, time)" >&2; exit 2; }
done
runs=${RUNS:-10}
warmup=${WARMUP:-3}
dot_runs=${DOT_RUNS:-5}
# touchpoints and stages a line; 1,000 touchpoints in 67 stages is the
# generator's default of 15 a stage.
shapes=${SHAPES:-'300 5
300 10
300 20
1000 20
1000 67'}
dot_sizes=${DOT_SIZES:-4000 10000 40000}

work=.bench/render-matrix
rm -rf "$work" && mkdir -p "$work/bin"
go build -o "$work/bin/journey" ./cmd/journey
go build -o "$work/bin/journey-graphviz" ./cmd/journey-graphviz
go build -o "$work/bin/gen" ./.ci/bench/render/gen
j=$work/bin/journey
table=$work/matrix.md
started=$SECONDS

{
	echo "Rendering benchmark matrix, $(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; $(dot -V 2>&1); hyperfine, $warmup warm-up runs and $runs runs each, mean wall time."
	echo
	echo "| touchpoints | stages | DOT bytes | journey ms | native dot ms | ratio | goal ≤ 1.5 |"
	echo "| ---: | ---: | ---: | ---: | ---: | ---: | --- |"
} | tee "$table"

status=0
while read -r n stages; do
	[ -n "$n" ] || continue
	m=$work/map-$n-$stages
	"$work/bin/gen" -n "$n" -stages "$stages" -o "$m.yaml" -csv "$m.csv"
	got=$(grep -c '^  - id: stage-' "$m.yaml")
	"$j" render "$m.yaml" --data "$m.csv" -o "$m.dot"
	echo "$n touchpoints in $got stages:" >&2
	hyperfine --warmup "$warmup" --runs "$runs" --export-json "$m.json" \
		-n "journey render" "$j render $m.yaml --data $m.csv -o $m.svg" \
		-n "native dot" "dot -Tsvg $m.dot -o $m.native.svg" >&2
	row=$(python3 - "$m.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
j, d = r["journey render"], r["native dot"]
print(f"{j * 1000:.0f} | {d * 1000:.0f} | {j / d:.2f} | {'met' if j / d <= 1.5 else 'MISSED'}")
PY
)
	[[ $row == *MISSED ]] && status=1
	echo "| $n | $got | $(wc -c <"$m.dot") | $row |" | tee -a "$table"
done <<<"$shapes"

{
	echo
	echo "DOT generation alone, journey's own work (hyperfine, $dot_runs runs each after one warm-up, mean; peak memory from one more run):"
	echo
	echo "| touchpoints | stages | \`-f dot\` ms | µs per touchpoint | with \`--data\` ms | µs per touchpoint | peak MB with \`--data\` |"
	echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} | tee -a "$table"
first="" last=""
for n in $dot_sizes; do
	m=$work/dot-$n
	"$work/bin/gen" -n "$n" -o "$m.yaml" -csv "$m.csv"
	got=$(grep -c '^  - id: stage-' "$m.yaml")
	echo "DOT of $n touchpoints in $got stages:" >&2
	hyperfine --warmup 1 --runs "$dot_runs" --export-json "$m.json" \
		-n "dot" "$j render $m.yaml -f dot -o $m.dot" \
		-n "dot with data" "$j render $m.yaml --data $m.csv -f dot -o $m.data.dot" >&2
	kb=$(/usr/bin/time -f %M "$j" render "$m.yaml" --data "$m.csv" -f dot -o "$m.data.dot" 2>&1 >/dev/null | tail -n 1)
	row=$(python3 - "$m.json" "$n" "$kb" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
n, kb = int(sys.argv[2]), int(sys.argv[3])
a, b = r["dot"], r["dot with data"]
print(f"{a * 1000:.0f} | {a * 1e6 / n:.1f} | {b * 1000:.0f} | {b * 1e6 / n:.1f} | {kb / 1024:.0f}")
PY
)
	echo "| $n | $got | $row |" | tee -a "$table"
	per=$(echo "$row" | awk -F' [|] ' '{ print $4 }')
	[ -n "$first" ] || first="$n $per"
	last="$n $per"
	rm -f "$m.dot" "$m.data.dot"
done

took=$((SECONDS - started))
{
	echo
	if [ $status -eq 0 ]; then
		echo "Goal (journey render at most 1.5 times native dot): met on every shape."
	else
		echo "Goal (journey render at most 1.5 times native dot): MISSED on at least one shape (see the table)."
	fi
	if [ -n "$first" ] && [ "$first" != "$last" ]; then
		read -r n0 p0 <<<"$first"
		read -r n1 p1 <<<"$last"
		awk -v n0="$n0" -v p0="$p0" -v n1="$n1" -v p1="$p1" 'BEGIN {
			printf "DOT with data: %.1f µs per touchpoint at %d touchpoints, %.1f at %d: %.2f times (1 is linear).\n", p0, n0, p1, n1, p1 / p0 }'
	fi
	echo "Total run time: $((took / 60)) min $((took % 60)) s."
} | tee -a "$table"
exit $status

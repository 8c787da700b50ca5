#!/usr/bin/env bash
# The event funnel benchmark over a matrix of data shapes, side by side in
# one run: for each shape, generates a shuffled event export with
# .ci/bench/funnel/gen, then times `journey report ... --format json`
# against DuckDB (@duckdb/node-api, funnel.duckdb.mjs) RUNS times each,
# alternating (default 3), checks that both count the same users per step
# (overall, and per persona when the shape has a persona column), deletes
# the file and prints one Markdown table row: the median wall time and the
# largest peak memory (/usr/bin/time -v) of each, and journey's ratios to
# DuckDB. The last lines say whether every shape meets the goal (at most
# half of DuckDB's time and memory) and how long the whole run took.
#
#   .ci/bench/funnel/matrix.sh                 # the matrix below
#   SMALL=1 RUNS=1 .ci/bench/funnel/matrix.sh  # every shape divided by 100: a test of the harness
#   SCALE=10 .ci/bench/funnel/matrix.sh        # every shape divided by 10
#   ONLY=jsonl .ci/bench/funnel/matrix.sh      # the shapes whose line matches this extended regex
#   SHAPES='1500000 3.4 csv rfc3339 yes' .ci/bench/funnel/matrix.sh
#
# The table goes to stdout and to .bench/funnel/matrix.md; progress goes to
# stderr. A shape that journey cannot read (exit status not 0: JSON lines
# before journey reads them) is reported as "journey: unsupported" with
# DuckDB's figures, and the run goes on. The script exits 1 when figures
# differ, a tool fails or a shape misses the goal.
#
# Needs Go, Node.js with npm (the registry, once) and /usr/bin/time.
# Scratch files go to .bench/funnel (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../../.."
here=.ci/bench/funnel
work=.bench/funnel
runs=${RUNS:-3}
scale=${SCALE:-1}
[ -n "${SMALL:-}" ] && scale=100
for tool in node npm /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "matrix.sh: needs $tool" >&2; exit 2; }
done

# One shape a line: users, mean events per user, format (csv or jsonl),
# time (rfc3339 or ms), persona column (yes or no). The base shape, then
# one dimension at a time around it, then the corners, then a shape known
# to be weak.
default_shapes='
500000   6   csv   rfc3339 no   base
100000   6   csv   rfc3339 no   users
1000000  6   csv   rfc3339 no   users
2000000  6   csv   rfc3339 no   users
500000   2   csv   rfc3339 no   events per user
500000   12  csv   rfc3339 no   events per user
500000   20  csv   rfc3339 no   events per user
500000   6   csv   rfc3339 yes  persona column
500000   6   csv   ms      no   time format
500000   6   jsonl rfc3339 no   file format
100000   2   csv   rfc3339 no   corner
100000   20  csv   rfc3339 no   corner
2000000  2   csv   rfc3339 no   corner
2000000  20  csv   rfc3339 no   corner
1500000  3.4 csv   rfc3339 yes  known weak shape
'
shapes=$(printf '%s\n' "${SHAPES:-$default_shapes}" | grep -v '^[[:space:]]*\(#\|$\)' | grep -E -- "${ONLY:-.}" || true)
[ -n "$shapes" ] || { echo "matrix.sh: no shape left (SHAPES, ONLY)" >&2; exit 2; }
count=$(printf '%s\n' "$shapes" | wc -l)

mkdir -p "$work"
go build -o "$work/journey" ./cmd/journey
go build -o "$work/gen" ./$here/gen
if [ ! -d "$work/duckdb/node_modules/@duckdb/node-api" ]; then
	mkdir -p "$work/duckdb"
	cp "$here/package.json" "$work/duckdb/"
	(cd "$work/duckdb" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
cp "$here/funnel.duckdb.mjs" "$work/duckdb/"
duckdb_version=$(node -p 'require("./'"$work"'/duckdb/node_modules/@duckdb/node-api/package.json").version')

# measure NAME OUT CMD...: runs CMD under /usr/bin/time -v with stdout to
# OUT and stderr to OUT.err; sets rc, secs (wall) and kb (peak RSS).
measure() {
	local name=$1 out=$2
	shift 2
	rc=0
	/usr/bin/time -v -o "$work/$name.time" "$@" >"$out" 2>"$out.err" || rc=$?
	secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/$name.time" |
		awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
	kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/$name.time")
}

# join SEP VALUES...: the values with SEP between them.
join() {
	local sep=$1 out=${2-}
	shift
	[ $# -eq 0 ] || shift
	for v in "$@"; do out+="$sep$v"; done
	echo "$out"
}

# median VALUES...: the middle value (the lower of the two middle ones).
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# journey_figures JSON PERSONA: "touchpoint users" lines from journey's
# JSON report, then "persona.touchpoint users" lines when PERSONA is yes,
# in the order funnel.duckdb.mjs prints them.
journey_figures() {
	node -e '
const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
for (const t of d.touchpoints) console.log(t.id, t.users ?? 0);
if (process.argv[2] === "yes") {
  const p = d.personas ?? {};
  for (const name of Object.keys(p).sort()) for (const t of p[name].touchpoints) console.log(`${name}.${t.id}`, t.users ?? 0);
}' "$1" "$2"
}

table=$work/matrix.md
started=$SECONDS
{
	echo "Funnel benchmark matrix, $(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; $(go version | cut -d' ' -f3), DuckDB @duckdb/node-api $duckdb_version; $runs runs each, median wall time, largest peak memory$([ "$scale" != 1 ] && echo "; every shape divided by $scale")."
	echo
	echo "| users | events/user | rows | MB | format | time | persona | journey s | DuckDB s | time ratio | journey MB | DuckDB MB | memory ratio | figures |"
	echo "| ---: | ---: | ---: | ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
} | tee "$table"

status=0 met=0 missed=() unmeasured=() n=0
while read -r users per format tformat persona note; do
	n=$((n + 1))
	users=$((users / scale))
	ext=csv
	[ "$format" = jsonl ] && ext=jsonl
	data=$work/events.$ext
	label="$users users × $per $format $tformat persona=$persona${note:+ ($note)}"

	# Room for the file: about 55 bytes a CSV row and 110 a JSON line at most.
	need=$(awk -v u="$users" -v p="$per" -v f="$format" 'BEGIN { printf "%d", u * p * (f == "jsonl" ? 110 : 55) * 1.1 }')
	avail=$(df -P -B1 "$work" | awk 'NR == 2 { print $4 }')
	if [ "$need" -gt "$avail" ]; then
		echo "[$n/$count] $label: skipped, needs about $((need / 1000000)) MB, $((avail / 1000000)) MB free" >&2
		echo "| $users | $per | | | $format | $tformat | $persona | | | | | | | skipped: not enough disk |" | tee -a "$table"
		unmeasured+=("$label")
		status=1
		continue
	fi

	flags=(-users "$users" -per "$per" -time "$tformat" -format "$format")
	duck=("$data")
	[ "$tformat" = ms ] && duck+=(--time ms)
	yaml=$here/journey.yaml
	if [ "$persona" = yes ]; then
		flags+=(-persona)
		duck+=(--persona)
		yaml=$here/journey-personas.yaml
	fi
	gen_started=$SECONDS
	made=$("$work/gen" "${flags[@]}" -o "$data" 2>&1)
	rows=$(echo "$made" | awk '{ print $1 }')
	mean=$(echo "$made" | awk '{ print $5 }')
	mb=$(awk -v b="$(stat -c %s "$data")" 'BEGIN { printf(b < 1e7 ? "%.1f" : "%.0f", b / 1e6) }')
	echo "[$n/$count] $label: $made ($((SECONDS - gen_started)) s)" >&2

	jt=() jk=() dt=() dk=() jrc=0 drc=0
	for ((i = 0; i < runs; i++)); do
		if [ $jrc -eq 0 ]; then
			measure journey "$work/journey.json" "$work/journey" report "$yaml" --data "$data" --format json
			jrc=$rc
			[ $rc -eq 0 ] && jt+=("$secs") jk+=("$kb")
		fi
		if [ $drc -eq 0 ]; then
			measure duckdb "$work/duckdb.txt" node "$work/duckdb/funnel.duckdb.mjs" "${duck[@]}"
			drc=$rc
			[ $rc -eq 0 ] && dt+=("$secs") dk+=("$kb")
		fi
	done
	rm -f "$data"

	notes=()
	if [ $jrc -ne 0 ]; then
		echo "  journey exit $jrc: $(head -c 300 "$work/journey.json.err")" >&2
		if [ "$format" = jsonl ]; then
			notes+=("journey: unsupported")
		else
			notes+=("journey failed (exit $jrc)")
			status=1
		fi
	fi
	if [ $drc -ne 0 ]; then
		echo "  DuckDB exit $drc: $(tail -c 300 "$work/duckdb.txt.err")" >&2
		notes+=("DuckDB failed (exit $drc)")
		status=1
	fi
	if [ ${#notes[@]} -eq 0 ]; then
		journey_figures "$work/journey.json" "$persona" >"$work/journey.txt"
		if ! cmp -s <(head -n 8 "$work/journey.txt") <(head -n 8 "$work/duckdb.txt"); then
			notes+=("FIGURES DIFFER")
			diff <(head -n 8 "$work/journey.txt") <(head -n 8 "$work/duckdb.txt") | sed 's/^/  /' >&2 || true
		elif ! cmp -s "$work/journey.txt" "$work/duckdb.txt"; then
			notes+=("PERSONA FIGURES DIFFER")
			diff "$work/journey.txt" "$work/duckdb.txt" | sed 's/^/  /' >&2 || true
		elif [ "$persona" = yes ]; then
			notes+=("identical, per persona too")
		else
			notes+=("identical")
		fi
	fi
	figures=$(join "; " "${notes[@]}")
	[[ $figures == *DIFFER* ]] && status=1

	js="" jm="" ds="" dm="" tr="" mr=""
	if [ ${#jt[@]} -gt 0 ]; then
		js=$(median "${jt[@]}")
		jm=$(printf '%s\n' "${jk[@]}" | sort -n | tail -n 1)
	fi
	if [ ${#dt[@]} -gt 0 ]; then
		ds=$(median "${dt[@]}")
		dm=$(printf '%s\n' "${dk[@]}" | sort -n | tail -n 1)
	fi
	row=$(awk -v js="$js" -v jm="$jm" -v ds="$ds" -v dm="$dm" -v unsupported="$([ $jrc -ne 0 ] && echo 1)" 'BEGIN {
		j = js == "" ? (unsupported ? "unsupported" : "") : sprintf("%.2f", js)
		d = ds == "" ? "" : sprintf("%.2f", ds)
		jmb = jm == "" ? "" : sprintf("%.0f", jm / 1024)
		dmb = dm == "" ? "" : sprintf("%.0f", dm / 1024)
		tr = (js == "" || ds == "" || ds == 0) ? "" : sprintf("%.2f", js / ds)
		mr = (jm == "" || dm == "" || dm == 0) ? "" : sprintf("%.2f", jm / dm)
		printf "%s | %s | %s | %s | %s | %s", j, d, tr, jmb, dmb, mr
	}')
	tr=$(echo "$row" | awk -F' [|] ' '{ print $3 }')
	mr=$(echo "$row" | awk -F' [|] ' '{ print $6 }')
	echo "| $users | $mean | $rows | $mb | $format | $tformat | $persona | $row | $figures |" | tee -a "$table"
	if [ -z "$tr" ] || [ -z "$mr" ]; then
		unmeasured+=("$label")
	elif awk -v t="$tr" -v m="$mr" 'BEGIN { exit !(t <= 0.5 && m <= 0.5) }' && [[ $figures == identical* ]]; then
		met=$((met + 1))
	else
		missed+=("$label")
	fi
done <<<"$shapes"

took=$((SECONDS - started))
{
	echo
	goal="Goal (journey at most 0.5 of DuckDB's time and of its memory, identical figures)"
	if [ ${#missed[@]} -eq 0 ] && [ ${#unmeasured[@]} -eq 0 ]; then
		echo "$goal: met on every one of the $count shapes."
	else
		line="$goal: NOT met on every shape; met on $met of $count"
		[ ${#missed[@]} -eq 0 ] || line+="; missed on: $(join "; " "${missed[@]}")"
		[ ${#unmeasured[@]} -eq 0 ] || line+="; not measured: $(join "; " "${unmeasured[@]}")"
		echo "$line."
	fi
	echo "Total run time: $((took / 60)) min $((took % 60)) s."
} | tee -a "$table"
[ ${#missed[@]} -eq 0 ] || status=1
exit $status

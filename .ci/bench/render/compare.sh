#!/usr/bin/env bash
# Rendering benchmark: a generated 300-touchpoint journey with data, drawn to
# SVG by `journey render` (embedded Graphviz, through journey-graphviz) and by
# Graphviz's native `dot -Tsvg` on journey's own DOT, side by side in one
# hyperfine run, warm. Goal: journey at most 1.5 times native dot's wall
# time. Also the process start of `journey validate` against a binary that
# links go-graphviz (whose package init compiles WebAssembly).
# Needs hyperfine and graphviz (Debian packages hyperfine, graphviz).
set -euo pipefail
cd "$(dirname "$0")/../../.."
for tool in hyperfine dot; do
	command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install -y ${tool/dot/graphviz}" >&2; exit 2; }
done

n=${N:-300}
work=.bench/render
rm -rf "$work" && mkdir -p "$work/bin"
go build -o "$work/bin/journey" ./cmd/journey
go build -o "$work/bin/journey-graphviz" ./cmd/journey-graphviz
go run ./.ci/bench/render/gen -n "$n" -o "$work/big.yaml" -csv "$work/big.csv"
"$work/bin/journey" render "$work/big.yaml" --data "$work/big.csv" -o "$work/big.dot"
echo "journey of $n touchpoints; DOT $(wc -c <"$work/big.dot") bytes; $(dot -V 2>&1)"

hyperfine --warmup 3 --runs "${RUNS:-15}" --export-json "$work/render.json" \
	-n "journey render" "$work/bin/journey render $work/big.yaml --data $work/big.csv -o $work/journey.svg" \
	-n "native dot" "dot -Tsvg $work/big.dot -o $work/native.svg" \
	-n "journey-graphviz alone" "$work/bin/journey-graphviz svg <$work/big.dot >$work/helper.svg"

echo
echo "process start, warm (the WebAssembly cache under ${TMPDIR:-/tmp}/go-graphviz filled):"
hyperfine -N --warmup 5 --runs 40 --export-json "$work/start.json" \
	-n "journey validate" "$work/bin/journey validate examples/online-store.yaml" \
	-n "journey-graphviz (links go-graphviz)" "$work/bin/journey-graphviz check"
echo
echo "process start of journey-graphviz, cold (cache removed before each run):"
cold=$(mktemp -d)
hyperfine -N --runs 5 --export-json "$work/cold.json" \
	--prepare "rm -rf $cold/go-graphviz" \
	-n "journey-graphviz cold" "env TMPDIR=$cold $work/bin/journey-graphviz check"
rm -rf "$cold"

python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
r = {x["command"]: x for x in json.load(open(f"{w}/render.json"))["results"]}
s = {x["command"]: x for x in json.load(open(f"{w}/start.json"))["results"]}
c = json.load(open(f"{w}/cold.json"))["results"][0]
j, d = r["journey render"]["mean"], r["native dot"]["mean"]
print()
h = r["journey-graphviz alone"]["mean"]
print(f"render: journey {j*1000:.0f} ms, native dot {d*1000:.0f} ms, ratio {j/d:.2f} (goal <= 1.5): {'met' if j/d <= 1.5 else 'MISSED'}")
print(f"        of which embedded Graphviz (journey-graphviz on the same DOT) {h*1000:.0f} ms, {h/d:.2f} times native dot")
v = s["journey validate"]["mean"]
g = s["journey-graphviz (links go-graphviz)"]["mean"]
print(f"start: journey validate {v*1000:.1f} ms; a binary linking go-graphviz {g*1000:.1f} ms warm, {c['mean']*1000:.0f} ms cold")
PY

#!/usr/bin/env bash
# Rendering benchmark: a generated 300-touchpoint journey with data, drawn to
# SVG by `journey render` (embedded Graphviz in journey-graphviz helpers,
# laying out the header and each stage as tiles) and by Graphviz's native
# `dot -Tsvg` on journey's own DOT of the whole map, side by side in one
# hyperfine run, warm. Goal: journey at most 1.5 times native dot's wall
# time. For context, the same run times native dot on the very tiles
# journey lays out (one process, all tiles), and the embedded Graphviz on
# the whole map's DOT (what journey render did before tiling), and journey
# render with each of its two start-up measures turned off: the helper
# started with journey's process (JOURNEY_EARLY_HELPER=0) and the helper's
# heap backed at start (JOURNEY_PREFAULT=0). Also the process start of
# `journey validate` against a binary that links go-graphviz (whose
# package init compiles WebAssembly).
# .ci/bench/render/matrix.sh times journey against native dot over several
# map shapes, and the DOT generation alone on growing maps.
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
go run ./.ci/bench/render/tiles -o "$work/tiles.dot" -frames "$work/tiles.frames" "$work/big.yaml" "$work/big.csv"
echo "journey of $n touchpoints; DOT $(wc -c <"$work/big.dot") bytes, as $(grep -c '^digraph' "$work/tiles.dot") tiles $(wc -c <"$work/tiles.dot") bytes; $(dot -V 2>&1); $(nproc) cores"

# The helper's tiles mode takes the version of the journey that runs it
# (journey render passes its own; both are built from this checkout).
helper_version=$("$work/bin/journey-graphviz" version | cut -d' ' -f2)
hyperfine --warmup 3 --runs "${RUNS:-15}" --export-json "$work/render.json" \
	-n "journey render" "$work/bin/journey render $work/big.yaml --data $work/big.csv -o $work/journey.svg" \
	-n "native dot" "dot -Tsvg $work/big.dot -o $work/native.svg" \
	-n "journey render, helper started after the flags" "env JOURNEY_EARLY_HELPER=0 $work/bin/journey render $work/big.yaml --data $work/big.csv -o $work/late.svg" \
	-n "journey render, helper's heap not prefaulted" "env JOURNEY_PREFAULT=0 $work/bin/journey render $work/big.yaml --data $work/big.csv -o $work/faulting.svg" \
	-n "native dot, tiles" "dot -Tsvg $work/tiles.dot -o $work/native-tiles.svg" \
	-n "embedded, whole map" "$work/bin/journey-graphviz svg <$work/big.dot >$work/helper.svg" \
	-n "embedded, tiles, one helper" "env GOMAXPROCS=1 $work/bin/journey-graphviz tiles svg --journey-version=$helper_version <$work/tiles.frames >$work/helper.frames" \
	-n "journey's own work" "$work/bin/journey render $work/big.yaml --data $work/big.csv -f dot -o $work/own.dot"

echo
echo "process start, warm (the WebAssembly cache under ${TMPDIR:-/tmp}/go-graphviz filled):"
hyperfine -N --warmup 5 --runs 40 --export-json "$work/start.json" \
	-n "journey validate" "$work/bin/journey validate examples/online-store.yaml" \
	-n "journey-graphviz (links go-graphviz)" "env GOMAXPROCS=1 $work/bin/journey-graphviz check"
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
t = r["native dot, tiles"]["mean"]
h = r["embedded, whole map"]["mean"]
print(f"render: journey {j*1000:.0f} ms, native dot {d*1000:.0f} ms, ratio {j/d:.2f} (goal <= 1.5): {'met' if j/d <= 1.5 else 'MISSED'}")
cpu = lambda k: (r[k]["user"] + r[k]["system"]) * 1000
print(f"        processor time (user + system): journey {cpu('journey render'):.0f} ms, native dot {cpu('native dot'):.0f} ms")
late = r["journey render, helper started after the flags"]["mean"]
nopf = r["journey render, helper's heap not prefaulted"]["mean"]
print(f"        without the early helper start (JOURNEY_EARLY_HELPER=0): {late*1000:.0f} ms; without the helper's prefaulted heap (JOURNEY_PREFAULT=0): {nopf*1000:.0f} ms")
print(f"        native dot on journey's tiles, one process: {t*1000:.0f} ms (journey {j/t:.2f} times that)")
print(f"        embedded Graphviz on the whole map's DOT, untiled: {h*1000:.0f} ms ({h/d:.2f} times native dot)")
e = r["embedded, tiles, one helper"]["mean"]
o = r["journey's own work"]["mean"]
print(f"        embedded Graphviz on the tiles, one helper: {e*1000:.0f} ms; journey's own work (render -f dot): {o*1000:.0f} ms")
v = s["journey validate"]["mean"]
g = s["journey-graphviz (links go-graphviz)"]["mean"]
print(f"start: journey validate {v*1000:.1f} ms; a binary linking go-graphviz {g*1000:.1f} ms warm, {c['mean']*1000:.0f} ms cold")
PY

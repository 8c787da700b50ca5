#!/usr/bin/env bash
# Whole-process timing of journey validate: one 200-touchpoint file (goal:
# under 20 ms) and 1,000 such files (goal: under 2 s), plus peak memory for
# files of growing size. Needs hyperfine (Debian package hyperfine).
set -euo pipefail
cd "$(dirname "$0")/../../.."
command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install -y hyperfine" >&2; exit 2; }

work=.bench/validate
rm -rf "$work" && mkdir -p "$work"
go build -o "$work/journey" ./cmd/journey
go run ./.ci/bench/validate/gen -n 200 -files 1 -o "$work/one"
go run ./.ci/bench/validate/gen -n 200 -files 1000 -o "$work/many"
go run ./.ci/bench/validate/gen -n 2000 -files 1 -o "$work/big"
go run ./.ci/bench/validate/gen -n 20000 -files 1 -o "$work/huge"
one=$work/one/journey-0000.yaml
echo "one file: $(wc -c <"$one") bytes; 1000 files: $(du -sh "$work/many" | cut -f1)"

hyperfine --warmup 5 --runs 50 -N --export-json "$work/one.json" "$work/journey validate --strict $one"
hyperfine --warmup 1 --runs 5 --export-json "$work/many.json" "$work/journey validate --strict $work/many"

echo
echo "peak memory (max RSS) by input size:"
for f in "$one" "$work/big/journey-0000.yaml" "$work/huge/journey-0000.yaml"; do
	/usr/bin/time -f "  $(wc -c <"$f") bytes: %M KB" "$work/journey" validate --strict "$f"
done
/usr/bin/time -f "  1000 files of $(wc -c <"$one") bytes: %M KB" "$work/journey" validate --strict "$work/many"

python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
one = json.load(open(f"{w}/one.json"))["results"][0]
many = json.load(open(f"{w}/many.json"))["results"][0]
print()
print(f"one 200-touchpoint file: mean {one['mean']*1000:.1f} ms (goal < 20 ms): {'met' if one['mean'] < 0.020 else 'MISSED'}")
print(f"1,000 files:             mean {many['mean']:.2f} s (goal < 2 s): {'met' if many['mean'] < 2 else 'MISSED'}")
PY

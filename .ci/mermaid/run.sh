#!/usr/bin/env bash
# Parses journey's Mermaid output with Mermaid's own parser (npm mermaid,
# pinned in package.json, with jsdom standing in for a browser): the golden
# files of every example, and a map whose names look like Mermaid syntax
# rendered in both Mermaid formats. Fails when Mermaid rejects any of them.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=.bench/mermaid
mkdir -p "$work/out"
cp .ci/mermaid/package.json .ci/mermaid/check.mjs "$work/"
if [ ! -d "$work/node_modules/mermaid" ]; then
	(cd "$work" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
go build -o "$work/journey" ./cmd/journey
for f in flowchart:mermaid journey:mermaid-journey; do
	"$work/journey" render testdata/mermaid/hostile-names.yaml -f "${f#*:}" -o "$work/out/hostile-names.${f%%:*}.mmd"
done
node "$work/check.mjs" render/diagram/testdata/*.mmd "$work/out/"*.mmd

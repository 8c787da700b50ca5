#!/usr/bin/env bash
# Opens journey maps in yaml-language-server (npm, pinned in package.json and
# package-lock.json) over stdio, with the schema that `journey schema`
# prints, loaded from a local file through the modeline: the schema and
# journey validate must agree on each mistake in check.js, the examples and
# the starter file of journey init must be clean, and hover and completion
# must show the schema's descriptions, keys and metrics. The server runs without a network (unshare -n), so a
# schema that only loads online fails here.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=.bench/editor
mkdir -p "$work/maps"
if [ ! -d "$work/node_modules/yaml-language-server" ] || ! cmp -s .ci/editor/package-lock.json "$work/package-lock.json"; then
	cp .ci/editor/package.json .ci/editor/package-lock.json "$work/"
	(cd "$work" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
cp .ci/editor/check.js "$work/"
go build -o "$work/journey" ./cmd/journey
"$work/journey" schema >"$work/maps/journey.schema.json"
offline=(unshare -n)
if ! unshare -n true 2>/dev/null; then
	# A container without the right to make namespaces: the proxies point
	# nowhere instead, which is what the language server's HTTP client
	# would use to fetch a schema from the network.
	echo "editor check: unshare -n is not allowed here; running with HTTP(S)_PROXY pointing nowhere" >&2
	offline=(env HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9)
fi
"${offline[@]}" node "$work/check.js" "$work/journey" "$work/maps" examples/*.yaml journey/template.yaml

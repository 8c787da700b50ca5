#!/usr/bin/env bash
# Runs serve-check.js: journey serve, with an example map and its data,
# driven in headless Debian chromium through playwright-core (npm, pinned in
# package.json and package-lock.json). Fails when the page does not draw,
# keep the last good map while the file is broken, or redraw after a fix.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
work=.bench/browser
mkdir -p "$work/bin"
if [ ! -d "$work/node_modules/playwright-core" ] || ! cmp -s .ci/browser/package-lock.json "$work/package-lock.json"; then
	cp .ci/browser/package.json .ci/browser/package-lock.json "$work/"
	(cd "$work" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
cp .ci/browser/serve-check.js "$work/"
go build -o "$work/bin/" ./cmd/...
map=$(mktemp -d)/map.yaml
cp examples/online-store.yaml "$map"
log="$work/serve.log"
"$work/bin/journey" serve "$map" --data examples/online-store.ga4.csv --addr 127.0.0.1:0 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$(dirname "$map")"' EXIT
url=""
for _ in $(seq 100); do
	url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$log" | head -n 1 || true)
	[ -n "$url" ] && break
	sleep 0.1
done
if [ -z "$url" ]; then
	echo "journey serve did not start:" >&2
	cat "$log" >&2
	exit 1
fi
node "$work/serve-check.js" "$map" "$url"

#!/usr/bin/env bash
# Draws the README's pictures from the demo store: docs/map.png and docs/trend.png (the bot's own
# renderers, via `demo --pictures`), docs/status-page.png (the status page in headless chromium).
# Needs the .NET SDK and Debian's chromium (apt-get install -y chromium). Offline.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/borderalert-pictures.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet run --project src/BorderAlertBot -c Release -- demo --pictures "$work/site" >/dev/null
cp "$work/site/map.png" "$work/site/trend.png" docs/
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$work/profile" --window-size=1000,1900 \
  --screenshot="$PWD/docs/status-page.png" "file://$work/site/status.html" >/dev/null 2>&1
ls -l docs/map.png docs/trend.png docs/status-page.png

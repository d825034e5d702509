#!/usr/bin/env bash
# The one command that runs every test: ./test.sh
# Builds the solution and runs all test projects, then prints one summary line.
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (dotnet was not found on PATH)." >&2
  exit 2
fi

# Azurite and cosmosdb-server (the Azure adapter tests) run on Node: install it if missing.
./tools/ensure-node.sh
# Video packaging and its tests run ffmpeg and ffprobe: install them if missing.
./tools/ensure-ffmpeg.sh
# The certificate tests read the issued PDF's text with pdftotext (poppler-utils): install it if missing.
./tools/ensure-poppler.sh

log=$(mktemp)
dotnet test Cooc.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{ s += $2 } END { print s + 0 }'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
rm -f "$log"
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "$status" -ne 0 ]; then exit "$status"; fi
if [ "${passed:-0}" -eq 0 ]; then echo "test.sh: no test ran" >&2; exit 1; fi

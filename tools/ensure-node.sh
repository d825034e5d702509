#!/usr/bin/env bash
# Makes sure Node.js (18 or newer) and npm are installed: the Azure adapter tests and the emulator run mode start
# Azurite and cosmosdb-server on Node. Installs Debian's nodejs and npm when missing (as root, or through sudo).
set -euo pipefail

major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && [ "$(major)" -ge 18 ]; then
  exit 0
fi

echo "ensure-node: Node.js 18+ and npm are needed for the emulators; installing Debian's nodejs and npm" >&2
if [ "$(id -u)" -eq 0 ]; then as_root=(); elif command -v sudo >/dev/null 2>&1; then as_root=(sudo); else
  echo "ensure-node: not root and no sudo: install Node.js 18+ and npm (apt-get install nodejs npm), then run again" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq nodejs npm >/dev/null
node --version

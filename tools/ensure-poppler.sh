#!/usr/bin/env bash
# Makes sure pdftotext (Debian's poppler-utils) is installed: the certificate tests read the issued PDF's text with it.
# Installs poppler-utils when missing (as root, or through sudo); otherwise says what to install.
set -euo pipefail

if command -v pdftotext >/dev/null 2>&1; then
  exit 0
fi

echo "ensure-poppler: pdftotext is needed by the certificate tests; installing Debian's poppler-utils" >&2
if [ "$(id -u)" -eq 0 ]; then as_root=(); elif command -v sudo >/dev/null 2>&1; then as_root=(sudo); else
  echo "ensure-poppler: not root and no sudo: install poppler-utils (apt-get install poppler-utils), then run again" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq poppler-utils >/dev/null
pdftotext -v 2>&1 | head -n 1

#!/usr/bin/env bash
# Makes sure ffmpeg and ffprobe are installed: video packaging runs them, and the video tests generate their test
# media with them. Installs Debian's ffmpeg when missing (as root, or through sudo); otherwise says what to install.
set -euo pipefail

if command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; then
  exit 0
fi

echo "ensure-ffmpeg: ffmpeg and ffprobe are needed for video packaging and its tests; installing Debian's ffmpeg" >&2
if [ "$(id -u)" -eq 0 ]; then as_root=(); elif command -v sudo >/dev/null 2>&1; then as_root=(sudo); else
  echo "ensure-ffmpeg: not root and no sudo: install ffmpeg (apt-get install ffmpeg), then run again" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq ffmpeg >/dev/null
ffmpeg -version | head -n 1

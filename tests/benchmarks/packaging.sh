#!/usr/bin/env bash
# Packaging benchmark: makes a synthetic lecture (default 10 minutes of 1280x720 at 30 fps, H.264 with a keyframe every
# 2 s and AAC, like a camera or screen recording), then packages it with the app's own packager ("package" command)
# and prints how many times faster than real time each stage ran. Not a test: it prints figures.
#   ladder    the normal case: 360p and 480p encoded in one ffmpeg run, 720p stream-copied (remux; target >= 50x)
#   no-remux  the worst case for this source: all three rungs encoded (as for a VP9 or 10-bit upload; target >= 1x)
# Env: DURATION (seconds, 600), SOURCE_PRESET (x264 preset of the generated source, ultrafast), PRESET (packaging
#      x264 preset, veryfast), MODES ("ladder no-remux"), BENCH_DIR (build + scratch; default a fresh temp dir,
#      deleted at the end), SKIP_BUILD=1 to reuse $BENCH_DIR/out, PACKAGER (a command to run instead of
#      "dotnet $BENCH_DIR/out/Cooc.Functions.dll package", given SOURCE OUTDIR [options]).
set -euo pipefail

DURATION=${DURATION:-600}
SOURCE_PRESET=${SOURCE_PRESET:-ultrafast}
PRESET=${PRESET:-veryfast}
MODES=${MODES:-ladder no-remux}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
KEEP_BENCH_DIR=${BENCH_DIR:+1}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/cooc-packaging-bench.XXXXXX)}
OUT="$BENCH_DIR/out"
mkdir -p "$BENCH_DIR"

cleanup() {
  rm -rf "$BENCH_DIR"/package-*
  if [[ -z "$KEEP_BENCH_DIR" ]]; then rm -rf "$BENCH_DIR"; fi
}
trap cleanup EXIT

command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || { echo "ffmpeg is missing: apt-get install -y ffmpeg" >&2; exit 1; }

if [[ -n "${PACKAGER:-}" ]]; then
  read -r -a packager <<<"$PACKAGER"
else
  if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$OUT/Cooc.Functions.dll" ]]; then
    echo "== building Release into $OUT"
    dotnet build -c Release "$REPO/functions/Cooc.Functions" -o "$OUT" --artifacts-path "$BENCH_DIR/artifacts" -v quiet -nologo >"$BENCH_DIR/build.log" 2>&1 \
      || { tail -30 "$BENCH_DIR/build.log" >&2; exit 1; }
  fi
  packager=(dotnet "$OUT/Cooc.Functions.dll" package)
fi

SOURCE="$BENCH_DIR/lecture-${DURATION}s-720p.mp4"
if [[ ! -f "$SOURCE" ]]; then
  echo "== generating ${DURATION}s of 720p30 H.264/AAC (x264 $SOURCE_PRESET)"
  start=$(date +%s.%N)
  ffmpeg -hide_banner -nostdin -v error -y \
    -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi -i "sine=frequency=220:beep_factor=4:sample_rate=48000" \
    -t "$DURATION" -c:v libx264 -preset "$SOURCE_PRESET" -profile:v high -pix_fmt yuv420p -g 60 -b:v 2500k -maxrate 3000k -bufsize 5000k \
    -c:a aac -b:a 128k -movflags +faststart "$SOURCE"
  awk -v s="$start" -v e="$(date +%s.%N)" -v d="$DURATION" 'BEGIN { printf "   generated in %.1f s (%.1fx real time)\n", e - s, d / (e - s) }'
fi

cores=$(nproc)
echo "== $(ffmpeg -version | head -n 1 | cut -d' ' -f1-3), $cores cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), x264 preset $PRESET"
echo "   source: $(du -h "$SOURCE" | cut -f1), $DURATION s"

value() { grep -m1 "^$1=" "$2" | cut -d= -f2; }
speed() { awk -v d="$DURATION" -v t="$1" 'BEGIN { if (t > 0) printf "%.1fx", d / t; else print "n/a" }'; }

for mode in $MODES; do
  case "$mode" in
    ladder) extra=() ;;
    no-remux) extra=(--no-remux) ;;
    *) echo "unknown mode '$mode' (ladder, no-remux)" >&2; exit 2 ;;
  esac
  target="$BENCH_DIR/package-$mode"
  rm -rf "$target"
  report="$BENCH_DIR/$mode.txt"
  echo "== $mode"
  start=$(date +%s.%N)
  if ! "${packager[@]}" "$SOURCE" "$target" --preset "$PRESET" "${extra[@]}" >"$report"; then
    echo "the packager failed (is the 'package' command wired into Program.cs? set PACKAGER otherwise)" >&2; exit 1
  fi
  wall=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
  grep '^rendition=' "$report" | sed -E 's/^rendition=/   /; s/ (average_bandwidth|codecs)=[^ ]*//g'
  remux=$(value remux_seconds "$report"); encode=$(value encode_seconds "$report"); package=$(value package_seconds "$report")
  bytes=$(value total_bytes "$report")
  if grep -q ' remux ' "$report"; then
    printf '   remux (stream copy of the top rung): %6.2f s  = %s real time  (target >= 50x)\n' "$remux" "$(speed "$remux")"
  fi
  printf '   encode (all encoded rungs, one run): %6.2f s  = %s real time\n' "$encode" "$(speed "$encode")"
  printf '   full ladder (poster+remux+encode):   %6.2f s  = %s real time  (target >= 1x on 2 cores)\n' "$package" "$(speed "$package")"
  printf '   whole command (start, probe, ...):   %6.2f s  = %s real time; output %s MB\n' "$wall" "$(speed "$wall")" "$((bytes / 1024 / 1024))"
done

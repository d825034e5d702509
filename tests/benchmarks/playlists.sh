#!/usr/bin/env bash
# Playlist benchmark: GET /api/courses/{c}/lectures/{l}/hls/{rendition}/index.m3u8?token=... of a 60-minute lecture
# (600 segments of 6 s, so 600 signed segment URLs, about 125 KB), as every player of the lecture fetches it.
# Not a test: it prints figures.
#
# The lecture is made Ready through the app's public API, like an instructor would: a course, a module and a lecture,
# then a generated 60-minute H.264 source (320x180 at 5 fps, a keyframe every 6 s, no audio: about 27 MB at 60 kbit/s) uploaded in
# blocks through the upload session's signed URL and completed; the app packages it with ffmpeg (its single rung is
# the source itself, so it is remuxed, not encoded: a minute or less) into 600 segments. Then wrk fetches the media
# playlist with the playback token, as players do (one URL for everyone in a signature bucket).
# Then the in-process micro-benchmark (tests/benchmarks/video/PlaylistSigning) prints the signing cost per URL and the
# playlists per second with and without the per-bucket cache.
# Env: DURATION (10s), WARMUP (5s, unmeasured), CONNECTIONS (64), THREADS (2), MINUTES (60, the lecture's length),
#      MICRO_SECONDS (3, per micro-benchmark measurement; 0 skips it), BENCH_DIR (build + scratch; default a fresh
#      temp dir, deleted at the end), SKIP_BUILD=1 to reuse $BENCH_DIR/out.
set -euo pipefail

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
MINUTES=${MINUTES:-60}
MICRO_SECONDS=${MICRO_SECONDS:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/common.sh"
VIDEO="$HERE/video"
REPO=$(cd "$HERE/../.." && pwd)
KEEP_BENCH_DIR=${BENCH_DIR:+1}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/cooc-playlists.XXXXXX)}
OUT="$BENCH_DIR/out"
DATA=$(mktemp -d "$BENCH_DIR/data.XXXXXX")
SERVER_PID=""

cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
  if [[ -z "$KEEP_BENCH_DIR" ]]; then rm -rf "$BENCH_DIR"; fi
}
trap cleanup EXIT

for tool in wrk curl python3 ffmpeg ffprobe; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install -y wrk curl python3 ffmpeg)" >&2; exit 1; }
done

if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$OUT/app/Cooc.Functions.dll" || ! -f "$OUT/playlist/PlaylistSigning.dll" ]]; then
  echo "== building Release into $OUT (the app, and the micro-benchmark in tests/benchmarks/video/PlaylistSigning)"
  dotnet build -c Release "$REPO/functions/Cooc.Functions" -o "$OUT/app" --artifacts-path "$BENCH_DIR/artifacts" -v quiet -nologo >"$BENCH_DIR/build.log" 2>&1 \
    || { tail -30 "$BENCH_DIR/build.log" >&2; exit 1; }
  dotnet build -c Release "$VIDEO/PlaylistSigning" -o "$OUT/playlist" --artifacts-path "$BENCH_DIR/artifacts" -v quiet -nologo >>"$BENCH_DIR/build.log" 2>&1 \
    || { tail -30 "$BENCH_DIR/build.log" >&2; exit 1; }
fi

SECONDS_LONG=$((MINUTES * 60))
SOURCE="$BENCH_DIR/lecture-${MINUTES}min-180p.mp4"
if [[ ! -f "$SOURCE" ]]; then
  echo "== generating a ${MINUTES}-minute source (320x180, 5 fps, H.264, keyframe every 6 s, no audio)"
  ffmpeg -hide_banner -nostdin -v error -y -f lavfi -i "testsrc2=size=320x180:rate=5" -t "$SECONDS_LONG" \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p -b:v 60k -g 30 -keyint_min 30 -sc_threshold 0 -movflags +faststart "$SOURCE"
fi

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
echo "== starting the app on $BASE (data $DATA, log level Warning)"
(cd "$OUT/app" && exec dotnet Cooc.Functions.dll --urls "$BASE" --Cooc:DataPath "$DATA" --Cooc:PublicBaseUrl "$BASE" \
  --Logging:LogLevel:Default=Warning) >"$BENCH_DIR/server.log" 2>&1 &
SERVER_PID=$!
wait_for "$BASE/api/health" "$SERVER_PID" "$BENCH_DIR/server.log"

INSTRUCTOR=$(cd "$OUT/app" && dotnet Cooc.Functions.dll token --user bench-ines --org bench --role instructor --Cooc:DataPath "$DATA")
read -r COURSE LECTURE < <(python3 "$VIDEO/bench_video.py" lecture "$BASE" "$INSTRUCTOR")
echo "== uploading $(du -h "$SOURCE" | cut -f1) to lecture $LECTURE of course $COURSE and waiting for packaging"
start=$(date +%s.%N)
read -r MEDIA RENDITIONS < <(python3 "$VIDEO/bench_video.py" upload "$BASE" "$INSTRUCTOR" "$COURSE" "$LECTURE" "$SOURCE")
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "   Ready after %.1f s\n", e - s }'

curl -fsS "$BASE$MEDIA" -o "$BENCH_DIR/index.m3u8"
SIZE=$(stat -c %s "$BENCH_DIR/index.m3u8")
URIS=$(grep -vc '^#' "$BENCH_DIR/index.m3u8" || true)
SIGNED=$(grep -c '^http.*/blobs/video/.*?se=[0-9]*&sp=r&sig=' "$BENCH_DIR/index.m3u8" || true)
echo "   media playlist: $URIS segment URIs ($SIGNED signed blob URLs), $SIZE bytes, $RENDITIONS rendition(s); e.g."
grep -m1 -v '^#' "$BENCH_DIR/index.m3u8" | sed 's/^/     /'
# One segment through its signed URL, to show the playlist is playable as served.
curl -fsS -o /dev/null -w "   first segment: HTTP %{http_code}, %{size_download} bytes\n" "$(grep -m1 -v '^#' "$BENCH_DIR/index.m3u8")"

printf '%s\n' "$MEDIA" >"$BENCH_DIR/urls.txt"
echo "== wrk: GET the media playlist ($CONNECTIONS connections, $THREADS threads, $DURATION after $WARMUP of warmup)"
BENCH_NAME=warmup BENCH_URLS="$BENCH_DIR/urls.txt" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$VIDEO/wrk-urls.lua" "$BASE" >/dev/null
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
RESULT=$(BENCH_NAME=playlist BENCH_URLS="$BENCH_DIR/urls.txt" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$VIDEO/wrk-urls.lua" "$BASE" \
  | tee "$BENCH_DIR/wrk.txt" | grep '^RESULT')
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""

if [[ "$MICRO_SECONDS" != 0 ]]; then
  echo "== in-process micro-benchmark (VideoPlayback over a LocalFileBlobStore, $((SECONDS_LONG / 6)) segments)"
  dotnet "$OUT/playlist/PlaylistSigning.dll" "$((SECONDS_LONG / 6))" "$MICRO_SECONDS" | sed 's/^/   /'
fi

echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average before the run: $LOAD_BEFORE, after: $LOAD_AFTER"
python3 - "$RESULT" "$SIZE" "$URIS" <<'PY'
import sys
f = sys.argv[1].split()
rps, total, nread, bad, sock, statuses, p50, p99 = float(f[2]), int(f[3]), int(f[4]), int(f[5]), int(f[6]), f[7], f[8], f[9]
size, uris = int(sys.argv[2]), int(sys.argv[3])
print(f"media playlist ({uris} signed URLs, {size / 1024:.0f} KiB): {rps:,.0f} req/s, {rps * size / 1048576:,.0f} MiB/s, "
      f"{p50.replace('=', ' ')}, {p99.replace('=', ' ')}, statuses {statuses}, socket errors {sock}")
print(f"target >= 4,000 req/s: {'met' if rps >= 4000 and bad == 0 else 'NOT met'}")
PY
if [[ -n "$KEEP_BENCH_DIR" ]]; then echo "(raw wrk output, playlist and server log in $BENCH_DIR)"; fi

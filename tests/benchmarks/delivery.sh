#!/usr/bin/env bash
# Video delivery benchmark: signed segment GETs (/blobs/video/...?se=&sp=r&sig=) served by the standalone app, beside
# nginx and Kestrel's static-file middleware serving the very same files, then nginx in front of the app in the
# self-hosting mode (the app checks the signature and answers X-Accel-Redirect; nginx sends the bytes).
# Not a test: it prints figures.
#
# Phase 1, the app alone (single-file blob layout, the default):
#   nginx     nginx serving the blob folder directly (no signature check: the ceiling of this machine)
#   kestrel   tests/benchmarks/video/StaticFiles: UseStaticFiles on the same folder (the target's reference)
#   cooc      the app: signature check, then the blob streamed from its file
#   proxy     nginx in front of the app, plain proxy_pass (the app still streams the bytes; for reference)
# Phase 2, nginx self-hosting (Cooc:Blobs:AccelRedirectPrefix=/protected/, separate content files):
#   nginx2    nginx serving the content files directly
#   accel     nginx in front of the app: the app checks the signature, nginx sends the file (X-Accel-Redirect)
#   verdict   the same, asked as auth_request and cached by nginx per signed URL until it expires (each URL reaches the
#             app once; the benchmark cycles through FILES URLs, so after the warmup all of them are cached: a hot lecture)
#
# Blobs are written by the running app: an instructor opens one upload session per file and puts it through the
# session's signed URL (Azure's Put Blob), so the files on disk are the store's own. Read URLs are signed like the app
# does (tests/benchmarks/video/bench_video.py, with the key in the data folder).
# Env: DURATION (10s per run), WARMUP (3s per server and size, unmeasured), CONNECTIONS (64), THREADS (2),
#      FILES (100 per size), SIZES ("1048576 65536" bytes), ROUNDS (1; with more, the median of each is printed),
#      PHASES ("1 2"), BENCH_DIR (build + scratch; default a fresh temp dir, deleted at the end), SKIP_BUILD=1 to reuse
#      $BENCH_DIR/out.
set -euo pipefail

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
FILES=${FILES:-100}
SIZES=${SIZES:-1048576 65536}
ROUNDS=${ROUNDS:-1}
PHASES=${PHASES:-1 2}
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/common.sh"
VIDEO="$HERE/video"
REPO=$(cd "$HERE/../.." && pwd)
KEEP_BENCH_DIR=${BENCH_DIR:+1}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/cooc-delivery.XXXXXX)}
OUT="$BENCH_DIR/out"
SCRATCH=$(mktemp -d "$BENCH_DIR/run.XXXXXX")
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -z "$KEEP_BENCH_DIR" ]]; then rm -rf "$BENCH_DIR"; else rm -rf "$SCRATCH"/data*; fi
}
trap cleanup EXIT

for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install -y wrk nginx curl python3)" >&2; exit 1; }
done

if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$OUT/app/Cooc.Functions.dll" || ! -f "$OUT/static/StaticFiles.dll" ]]; then
  echo "== building Release into $OUT (the app, and the static-file reference in tests/benchmarks/video/StaticFiles)"
  dotnet build -c Release "$REPO/functions/Cooc.Functions" -o "$OUT/app" --artifacts-path "$BENCH_DIR/artifacts" -v quiet -nologo >"$BENCH_DIR/build.log" 2>&1 \
    || { tail -30 "$BENCH_DIR/build.log" >&2; exit 1; }
  dotnet build -c Release "$VIDEO/StaticFiles" -o "$OUT/static" --artifacts-path "$BENCH_DIR/artifacts" -v quiet -nologo >>"$BENCH_DIR/build.log" 2>&1 \
    || { tail -30 "$BENCH_DIR/build.log" >&2; exit 1; }
fi

start_app() { # name data port [extra args...]
  local name=$1 data=$2 port=$3; shift 3
  (cd "$OUT/app" && exec dotnet Cooc.Functions.dll --urls "http://127.0.0.1:$port" --Cooc:DataPath "$data" \
    --Cooc:PublicBaseUrl "http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning "$@") >"$SCRATCH/$name.log" 2>&1 &
  APP_PID=$!
  PIDS+=("$APP_PID")
  wait_for "http://127.0.0.1:$port/api/health" "$APP_PID" "$SCRATCH/$name.log"
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
token() { (cd "$OUT/app" && dotnet Cooc.Functions.dll token --user bench-ines --org bench --role instructor --Cooc:DataPath "$1"); }
setup_blobs() { # base data tag -> $SCRATCH/{tag}-{size}.txt: "name<TAB>signed path"
  local base=$1 data=$2 tag=$3 instructor course lecture
  instructor=$(token "$data")
  read -r course lecture < <(python3 "$VIDEO/bench_video.py" lecture "$base" "$instructor")
  for size in $SIZES; do
    python3 "$VIDEO/bench_video.py" blobs "$base" "$instructor" "$data" "$course" "$lecture" "$FILES" "$size" video/mp2t "$SCRATCH/$tag-$size.txt"
  done
}

RESULTS="$SCRATCH/results.txt"
: >"$RESULTS"
measure() { # name size port url-list
  local name=$1 size=$2 port=$3 list=$4
  echo "   load average before $name $size: $(cut -d' ' -f1-3 /proc/loadavg)"
  BENCH_NAME="warmup" BENCH_URLS="$list" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$VIDEO/wrk-urls.lua" "http://127.0.0.1:$port" >/dev/null
  BENCH_NAME="$name $size" BENCH_URLS="$list" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$VIDEO/wrk-urls.lua" "http://127.0.0.1:$port" \
    | tee -a "$SCRATCH/wrk.txt" | grep '^RESULT' | tee -a "$RESULTS" | sed 's/^RESULT /   /'
}

NGINX_DIRECT=$(free_port); NGINX_FRONT=$(free_port); NGINX_DIRECT2=$(free_port); NGINX_FRONT2=$(free_port); NGINX_VERDICT=$(free_port)
APP1=$(free_port); APP2=$(free_port); KESTREL=$(free_port)
DATA1="$SCRATCH/data1"; DATA2="$SCRATCH/data2"
mkdir -p "$DATA1" "$DATA2/blobs/.content" "$SCRATCH/nginx"
start_nginx() { # direct-port direct-root app-port front-port protected-root [verdict-port]
  local conf="$SCRATCH/nginx/nginx-$1.conf" verdict=${6:-$(free_port)}
  sed -e "s#@USER@#$(id -un)#; s#@PREFIX@#$SCRATCH/nginx#g; s#@DIRECT_PORT@#$1#; s#@DIRECT_ROOT@#$2#; s#@APP_PORT@#$3#; s#@FRONT_PORT@#$4#; s#@PROTECTED_ROOT@#$5#g; s#@VERDICT_PORT@#$verdict#" \
    "$VIDEO/nginx.conf.template" >"$conf"
  sed -i "s#pid .*;#pid $SCRATCH/nginx/nginx-$1.pid;#" "$conf"
  nginx -c "$conf" >"$SCRATCH/nginx/nginx-$1.out" 2>&1 &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
  sleep 0.5
  kill -0 "$NGINX_PID" 2>/dev/null || { echo "nginx did not start:" >&2; cat "$SCRATCH/nginx/nginx-$1.out" "$SCRATCH/nginx/nginx-error.log" >&2; exit 1; }
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(nginx -v 2>&1 | cut -d' ' -f3), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), load average $LOAD_BEFORE"
echo "   wrk: $THREADS threads, $CONNECTIONS connections, $DURATION per run after $WARMUP of warmup, cycling through $FILES files per size; same machine"

if [[ " $PHASES " == *" 1 "* ]]; then
  echo "== phase 1: the app alone (data $DATA1)"
  start_app app "$DATA1" "$APP1"; APP1_PID=$APP_PID
  setup_blobs "http://127.0.0.1:$APP1" "$DATA1" single
  for size in $SIZES; do
    # The same files, by their path under the blob folder, for nginx and Kestrel (they send the store's small header too).
    awk -F'\t' '{ print "/video/" $1 }' "$SCRATCH/single-$size.txt" >"$SCRATCH/single-$size-files.txt"
  done
  start_nginx "$NGINX_DIRECT" "$DATA1/blobs" "$APP1" "$NGINX_FRONT" "$DATA1/blobs/.content"
  (cd "$OUT/static" && exec dotnet StaticFiles.dll "$DATA1/blobs" "http://127.0.0.1:$KESTREL") >"$SCRATCH/static.log" 2>&1 &
  KESTREL_PID=$!; PIDS+=("$KESTREL_PID")
  first=$(head -1 "$SCRATCH/single-$(echo "$SIZES" | cut -d' ' -f1)-files.txt")
  wait_for "http://127.0.0.1:$KESTREL$first" "$KESTREL_PID" "$SCRATCH/static.log"
  header=$(( $(stat -c %s "$DATA1/blobs$first") - $(echo "$SIZES" | cut -d' ' -f1) ))
  echo "   $FILES blobs of each size written through the app; each file holds the store's $header-byte header, which nginx and Kestrel send too"
  for round in $(seq 1 "$ROUNDS"); do
    for size in $SIZES; do
      measure nginx "$size" "$NGINX_DIRECT" "$SCRATCH/single-$size-files.txt"
      measure kestrel "$size" "$KESTREL" "$SCRATCH/single-$size-files.txt"
      measure cooc "$size" "$APP1" "$SCRATCH/single-$size.txt"
      measure proxy "$size" "$NGINX_FRONT" "$SCRATCH/single-$size.txt"
    done
  done
  stop "$KESTREL_PID"; stop "$APP1_PID"; stop "$NGINX_PID"
fi

if [[ " $PHASES " == *" 2 "* ]]; then
  echo "== phase 2: nginx self-hosting, AccelRedirectPrefix=/protected/ (data $DATA2)"
  start_app app-accel "$DATA2" "$APP2" --Cooc:Blobs:AccelRedirectPrefix /protected/; APP2_PID=$APP_PID
  setup_blobs "http://127.0.0.1:$APP2" "$DATA2" accel
  probe=$(head -1 "$SCRATCH/accel-$(echo "$SIZES" | cut -d' ' -f1).txt" | cut -f2)
  if ! curl -fsS -D - -o /dev/null "http://127.0.0.1:$APP2$probe" | grep -qi '^X-Accel-Redirect:'; then
    echo "   SKIPPED: the app does not answer X-Accel-Redirect: Cooc:Blobs:AccelRedirectPrefix is not wired into the"
    echo "   local blob store's options (see docs/self-hosting-nginx.md, 'Configuration')."
    stop "$APP2_PID"
  else
    for size in $SIZES; do
      # nginx's own paths to the same content files: what the app's X-Accel-Redirect names, minus /protected/.
      while IFS=$'\t' read -r _ path; do
        curl -fsS -D - -o /dev/null "http://127.0.0.1:$APP2$path" | tr -d '\r' | sed -n 's#^[Xx]-[Aa]ccel-[Rr]edirect: /protected##p'
      done <"$SCRATCH/accel-$size.txt" >"$SCRATCH/accel-$size-files.txt"
    done
    start_nginx "$NGINX_DIRECT2" "$DATA2/blobs/.content" "$APP2" "$NGINX_FRONT2" "$DATA2/blobs/.content" "$NGINX_VERDICT"
    check=$(head -1 "$SCRATCH/accel-$(echo "$SIZES" | cut -d' ' -f1).txt" | cut -f2)
    for _ in 1 2; do # a miss, then a cached answer: the whole blob either way; a tampered signature is refused
      got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' "http://127.0.0.1:$NGINX_VERDICT$check")
      [[ "$got" == "200 $(echo "$SIZES" | cut -d' ' -f1)" ]] || { echo "verdict mode answered $got for $check" >&2; exit 1; }
    done
    got=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NGINX_VERDICT${check%?}A")
    [[ "$got" == 403 ]] || { echo "verdict mode answered $got for a tampered URL" >&2; exit 1; }
    first=$(head -1 "$SCRATCH/accel-$(echo "$SIZES" | cut -d' ' -f1)-files.txt")
    echo "   content files: $(stat -c %s "$DATA2/blobs/.content$first") bytes for $(echo "$SIZES" | cut -d' ' -f1) (no header); e.g. .content$first"
    for round in $(seq 1 "$ROUNDS"); do
      for size in $SIZES; do
        measure nginx2 "$size" "$NGINX_DIRECT2" "$SCRATCH/accel-$size-files.txt"
        measure accel "$size" "$NGINX_FRONT2" "$SCRATCH/accel-$size.txt"
        measure verdict "$size" "$NGINX_VERDICT" "$SCRATCH/accel-$size.txt"
      done
    done
    stop "$APP2_PID"; stop "$NGINX_PID"
  fi
fi

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
echo
echo "Load average (1/5/15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER"
python3 - "$RESULTS" "$ROUNDS" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    f = line.split()
    runs.setdefault((f[1], int(f[2])), []).append(dict(rps=float(f[3]), bad=int(f[6]), sock=int(f[7]),
        p50=f[9].replace("p50=", ""), p99=f[10].replace("p99=", "")))
def median_run(name, size):
    r = runs.get((name, size))
    return sorted(r, key=lambda x: x["rps"])[(len(r) - 1) // 2] if r else None
def label(size): return f"{size // 1024} KiB" if size < 1048576 else f"{size / 1048576:g} MiB"
labels = {"nginx": "nginx, files directly", "kestrel": "Kestrel UseStaticFiles", "cooc": "Cooc signed GET (app)",
          "proxy": "nginx -> Cooc, proxy_pass", "nginx2": "nginx, content files directly", "accel": "nginx -> Cooc, X-Accel-Redirect",
          "verdict": "nginx, app's answer cached per URL"}
sizes = sorted({s for _, s in runs}, reverse=True)
rounds = int(sys.argv[2])
print(f"{'server':<34} {'size':>8} {'req/s':>9} {'MiB/s':>8} {'p50':>9} {'p99':>9}  non-2xx/socket errors" + (f"  (median of {rounds} rounds)" if rounds > 1 else ""))
for size in sizes:
    for name in labels:
        m = median_run(name, size)
        if not m: continue
        r = runs[(name, size)]
        print(f"{labels[name]:<34} {label(size):>8} {m['rps']:>9.0f} {m['rps'] * size / 1048576:>8.0f} {m['p50']:>9} {m['p99']:>9}  "
              f"{sum(x['bad'] for x in r)}/{sum(x['sock'] for x in r)}")
print()
def ratio(top, bottom, size, target, what):
    a, b = runs.get((top, size)), runs.get((bottom, size))
    if not a or not b: return
    share = median_run(top, size)["rps"] / median_run(bottom, size)["rps"]
    each = ", ".join(f"{x['rps'] / y['rps']:.2f}" for x, y in zip(a, b))
    verdict = "" if target is None else f" (target >= {target:.2f}: {'met' if share >= target else 'NOT met'})"
    print(f"{label(size):>8}: {what} = {share:.2f}{verdict}" + (f"; per round: {each}" if len(a) > 1 else ""))
for size in sizes:
    ratio("cooc", "kestrel", size, 0.9, "Cooc / Kestrel static")
    ratio("kestrel", "nginx", size, None, "Kestrel / nginx")
    ratio("cooc", "nginx", size, None, "Cooc / nginx")
    ratio("accel", "nginx2", size, 0.8, "nginx+X-Accel-Redirect / nginx direct")
    ratio("verdict", "nginx2", size, 0.8, "nginx+cached app answers / nginx direct")
if any(x["bad"] or x["sock"] for r in runs.values() for x in r):
    print("WARNING: some requests failed (non-2xx or socket errors): see the table")
PY
if [[ -n "$KEEP_BENCH_DIR" ]]; then echo "(raw wrk output and logs in $SCRATCH)"; fi

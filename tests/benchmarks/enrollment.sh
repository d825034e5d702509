#!/usr/bin/env bash
# Throughput/latency benchmark of the standalone app: health (no auth), /api/me (token validation only),
# and self-enrollment with a distinct learner per request. Not a test: it prints figures.
# Env: DURATION (default 10s), CONNECTIONS (64), THREADS (2), TOKENS (learner tokens to mint, 400000),
#      WARMUP (10s of unmeasured enrollments with other learners first, so the JIT has tiered up),
#      LOG_LEVEL (server's Logging:LogLevel:Default, Warning: at Information the app logs its own events per request,
#      which costs more than the endpoints; use Information to measure that),
#      BENCH_DIR (build + scratch; default a fresh temp dir, deleted at the end), SKIP_BUILD=1 to reuse $BENCH_DIR/out.
set -euo pipefail

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
TOKENS=${TOKENS:-400000}
WARMUP=${WARMUP:-10s}
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/common.sh"
REPO=$(cd "$HERE/../.." && pwd)
LOG_LEVEL=${LOG_LEVEL:-Warning}
KEEP_BENCH_DIR=${BENCH_DIR:+1}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/cooc-bench.XXXXXX)}
OUT="$BENCH_DIR/out"
DATA=$(mktemp -d "$BENCH_DIR/data.XXXXXX")
SERVER_PID=""

cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
  if [[ -z "$KEEP_BENCH_DIR" ]]; then rm -rf "$BENCH_DIR"; else rm -f "$BENCH_DIR"/learners.txt "$BENCH_DIR"/warmup.txt; fi
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$OUT/Cooc.Functions.dll" ]]; then
  echo "== building Release into $OUT"
  dotnet build -c Release "$REPO/functions/Cooc.Functions" -o "$OUT" --artifacts-path "$BENCH_DIR/artifacts" -v quiet -nologo >"$BENCH_DIR/build.log" 2>&1 \
    || { tail -30 "$BENCH_DIR/build.log" >&2; exit 1; }
fi

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
# The key is created here so tokens can be minted before the server is up; the server reuses it.
new_signing_key "$DATA"

echo "== starting server on $BASE (data $DATA, default durability synchronous=NORMAL, log level $LOG_LEVEL)"
(cd "$OUT" && exec dotnet Cooc.Functions.dll --urls "$BASE" --Cooc:DataPath "$DATA" --Logging:LogLevel:Default="$LOG_LEVEL") >"$BENCH_DIR/server.log" 2>&1 &
SERVER_PID=$!

echo "== minting $TOKENS learner tokens + 1 instructor token"
start=$(date +%s.%N)
python3 "$HERE/mint_tokens.py" "$DATA/token-signing.key" acme learner "$TOKENS" "$BENCH_DIR/learners.txt"
python3 "$HERE/mint_tokens.py" "$DATA/token-signing.key" acme instructor 1 "$BENCH_DIR/instructor.txt" bench-instructor-
python3 "$HERE/mint_tokens.py" "$DATA/token-signing.key" acme learner 1 "$BENCH_DIR/me.txt" bench-me-
python3 "$HERE/mint_tokens.py" "$DATA/token-signing.key" acme learner 250000 "$BENCH_DIR/warmup.txt" bench-warmup-
echo "   minted in $(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')") s"
INSTRUCTOR=$(head -1 "$BENCH_DIR/instructor.txt")

wait_for "$BASE/api/health" "$SERVER_PID" "$BENCH_DIR/server.log"

COURSE=$(curl -fsS -X POST "$BASE/api/courses" -H "Authorization: Bearer $INSTRUCTOR" -H 'Content-Type: application/json' \
  -d '{"title":{"en":"Bench"},"defaultLanguage":"en"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["courseId"])')
curl -fsS -X POST "$BASE/api/courses/$COURSE/publish" -H "Authorization: Bearer $INSTRUCTOR" >/dev/null
echo "== course $COURSE created and published"

RESULTS="$BENCH_DIR/results.txt"
: >"$RESULTS"
run() { # name method path token-file
  echo "== wrk $1: $2 $3 (${CONNECTIONS} connections, ${THREADS} threads, $DURATION)"
  BENCH_NAME=$1 BENCH_METHOD=$2 BENCH_TOKENS=$4 BENCH_THREADS=$THREADS \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/wrk-bench.lua" "$BASE$3" | tee "$BENCH_DIR/wrk-$1.txt" | grep '^RESULT' | tee -a "$RESULTS"
}
echo "== warmup ($WARMUP, not measured): /api/me, then enrollment of other learners"
WARMUP_DURATION=$WARMUP
DURATION_SAVED=$DURATION; DURATION=$WARMUP_DURATION
run warmup-me GET /api/me "$BENCH_DIR/me.txt" >/dev/null
run warmup-enroll POST "/api/courses/$COURSE/enrollments" "$BENCH_DIR/warmup.txt" >/dev/null
DURATION=$DURATION_SAVED
: >"$RESULTS"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
run health GET /api/health "$BENCH_DIR/me.txt"
run me GET /api/me "$BENCH_DIR/me.txt"
run enroll POST "/api/courses/$COURSE/enrollments" "$BENCH_DIR/learners.txt"

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# The server's own count (includes the warmup learners, subtracted below): page through the course's enrollments (instructor view).
STORED=$(python3 - "$BASE" "$COURSE" "$INSTRUCTOR" <<'PY'
import json, sys, urllib.request, urllib.parse
base, course, token = sys.argv[1:4]
count, cont = 0, None
while True:
    url = f"{base}/api/courses/{course}/enrollments?pageSize=1000" + (f"&continuationToken={urllib.parse.quote(cont)}" if cont else "")
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    page = json.load(urllib.request.urlopen(req))
    count += len(page["items"])
    cont = page.get("continuationToken")
    if not cont: break
print(count)
PY
) || STORED="?"
WARMED=$(grep -h '^RESULT warmup-enroll' "$BENCH_DIR/wrk-warmup-enroll.txt" | awk '{print $6}' | sed 's/200=//')
if [[ "$STORED" != "?" ]]; then STORED="$STORED total, about $WARMED of them from the warmup"; fi

echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average (1/5/15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER"
echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION per endpoint, same machine as the server; server log level $LOG_LEVEL"
python3 - "$RESULTS" "$STORED" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    _, name, rps, p50, p99, total, statuses, repeats, errors = (line.split() + ["", "", ""])[:9]
    rows[name] = dict(rps=float(rps), p50=p50, p99=p99, total=int(total), statuses=statuses or "-", repeats=int(repeats or 0), errors=errors)
print(f"{'endpoint':<10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'requests':>9}  statuses (socket errors)")
for name, r in rows.items():
    print(f"{name:<10} {r['rps']:>9.0f} {r['p50']:>8} {r['p99']:>8} {r['total']:>9}  {r['statuses']} ({r['errors']})")
enroll, me = rows.get("enroll"), rows.get("me")
if enroll and me:
    share = 100 * enroll["rps"] / me["rps"]
    p99 = float(enroll["p99"])
    only_200 = enroll["statuses"].startswith("200=") and "," not in enroll["statuses"]
    print(f"\nenrollment = {share:.0f}% of the authenticated ceiling (/api/me); target >= 40%: {'met' if share >= 40 else 'NOT met'}")
    print(f"enrollment p99 = {p99} ms; target < 20 ms: {'met' if p99 < 20 else 'NOT met'}")
    print(f"enrollment statuses all 200: {'yes' if only_200 else 'NO: ' + enroll['statuses']}")
    if enroll["repeats"]:
        print(f"WARNING: tokens ran out: {enroll['repeats']} requests re-sent an enrolled learner (idempotent no-ops); raise TOKENS")
    print(f"enrollments stored by the server: {sys.argv[2]} (200s counted by wrk in the measured run: {enroll['statuses']};")
    print("  the server also completes the requests still in flight when wrk stops, up to one per connection)")
PY
if [[ -n "$KEEP_BENCH_DIR" ]]; then echo "(raw wrk output and server log in $BENCH_DIR)"; fi

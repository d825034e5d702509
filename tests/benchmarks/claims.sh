#!/usr/bin/env bash
# Peer-review claim latency of the standalone app (issue 5, section 9: claim p99 under 20 ms with 64 concurrent
# clients and 10,000 open submissions). Not a test: it prints figures.
# Builds the app and the load generator (tests/Cooc.ClaimLoad) in Release, starts the standalone app on a free port
# with a fresh data folder (embedded SQLite, synchronous=NORMAL), then the load generator: through the API it creates
# a course, a module and a peer-graded assignment, enrolls SUBMISSIONS learners and submits an essay for each, then
# runs CLIENTS closed-loop reviewers (each its own learner token): claim, then usually submit the review, and
# prints p50/p90/p99/max latency and throughput of the claims (and of the reviews) with the machine's load average.
# Env: SUBMISSIONS (10000), CLIENTS (64), WARMUP (5 s, other reviewers, not measured), DURATION (15 s),
#      REVIEW_SHARE (0.9: share of claims followed by a review; the others leave the lease open and claim it again),
#      REVIEWS_PER_LEARNER (5: a client goes on as the next learner after that many reviews, as learners do their
#      required reviews and leave; 0: each client stays one learner for the whole run),
#      RATE (0: closed loop, every client sends its next request as soon as answered; N: the clients pace themselves
#      to N claims per second in all, to see the latency at a given load), ESSAY_LENGTH (1500 characters),
#      CLAIMS_PER_LEARNER (0; N: a client goes on as the next learner after N claims and stops when the learners are
#      used up; REVIEW_SHARE=0 CLAIMS_PER_LEARNER=1 is a rush of first claims, no reviews, as many as learners),
#      WARMUP_SUBMISSIONS (0; N: the warmup runs the same workload on a second assignment of N other learners, so a
#      rush is measured on a warm server with all SUBMISSIONS learners; 0: warmup and measured run take halves; a rush
#      of first claims uses a learner per claim, so give the warmup enough to last: 60000 is about 9 s of load; the
#      load generator says how long its warmup ran, and warns under 5 s, which leaves the server's first second slower),
#      SAMPLES (a file: every measured claim as "sent at ms,latency ms,new|repeated"; CLIENT=dotnet only),
#      LOG_LEVEL (server's, Warning), SERVER_ARGS (more settings for the app, e.g. "--Cooc:Assessment:ClaimSpread 64"),
#      BENCH_DIR (build + scratch; default a fresh temp dir, deleted at the end), SKIP_BUILD=1 to reuse $BENCH_DIR/out,
#      CLIENT (dotnet: the load generator measures; wrk: for a rush of first claims (REVIEW_SHARE=0 CLAIMS_PER_LEARNER=1)
#      the load generator only seeds and warms up, then wrk sends the measured claims, one learner token each, over
#      CLIENTS connections for WRK_DURATION (1s; fewer claims than SUBMISSIONS, or learners repeat and are reported).
#      wrk is a C client that costs the shared cores far less, and its own pauses do not add to the latencies it records).
set -euo pipefail

SUBMISSIONS=${SUBMISSIONS:-10000}
CLIENTS=${CLIENTS:-64}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-15}
REVIEW_SHARE=${REVIEW_SHARE:-0.9}
REVIEWS_PER_LEARNER=${REVIEWS_PER_LEARNER:-5}
RATE=${RATE:-0}
CLAIMS_PER_LEARNER=${CLAIMS_PER_LEARNER:-0}
WARMUP_SUBMISSIONS=${WARMUP_SUBMISSIONS:-0}
ESSAY_LENGTH=${ESSAY_LENGTH:-1500}
LOG_LEVEL=${LOG_LEVEL:-Warning}
CLIENT=${CLIENT:-dotnet}
WRK_DURATION=${WRK_DURATION:-1s}
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/common.sh"
REPO=$(cd "$HERE/../.." && pwd)
KEEP_BENCH_DIR=${BENCH_DIR:+1}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/cooc-claims.XXXXXX)}
OUT="$BENCH_DIR/out"
LOAD="$BENCH_DIR/load"
DATA=$(mktemp -d "$BENCH_DIR/data.XXXXXX")
SERVER_PID=""

cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
  if [[ -z "$KEEP_BENCH_DIR" ]]; then rm -rf "$BENCH_DIR"; fi
}
trap cleanup EXIT

if [[ "$CLIENT" == wrk ]]; then
  [[ "$REVIEW_SHARE" == 0 && "$CLAIMS_PER_LEARNER" == 1 ]] || { echo "CLIENT=wrk measures a rush of first claims: set REVIEW_SHARE=0 CLAIMS_PER_LEARNER=1" >&2; exit 1; }
  command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
elif [[ "$CLIENT" != dotnet ]]; then
  echo "CLIENT is dotnet or wrk, not $CLIENT" >&2; exit 1
fi

if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$OUT/Cooc.Functions.dll" || ! -f "$LOAD/Cooc.ClaimLoad.dll" ]]; then
  echo "== building Release into $OUT and $LOAD"
  for project in functions/Cooc.Functions:"$OUT" tests/Cooc.ClaimLoad:"$LOAD"; do
    dotnet build -c Release "$REPO/${project%%:*}" -o "${project#*:}" --artifacts-path "$BENCH_DIR/artifacts" -v quiet -nologo >"$BENCH_DIR/build.log" 2>&1 \
      || { tail -30 "$BENCH_DIR/build.log" >&2; exit 1; }
  done
fi

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
new_signing_key "$DATA" # the load generator mints tokens with it

echo "== starting server on $BASE (data $DATA, synchronous=NORMAL, log level $LOG_LEVEL)"
(cd "$OUT" && exec dotnet Cooc.Functions.dll --urls "$BASE" --Cooc:DataPath "$DATA" --Logging:LogLevel:Default="$LOG_LEVEL" ${SERVER_ARGS:-}) >"$BENCH_DIR/server.log" 2>&1 &
SERVER_PID=$!
wait_for "$BASE/api/health" "$SERVER_PID" "$BENCH_DIR/server.log"

load() { # duration
  dotnet "$LOAD/Cooc.ClaimLoad.dll" --url "$BASE" --key "$DATA/token-signing.key" --submissions "$SUBMISSIONS" --clients "$CLIENTS" \
    --warmup "$WARMUP" --duration "$1" --review-share "$REVIEW_SHARE" \
    --reviews-per-learner "$REVIEWS_PER_LEARNER" --rate "$RATE" --essay-length "$ESSAY_LENGTH" \
    --claims-per-learner "$CLAIMS_PER_LEARNER" --warmup-submissions "$WARMUP_SUBMISSIONS" --samples "${SAMPLES:-}"
}
if [[ "$CLIENT" == dotnet ]]; then
  load "$DURATION"
else
  # Seeding and warmup by the load generator (a measured run of 0 s claims nothing), then the claims by wrk.
  load 0 | tee "$BENCH_DIR/seed.log" | grep -v '^ *claims\|^requests\|^RESULT\|^reviews\|^nothing\|^== measured\|^Machine\|submissions, .* measured'
  ASSIGNMENT=$(grep -o '^== assignment [^:]*' "$BENCH_DIR/seed.log" | head -1 | awk '{print $3}')
  python3 "$HERE/mint_tokens.py" "$DATA/token-signing.key" bench-org learner "$SUBMISSIONS" "$BENCH_DIR/claimers.txt" learner- 5
  echo "== measured by wrk: $WRK_DURATION, $CLIENTS connections, one learner's first claim each (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  BENCH_NAME=claims BENCH_METHOD=POST BENCH_TOKENS="$BENCH_DIR/claimers.txt" BENCH_THREADS=1 \
    wrk -t1 -c"$CLIENTS" -d"$WRK_DURATION" --latency -s "$HERE/wrk-bench.lua" "$BASE/api/assignments/$ASSIGNMENT/reviews/claim" | tee "$BENCH_DIR/wrk.txt" \
    | grep -E '^ +(50|75|90|99)%|Requests/sec|Non-2xx|Socket errors'
  # RESULT name rate p50 p99 requests statuses repeats errors (tests/benchmarks/wrk-bench.lua)
  read -r _ _ rate p50 p99 requests statuses repeats errors < <(grep '^RESULT' "$BENCH_DIR/wrk.txt")
  echo "claims by wrk: $requests ($statuses), $rate/s, p50 $p50 ms, p99 $p99 ms; repeated learners $repeats, errors $errors; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  met=$(python3 -c "print('met' if $p99 < 20 and $repeats == 0 and $errors == 0 and '$statuses' == '200=$requests' else 'NOT met')")
  echo "RESULT claims=$requests rate=$rate p99_ms=$p99 target_p99_ms=20 $met (client wrk)"
fi
echo "commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?') (plus uncommitted changes: $(git -C "$REPO" status --porcelain 2>/dev/null | wc -l) files)"
if [[ -n "$KEEP_BENCH_DIR" ]]; then echo "(server log in $BENCH_DIR/server.log)"; fi

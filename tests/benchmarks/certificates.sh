#!/usr/bin/env bash
# Certificate benchmark: certificates issued per second on this machine. Not a test: it prints figures.
#
# tests/Cooc.CertificateLoad starts the real standalone app (embedded SQLite documents and queue, local-file blobs) on a
# fresh temp data folder, writes one course and COUNT passed enrollments, then issues their certificates through the
# handler's own code path (CertificateIssuing: enrollment and course reads, status-list index increment, certificate
# create, verification-code index, status list, PDF with QR code, ES256-signed Open Badges credential, two blob writes,
# the final ETag replace), CONCURRENCY at a time. It prints certificates/s with p50/p95 latency, then the PDF render
# and the signing alone on one thread. QUEUE=1 also sends COUNT messages through the queue and times the consumers.
# The machine is shared: the load average is printed before and after; record it with the figure.
# Env: COUNT (1000), CONCURRENCY (cores), QUEUE (0), BENCH_DIR (build output; default a fresh temp dir, deleted at the end).
set -euo pipefail

COUNT=${COUNT:-1000}
CONCURRENCY=${CONCURRENCY:-$(nproc)}
QUEUE=${QUEUE:-0}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
KEEP_BENCH_DIR=${BENCH_DIR:+1}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/cert-bench.XXXXXX)}
cleanup() { if [ -z "$KEEP_BENCH_DIR" ]; then rm -rf "$BENCH_DIR"; fi; }
trap cleanup EXIT

echo "uptime: $(uptime)"
dotnet build "$REPO/tests/Cooc.CertificateLoad" -c Release -o "$BENCH_DIR/out" -v quiet -nologo >/dev/null
args=(--count "$COUNT" --concurrency "$CONCURRENCY")
if [ "$QUEUE" = "1" ]; then args+=(--queue); fi
(cd "$BENCH_DIR" && dotnet "$BENCH_DIR/out/Cooc.CertificateLoad.dll" "${args[@]}")
echo "uptime: $(uptime)"

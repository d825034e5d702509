#!/usr/bin/env bash
# Grading at assignment scale (issue 5, section 9: median aggregation of an assignment of 10,000 submissions with 3
# reviews each under 2 s, and a full fit of the reviewer model under 30 s), standalone. Not a test: it prints figures.
#
# tests/Cooc.GradingLoad starts the real standalone app in process (embedded SQLite documents and queue, local-file
# blobs) on a fresh temp data folder, seeds one assignment through the app's IDocumentStore with the domain's own rules
# (AssignmentRules with CALIBRATION staff calibration examples; per learner SubmissionRules.Submit, a reviewer record with
# CalibrationRules scores; per review ClaimPolicy.LeaseFor/Take and ReviewRules.Complete/Record, the completed lease
# and the review), seeded reviewers (bias, noise, careless and average-giving ones) who are the other learners, then:
#   1. median aggregation: AssessmentStore reads every submission and review, then Gradeability.Decide and
#      PeerGrading.Grade with the MedianEstimator for each (cold, then again warm); read + compute = total;
#   2. the reviewer model's fit job as the app runs it (ReviewerFitJob.FitAsync: load, fit, store head and parts),
#      with the anchors it finds (the examples' staff scores; CALIBRATION=0: none); then the estimator alone,
#      without and with anchors, on the same data (FITS=0 skips this);
#   3. SINGLE submissions graded one at a time by SubmissionGrader.GradeAsync (read, reviews, decide, replace).
# The machine is shared: the load average is printed before and after; record it with the figures.
# Env: SUBMISSIONS (10000), REVIEWS (3 per submission and per learner), SEED (1), SINGLE (1000), FITS (1),
#      CALIBRATION (3: staff-scored examples, 0-3, each scored by every learner),
#      BENCH_DIR (build output; default a fresh /tmp/gradebench-* dir, deleted at the end).
set -euo pipefail

SUBMISSIONS=${SUBMISSIONS:-10000}
REVIEWS=${REVIEWS:-3}
SEED=${SEED:-1}
SINGLE=${SINGLE:-1000}
FITS=${FITS:-1}
CALIBRATION=${CALIBRATION:-3}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
KEEP_BENCH_DIR=${BENCH_DIR:+1}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/gradebench-XXXXXX)}
cleanup() { if [ -z "$KEEP_BENCH_DIR" ]; then rm -rf "$BENCH_DIR"; fi; }
trap cleanup EXIT

echo "uptime: $(uptime)"
dotnet build "$REPO/tests/Cooc.GradingLoad" -c Release -o "$BENCH_DIR/out" --artifacts-path "$BENCH_DIR/artifacts" -v quiet -nologo >"$BENCH_DIR/build.log" 2>&1 \
  || { tail -30 "$BENCH_DIR/build.log" >&2; exit 1; }
(cd "$BENCH_DIR" && TMPDIR="$BENCH_DIR" dotnet "$BENCH_DIR/out/Cooc.GradingLoad.dll" --submissions "$SUBMISSIONS" --reviews "$REVIEWS" \
  --seed "$SEED" --single "$SINGLE" --fits "$FITS" --calibration "$CALIBRATION")
echo "uptime: $(uptime)"
echo "commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?') (plus uncommitted changes: $(git -C "$REPO" status --porcelain 2>/dev/null | wc -l) files)"

-- wrk script for enrollment.sh. Env: BENCH_NAME, BENCH_METHOD (GET/POST), BENCH_TOKENS (file, one JWT a line).
-- Each thread takes every Nth token (thread-disjoint) so no learner is sent twice until the file runs out;
-- a wrap-around repeats learners (idempotent 200s that take a cheaper path); those requests are counted as repeats.
local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("index", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  method = os.getenv("BENCH_METHOD") or "GET"
  tokens = {}
  local stride = tonumber(os.getenv("BENCH_THREADS") or "1")
  local i = 0
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    if i % stride == index then tokens[#tokens + 1] = line end
    i = i + 1
  end
  -- A file with fewer tokens than threads (the single /api/me token) is shared by all threads.
  if #tokens == 0 then for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end end
  next_token = 1
  wrapped = 0
  repeats = 0
  statuses = {}
end

function request()
  if next_token > #tokens then next_token = 1; wrapped = 1 end
  if wrapped == 1 then repeats = repeats + 1 end
  local token = tokens[next_token]
  next_token = next_token + 1
  local headers = { ["Authorization"] = "Bearer " .. token }
  if method == "POST" then headers["Content-Length"] = "0" end
  return wrk.format(method, nil, headers, nil)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  local wraps = 0
  for _, t in ipairs(threads) do
    wraps = wraps + (t:get("repeats") or 0)
    local s = t:get("statuses")
    for code, n in pairs(s) do counts[code] = (counts[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(counts) do parts[#parts + 1] = code .. "=" .. n end
  table.sort(parts)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format("RESULT %s %.0f %.2f %.2f %d %s %d %d\n", os.getenv("BENCH_NAME") or "?",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
    table.concat(parts, ","), wraps, errors.connect + errors.read + errors.write + errors.timeout + errors.status))
end

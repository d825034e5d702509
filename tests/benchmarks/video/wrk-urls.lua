-- wrk script of delivery.sh and playlists.sh: GETs that cycle through the paths in a file (one a line, the last
-- tab-separated column is used), each thread starting at a different place, so every file is fetched about equally often.
-- Env: BENCH_NAME, BENCH_URLS (file), BENCH_HEADER (optional extra request header, "Name: value").
-- Prints one line: RESULT name req/s total_requests bytes_read non_2xx socket_errors statuses
local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("index", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  local headers = {}
  local extra = os.getenv("BENCH_HEADER")
  if extra and extra ~= "" then
    local name, value = extra:match("^([^:]+):%s*(.*)$")
    headers[name] = value
  end
  requests = {}
  for line in io.lines(os.getenv("BENCH_URLS")) do
    local path = line:match("([^\t]+)$")
    if path then requests[#requests + 1] = wrk.format("GET", path, headers) end
  end
  -- Precomputed request texts: the Lua side costs one table lookup per request.
  next_request = (index * 37) % #requests + 1
  statuses = {}
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return r
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do counts[code] = (counts[code] or 0) + n end
  end
  local codes, other = {}, 0
  for code, n in pairs(counts) do
    codes[#codes + 1] = code .. "=" .. n
    if code < 200 or code > 299 then other = other + n end
  end
  table.sort(codes)
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format("RESULT %s %.1f %d %d %d %d %s p50=%.2fms p99=%.2fms\n", os.getenv("BENCH_NAME") or "run",
    summary.requests / (summary.duration / 1e6), summary.requests, summary.bytes, other, socket_errors,
    table.concat(codes, ","), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

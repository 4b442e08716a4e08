-- wrk script for scripts/benchmark.py: one kind of request, chosen by environment variables.
--   SB_KIND   create | comment | status | assign | get
--   SB_TOKEN  an API token (Authorization: Bearer), or empty
--   SB_COOKIE a Cookie header for pages, or empty
--   SB_FIRST, SB_COUNT  the ticket numbers written to: SB_FIRST .. SB_FIRST + SB_COUNT - 1
--   SB_PATHS  for "get": paths separated by "|", requested in turn
-- Status changes and assignments go through the tickets one after the other, each thread on
-- its own share, so that no two requests change one ticket at once; each pass over the range
-- flips the target (in-progress / on-hold, DMSU / TPM), so every request is a valid change.
-- At the end, one JSON line on standard output: counts, errors and latency percentiles (µs).

local kind = os.getenv("SB_KIND") or "get"
local token = os.getenv("SB_TOKEN") or ""
local cookie = os.getenv("SB_COOKIE") or ""
local first = tonumber(os.getenv("SB_FIRST") or "1")
local count = tonumber(os.getenv("SB_COUNT") or "1")
local paths = {}
for path in string.gmatch(os.getenv("SB_PATHS") or "/health", "[^|]+") do
  table.insert(paths, path)
end

-- setup runs in the main state; each thread's state gets its own global thread_index.
local next_index = 0
thread_index = 0

function setup(thread)
  thread:set("thread_index", next_index)
  next_index = next_index + 1
end

function init(args)
  thread_count = tonumber(os.getenv("SB_THREADS") or "1")
  sequence = 0
  statuses = {}
  wrk.headers["Content-Type"] = "application/json"
  if token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
  if cookie ~= "" then wrk.headers["Cookie"] = cookie end
  math.randomseed(os.time() + thread_index * 7919)
  filler = string.rep("The pool node answers slowly when many transfers start at once. ", 16)
end

local function next_ticket()
  -- This thread's share: first + thread_index, then every thread_count-th ticket.
  local per_thread = math.floor((count - thread_index - 1) / thread_count) + 1
  local step = sequence % per_thread
  local pass = math.floor(sequence / per_thread)
  sequence = sequence + 1
  return first + thread_index + step * thread_count, pass
end

function request()
  if kind == "create" then
    sequence = sequence + 1
    local body = string.format(
      '{"subject":"Transfers to the pool stall, thread %d request %d","description":"%s"}',
      thread_index, sequence, string.sub(filler, 1, 1024))
    return wrk.format("POST", "/api/v1/tickets", nil, body)
  elseif kind == "comment" then
    local id = first + math.random(0, count - 1)
    local body = string.format('{"body":"We restarted the pool; %s"}', string.sub(filler, 1, 200))
    return wrk.format("POST", "/api/v1/tickets/" .. id .. "/comments", nil, body)
  elseif kind == "status" then
    local id, pass = next_ticket()
    local status = (pass % 2 == 0) and "in-progress" or "on-hold"
    return wrk.format("POST", "/api/v1/tickets/" .. id .. "/status", nil, '{"status":"' .. status .. '"}')
  elseif kind == "assign" then
    local id, pass = next_ticket()
    local unit = (pass % 2 == 0) and "DMSU" or "TPM"
    return wrk.format("POST", "/api/v1/tickets/" .. id .. "/assignment", nil, '{"supportUnit":"' .. unit .. '"}')
  else
    sequence = sequence + 1
    return wrk.format("GET", paths[(sequence - 1) % #paths + 1])
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"non_2xx":%d,"socket_errors":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end

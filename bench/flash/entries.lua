-- wrk script for bench/flash: every request is a member entering a campaign
-- (POST /api/v1/campaigns/{id}/entries) with that member's own bearer token; the tokens are
-- rotated so consecutive requests come from different members.
--   FLASH_TOKENS=tokens.txt FLASH_CAMPAIGN=123 wrk -s entries.lua ...
-- At the end it prints one line the run script parses:
--   FLASH requests=N ok=N sold_out=N limited=N overloaded=N other=N p50_us=.. p99_us=.. p999_us=..

local threads = {}
local counter = 1

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local tokens = {}
local next_token = 1
local path
local get_path
local stride
-- Globals, so that done() can read them from each thread with thread:get().
ok, sold_out, limited, overloaded, other = 0, 0, 0, 0, 0

function init(args)
  for line in io.lines(os.getenv("FLASH_TOKENS")) do
    tokens[#tokens + 1] = line
  end
  -- FLASH_PATH instead: a GET of that path with the same tokens (the ceiling runs).
  get_path = os.getenv("FLASH_PATH")
  if get_path == "" then get_path = nil end
  path = get_path or ("/api/v1/campaigns/" .. os.getenv("FLASH_CAMPAIGN") .. "/entries")
  -- Threads start at different members and step over each other's.
  local index = wrk.thread:get("index")
  stride = 7919
  next_token = (index * 104729) % #tokens + 1
end

function request()
  local token = tokens[next_token]
  next_token = (next_token + stride - 1) % #tokens + 1
  if get_path then
    return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
  end
  return wrk.format("POST", path, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, "{}")
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  elseif status == 409 and body:find("sold_out", 1, true) then
    sold_out = sold_out + 1
  elseif status == 409 then
    limited = limited + 1
  elseif status == 503 or status == 429 then
    overloaded = overloaded + 1
  else
    other = other + 1
    if other <= 3 then
      io.stderr:write("unexpected answer " .. status .. ": " .. body:sub(1, 200) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local totals = { ok = 0, sold_out = 0, limited = 0, overloaded = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
  end
  io.write(string.format(
    "FLASH requests=%d ok=%d sold_out=%d limited=%d overloaded=%d other=%d " ..
    "socket_errors=%d timeouts=%d duration_us=%d p50_us=%d p99_us=%d p999_us=%d\n",
    summary.requests, totals.ok, totals.sold_out, totals.limited, totals.overloaded, totals.other,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end

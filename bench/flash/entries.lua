-- wrk script for bench/flash: every request is a member entering a campaign
-- (POST /api/v1/campaigns/{id}/entries) with that member's own bearer token; the tokens are
-- rotated so consecutive requests come from different members.
--   FLASH_TOKENS=tokens.txt FLASH_CAMPAIGN=123 wrk -s entries.lua ...
-- wrk runs on the same two cores as the server, so the script keeps its own work per request
-- small: every member's request is built once, in init(), and answers are told apart by their
-- body only with FLASH_CLASSIFY=1 (wrk then hands each answer's headers and body to Lua).
-- Without it, ok is every answer below 400, as wrk counts them.
-- At the end it prints one line the run script parses:
--   FLASH requests=N ok=N not_ok=N sold_out=N limited=N overloaded=N other=N p50_us=.. ...

local threads = {}
local counter = 1

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local requests = {}  -- one built request per member token, in the tokens file's order
local next_token = 1
local stride
-- Globals, so that done() can read them from each thread with thread:get().
ok, sold_out, limited, overloaded, other = 0, 0, 0, 0, 0
classified = os.getenv("FLASH_CLASSIFY") == "1"

function init(args)
  -- FLASH_PATH instead: a GET of that path with the same tokens (the ceiling runs).
  local get_path = os.getenv("FLASH_PATH")
  if get_path == "" then get_path = nil end
  local path = get_path or ("/api/v1/campaigns/" .. os.getenv("FLASH_CAMPAIGN") .. "/entries")
  -- wrk.format once, around a placeholder; each member's request is that text with its token.
  local placeholder = "FLASH-TOKEN-PLACEHOLDER"
  local template
  if get_path then
    template = wrk.format("GET", path, { ["Authorization"] = "Bearer " .. placeholder })
  else
    template = wrk.format("POST", path, {
      ["Authorization"] = "Bearer " .. placeholder,
      ["Content-Type"] = "application/json",
    }, "{}")
  end
  local at = template:find(placeholder, 1, true)
  local before, after = template:sub(1, at - 1), template:sub(at + #placeholder)
  for token in io.lines(os.getenv("FLASH_TOKENS")) do
    requests[#requests + 1] = before .. token .. after
  end
  -- Threads start at different members and step over each other's.
  local index = wrk.thread:get("index")
  stride = 7919
  next_token = (index * 104729) % #requests + 1
  if not classified then
    response = nil
  end
end

function request()
  local built = requests[next_token]
  next_token = (next_token + stride - 1) % #requests + 1
  return built
end

-- Only with FLASH_CLASSIFY=1 (see above).
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
  if not classified then
    -- wrk counts every answer of 400 or above in errors.status; the rest are 2xx here.
    totals.ok = summary.requests - summary.errors.status
  end
  io.write(string.format(
    "FLASH requests=%d ok=%d not_ok=%d classified=%d sold_out=%d limited=%d overloaded=%d " ..
    "other=%d socket_errors=%d timeouts=%d duration_us=%d p50_us=%d p99_us=%d p999_us=%d\n",
    summary.requests, totals.ok, summary.requests - totals.ok, classified and 1 or 0,
    totals.sold_out, totals.limited, totals.overloaded, totals.other,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end

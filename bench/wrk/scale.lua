-- bench/scale.sh: requests through nginx while a release is published and an instance is killed. Cycles over a
-- few trade queries (some repeat, so the cache serves them; some are new each lap, so instances are asked), and
-- tallies per thread: status codes, nginx's X-Cache-Status, and meta.release of every 200 JSON answer.
local paths = {}
for year = 2008, 2025 do paths[#paths + 1] = "/v1/trade?reporter=CN&partner=RU&period=" .. year end
paths[#paths + 1] = "/v1/trade?reporter=CN&partner=RU&freq=A"
local threads = {}
local n = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses, caches, releases, lap = {}, {}, {}, 0
end

function request()
  n = n + 1
  if n > #paths then n = 1; lap = lap + 1 end
  local path = paths[n]
  -- Every other lap asks a limit never asked before: a cache miss that an instance must answer.
  if lap % 2 == 1 then path = path .. "&limit=" .. (1000 + lap) end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local cache = headers["X-Cache-Status"] or "none"
  caches[cache] = (caches[cache] or 0) + 1
  if status == 200 then
    -- meta.release (records carry a release of their own: the one that published each figure).
    local release = string.match(body, '"meta":.-"count":%d+,"release":(%d+)')
    if release then releases[release] = (releases[release] or 0) + 1 end
  end
end

local function merge(into, from)
  for k, v in pairs(from) do into[k] = (into[k] or 0) + v end
end

function done(summary, latency, requests)
  local s, c, r = {}, {}, {}
  for _, thread in ipairs(threads) do
    merge(s, thread:get("statuses"))
    merge(c, thread:get("caches"))
    merge(r, thread:get("releases"))
  end
  local function line(name, t)
    local parts = {}
    for k, v in pairs(t) do parts[#parts + 1] = k .. "=" .. v end
    table.sort(parts)
    io.write(name, " ", table.concat(parts, " "), "\n")
  end
  line("statuses", s)
  line("cache", c)
  line("releases", r)
  io.write("socket_errors ", summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, "\n")
  io.write("requests ", summary.requests, "\n")
end

-- Every request different: GET /v1/trade?<key>&limit=L, built from a counter.
--
-- usage: wrk -tT -cC URL -s bench/wrk/distinct.lua -- KEYS_FILE T [START]
--   KEYS_FILE  one query key a line, e.g. reporter=CN&partner=RU&flow=export&period=1950-07
--              (bench/run.sh writes keys that exist in the database under test)
--   T          the thread count given to wrk (-tT), so threads take disjoint counter values
--   START      where the counter starts (default 0); bench/run.sh warms up from K * 5000 (limits 5001..),
--              so the measured run, from 0, does not repeat the warm-up's queries
--
-- Request i (thread t asks i = START+t, START+t+T, ...) asks key i mod K with limit floor(i / K) mod 10000 + 1:
-- no two requests are equal until K * 10000 requests. With one key (the keyed test) that is 10000 requests.
-- nginx is driven with the same script; it answers every path with the same file.

local keys, i, step = {}, 0, 1

function setup(thread)
  thread:set("id", counter or 0)
  counter = (counter or 0) + 1
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then keys[#keys + 1] = line end
  end
  step = tonumber(args[2]) or 1
  i = (tonumber(args[3]) or 0) + (id or 0)
end

function request()
  local k = #keys
  local path = "/v1/trade?" .. keys[i % k + 1] .. "&limit=" .. (math.floor(i / k) % 10000 + 1)
  i = i + step
  return wrk.format("GET", path)
end

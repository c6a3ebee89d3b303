-- Checks every answer during a release swap: a 200, and a value that belongs to the release the answer
-- names (meta.release): up to OLD_RELEASE the first value, after it the second. Counts anything else.
-- usage: wrk -s bench/wrk/swap.lua URL -- OLD_RELEASE OLD_VALUE NEW_VALUE
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  old_release = tonumber(args[1]); old_value = args[2]; new_value = args[3]
  errors, mixed, before, after = 0, 0, 0, 0
end

function response(status, headers, body)
  if status ~= 200 then errors = errors + 1; return end
  local release = tonumber(body:match('"release":(%d+),"releasedAt"'))
  local value = body:match('"value":(%d+)')
  if release == nil or value == nil then mixed = mixed + 1; return end
  if release <= old_release then
    if value == old_value then before = before + 1 else mixed = mixed + 1 end
  elseif value == new_value then after = after + 1 else mixed = mixed + 1 end
end

function done(summary, latency, requests)
  local e, m, b, a = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    e = e + t:get("errors"); m = m + t:get("mixed"); b = b + t:get("before"); a = a + t:get("after")
  end
  io.write(string.format("swap: %d answers checked: %d errors, %d mixing releases; %d of the old release, %d of the new\n", e + m + b + a, e, m, b, a))
end

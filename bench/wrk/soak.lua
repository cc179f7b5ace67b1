-- bench/soak's paced load: mutable:set of a random key among `keys` (default 10000), each connection
-- waiting `delay_ms` between requests, so that c connections send about c * 1000 / delay_ms per second.
-- wrk -t2 -c16 -d30m -s bench/wrk/soak.lua http://127.0.0.1:PORT -- keys=10000 delay_ms=80
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function delay()
  return tonumber(arg_.delay_ms or 100)
end

function request()
  local keys = tonumber(arg_.keys or 10000)
  local args = string.format('{"namespace":"soak","key":"k%d","value":%d}',
    math.random(0, keys - 1), math.random(0, 1000000))
  return bench.post("/api/mutation", "mutable:set", args)
end

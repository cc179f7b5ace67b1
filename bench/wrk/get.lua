-- mutable:get of a random key among `keys` (default 10000) of namespace `ns` (default "bench").
-- wrk -t2 -c64 -d10s -s bench/wrk/get.lua http://127.0.0.1:PORT -- keys=10000 ns=bench
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function request()
  local keys = tonumber(arg_.keys or 10000)
  local args = string.format('{"namespace":"%s","key":"k%d"}', arg_.ns or "bench", math.random(0, keys - 1))
  return bench.post("/api/query", "mutable:get", args)
end

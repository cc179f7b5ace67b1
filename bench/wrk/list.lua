-- mutable:list {namespace: ns, limit} (default sort: key, ascending), default limit 100.
-- wrk -t1 -c1 -d10s -s bench/wrk/list.lua http://127.0.0.1:PORT -- ns=grow limit=100
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function request()
  local args = string.format('{"namespace":"%s","limit":%d}', arg_.ns or "bench", tonumber(arg_.limit or 100))
  return bench.post("/api/query", "mutable:list", args)
end

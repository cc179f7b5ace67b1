-- The same POST as set.lua against the trivial Undertow handler
-- (runtime/src/test/java/dev/jconvex/http/bench/TrivialUndertowServer.java), whose fixed answer is
-- '{"status":"success","value":null}': the ceiling of any Undertow handler on this machine.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function request()
  local args = string.format('{"namespace":"bench","key":"k%d","value":%d}', math.random(0, 9999), math.random(0, 1000000))
  return bench.post("/api/mutation", "mutable:set", args)
end

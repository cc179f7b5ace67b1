-- mutable:update {operation:"increment"} of ONE hot key (`ns`/`key`, default hot/counter), every
-- connection on the same document. Sends for `window` seconds only (see common.lua): run wrk with
-- -d longer than the window so that every increment sent is answered, then the key's value must have
-- grown by exactly the "ok" count of the RESULT line.
-- wrk -t2 -c64 -d15s -s bench/wrk/increment.lua http://127.0.0.1:PORT -- window=10 ns=hot key=counter
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function request()
  local args = string.format('{"namespace":"%s","key":"%s","operation":"increment"}',
    arg_.ns or "hot", arg_.key or "counter")
  return bench.post("/api/mutation", "mutable:update", args)
end

function delay()
  return bench.window_delay()
end

-- Shared part of the bench/run wrk scripts, loaded by each of them with dofile().
--
-- What it gives a script:
--   * arguments after wrk's "--" as name=value pairs, in the global table `arg_` (e.g. keys=10000);
--   * response(): counts answers that are HTTP 200 with '"status":"success"' (`ok`) and all others
--     (`errors`, the first three printed);
--   * done(): one line "RESULT {json}": requests sent (bench.post calls) and answered, ok, errors,
--     wrk's socket errors, the measured seconds, the success rate (ok per second) and the latency
--     percentiles in milliseconds;
--   * bench.window_delay(): for scripts that define delay() with it, wrk stops sending new requests
--     `window` seconds after start (arg window=S) and the requests still in flight finish during the
--     rest of wrk's -d, so every request sent is answered and counted before wrk exits (the hot-key
--     increment's exact check needs that). The rate is then ok / window.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } bench_timeval;
  int gettimeofday(bench_timeval *tv, void *tz);
]]

bench = {}

function bench.now()
  local tv = ffi.new("bench_timeval")
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) + tonumber(tv.tv_usec) / 1e6
end

-- The request shape ConvexHttpClient sends.
function bench.post(path, fn, args_json)
  sent = (sent or 0) + 1
  local body = '{"path":"' .. fn .. '","format":"convex_encoded_json","args":[' .. args_json .. ']}'
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["Convex-Client"] = "npm-1.48.0"}, body)
end

arg_ = {}
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  for _, a in ipairs(args) do
    local name, value = string.match(a, "^([^=]+)=(.*)$")
    if name then
      arg_[name] = value
    end
  end
  ok = 0
  errors = 0
  started = bench.now()
  if arg_.window then
    stop_at = started + tonumber(arg_.window)
  end
  math.randomseed(os.time() * 1000 + (id or 0) * 7919)
  if bench.init then
    bench.init()
  end
end

function bench.window_delay()
  if stop_at and bench.now() >= stop_at then
    return 3600000 -- one hour: nothing more is sent before wrk's -d ends
  end
  return 0
end

function response(status, headers, body)
  if status == 200 and string.find(body, '"status":"success"', 1, true) then
    ok = ok + 1
  else
    errors = errors + 1
    if errors <= 3 then
      io.stderr:write("unexpected answer: " .. status .. " " .. string.sub(body, 1, 300) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local total_ok, total_errors, total_sent, window = 0, 0, 0, nil
  for _, t in ipairs(threads) do
    total_sent = total_sent + (t:get("sent") or 0)
    total_ok = total_ok + (t:get("ok") or 0)
    total_errors = total_errors + (t:get("errors") or 0)
    local w = t:get("stop_at")
    if w then
      window = w - t:get("started")
    end
  end
  local seconds = window or summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'RESULT {"sent":%d,"requests":%d,"ok":%d,"errors":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,' ..
    '"status_errors":%d,"timeouts":%d,"seconds":%.3f,"rate":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,' ..
    '"p99_ms":%.3f,"max_ms":%.3f}\n',
    total_sent, summary.requests, total_ok, total_errors, e.connect, e.read, e.write, e.status, e.timeout, seconds,
    total_ok / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end

-- wrk script: POST /api/mutation mutable:set, as ConvexHttpClient sends it.
-- Each wrk thread cycles through 1000 keys of its own namespace, so concurrent requests mostly
-- write different documents (the measure is the write path, not one hot document's conflicts).
-- Usage: wrk -t2 -c64 -d20s -s wrk-mutable-set.lua http://127.0.0.1:3210
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  wrk.method = "POST"
  wrk.path = "/api/mutation"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Convex-Client"] = "npm-1.48.0"
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"path":"mutable:set","format":"convex_encoded_json","args":[{"namespace":"bench-%s","key":"k%d","value":%d}]}',
    tostring(id), counter % 1000, counter)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"status":"success"', 1, true) then
    errors = (errors or 0) + 1
    if errors <= 3 then
      print("unexpected answer: " .. status .. " " .. body)
    end
  end
end

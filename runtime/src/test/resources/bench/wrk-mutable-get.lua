-- wrk script: POST /api/query mutable:get of one stored key, as ConvexHttpClient sends it. Isolates
-- the HTTP layer plus a read-only query from the commit path. Store the key first:
--   curl -XPOST $URL/api/mutation -H 'Content-Type: application/json' \
--     -d '{"path":"mutable:set","args":{"namespace":"bench","key":"k","value":1}}'
function init(args)
  wrk.method = "POST"
  wrk.path = "/api/query"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Convex-Client"] = "npm-1.48.0"
  wrk.body = '{"path":"mutable:get","format":"convex_encoded_json","args":[{"namespace":"bench","key":"k"}]}'
end

function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"status":"success"', 1, true) then
    errors = (errors or 0) + 1
    if errors <= 3 then
      print("unexpected answer: " .. status .. " " .. body)
    end
  end
end

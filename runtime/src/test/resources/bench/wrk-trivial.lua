-- wrk script: the same POST shape against the trivial Undertow handler (TrivialUndertowServer).
function init(args)
  wrk.method = "POST"
  wrk.path = "/api/mutation"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"path":"mutable:set","format":"convex_encoded_json","args":[{"namespace":"bench","key":"k","value":1}]}'
end

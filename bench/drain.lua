-- wrk script: POST noop jobs until JOBS (env, default 100000) have been answered across all
-- threads (each thread stops after its share), printing how many were accepted (2xx).
wrk.method = "POST"
wrk.body = '{"type":"noop","params":{"duration":0}}'
wrk.headers["Content-Type"] = "application/json"
local threads = {}
function setup(thread) table.insert(threads, thread) end
share, answered, accepted = 0, 0, 0
function init(args)
  share = math.ceil(tonumber(os.getenv("JOBS") or "100000") / tonumber(os.getenv("WRK_THREADS") or "2"))
end
function response(status, headers, body)
  answered = answered + 1
  if status >= 200 and status < 300 then accepted = accepted + 1 end
  if answered >= share then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("accepted") or 0) end
  io.write(string.format("accepted %d\n", total))
end

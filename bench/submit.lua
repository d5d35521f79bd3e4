-- wrk script: POST /api/jobs with a noop job of duration 0 (the submit benchmark).
wrk.method = "POST"
wrk.body = '{"type":"noop","params":{"duration":0}}'
wrk.headers["Content-Type"] = "application/json"

local statuses = {}

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("jobs/s %.0f  p50 %.2f ms  p99 %.2f ms  errors %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

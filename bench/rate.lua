-- wrk script: prints "req/s R p50 X ms p99 Y ms errors E" (non-2xx answers count as errors).
done = function(summary, latency, requests)
  io.write(string.format("req/s %.0f  p50 %.2f ms  p99 %.2f ms  errors %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

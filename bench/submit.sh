#!/usr/bin/env bash
# Submit throughput: POST /api/jobs (noop, duration 0) from 16 connections for 10 s with wrk,
# against a fresh service on a fresh jobs.json store. Needs wrk (apt-get install wrk).
#   bench/submit.sh [extra serve flags...]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
command -v wrk >/dev/null || { echo "submit.sh needs wrk: apt-get install wrk" >&2; exit 1; }
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
"$here/job-registry" build
port=18080
"$here/job-registry" serve --port "$port" --store-path "${STORE_DIR:-$work}/jobs.json" --roots "$work" "$@" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "listening" "$work/log" && break; sleep 0.1; done
grep -q "listening" "$work/log" || { cat "$work/log"; exit 1; }
# Warm-up (JIT), then the measured run.
wrk -t2 -c16 -d3s -s "$here/bench/submit.lua" "http://127.0.0.1:$port/api/jobs" >/dev/null
wrk -t2 -c16 -d10s --latency -s "$here/bench/submit.lua" "http://127.0.0.1:$port/api/jobs"

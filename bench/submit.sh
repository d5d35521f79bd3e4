#!/usr/bin/env bash
# Submit throughput: POST /api/jobs (noop, duration 0) from 16 connections for 10 s with wrk,
# against a fresh service on a fresh store (jobs.json, or jobs.db with --store sqlite) in a new
# temp folder (under STORE_DIR when set, to measure another file system). Needs wrk (apt-get install wrk).
#   bench/submit.sh [extra serve flags...]        e.g. bench/submit.sh --store sqlite
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
command -v wrk >/dev/null || { echo "submit.sh needs wrk: apt-get install wrk" >&2; exit 1; }
store=json
previous=""
for arg in "$@"; do
  case "$arg" in --store=*) store="${arg#--store=}" ;; esac
  if [ "$previous" = "--store" ]; then store="$arg"; fi
  previous="$arg"
done
case "$store" in json) file=jobs.json ;; sqlite) file=jobs.db ;; *) echo "submit.sh: unknown store $store" >&2; exit 2 ;; esac
pid=""
work="$(mktemp -d)"
store_dir="$(mktemp -d "${STORE_DIR:-$work}/store.XXXXXX")"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$store_dir" "$work"' EXIT
"$here/job-registry" build
port=18080
"$here/job-registry" serve --port "$port" --store-path "$store_dir/$file" --roots "$work" "$@" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "listening" "$work/log" && break; sleep 0.1; done
grep -q "listening" "$work/log" || { cat "$work/log"; exit 1; }
echo "store: $store ($store_dir/$file)"
# Warm-up (JIT), then the measured run.
wrk -t2 -c16 -d3s -s "$here/bench/submit.lua" "http://127.0.0.1:$port/api/jobs" >/dev/null
wrk -t2 -c16 -d10s --latency -s "$here/bench/submit.lua" "http://127.0.0.1:$port/api/jobs"

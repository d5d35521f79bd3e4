#!/usr/bin/env bash
# One JFR recording of the submit benchmark (json store unless --store sqlite is given): starts the
# service jar with JFR on a fresh store, runs the 10 s wrk submit, and prints the hottest frames
# (top of stack, and top application frames) from jdk.ExecutionSample plus file-force counts.
#   bench/profile.sh [--store sqlite]        needs JAVA_HOME (a JDK with jfr), wrk
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
: "${JAVA_HOME:?JAVA_HOME must point at a JDK 21+}"
store=json; [ "${1:-}" = --store ] && store="$2"
case "$store" in json) f=jobs.json ;; sqlite) f=jobs.db ;; *) echo "profile.sh: unknown store $store" >&2; exit 2 ;; esac
work="$(mktemp -d)"; pid=""
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=18290
"$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:StartFlightRecording=filename="$work/rec.jfr",settings=profile,dumponexit=true \
  -jar bootstrap/target/job-registry.jar --port "$port" --store "$store" --store-path "$work/$f" --roots "$work" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$port/api/jobs/types" && break; sleep 0.1; done
curl -fs -o /dev/null "http://127.0.0.1:$port/api/jobs/types" || { cat "$work/log" >&2; echo "profile.sh: service did not start" >&2; exit 1; }
wrk -t2 -c16 -d3s -s bench/submit.lua "http://127.0.0.1:$port/api/jobs" >/dev/null
wrk -t2 -c16 -d10s -s bench/submit.lua "http://127.0.0.1:$port/api/jobs"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
"$JAVA_HOME/bin/jfr" print --json --events jdk.ExecutionSample "$work/rec.jfr" >"$work/samples.json"
"$JAVA_HOME/bin/jfr" summary "$work/rec.jfr" | grep -E 'jdk\.(FileForce|FileWrite|ExecutionSample|ThreadPark|GarbageCollection) ' || true
python3 - "$work/samples.json" <<'PY'
import json, sys, collections
events = json.load(open(sys.argv[1]))["recording"]["events"]
top, app, threads = collections.Counter(), collections.Counter(), collections.Counter()
for e in events:
    frames = e["values"]["stackTrace"]["frames"]
    name = lambda fr: fr["method"]["type"]["name"] + "." + fr["method"]["name"]
    if frames:
        top[name(frames[0])] += 1
    for fr in frames:
        if fr["method"]["type"]["name"].startswith("dev.jobregistry"):
            app[name(fr)] += 1
            break
    threads[(e["values"].get("sampledThread") or {}).get("javaName") or "?"] += 1
n = len(events)
print(f"{n} execution samples")
print("Top frames (self):")
for k, v in top.most_common(15): print(f"  {100*v/n:5.1f}%  {k}")
print("Innermost application frame:")
for k, v in app.most_common(12): print(f"  {100*v/n:5.1f}%  {k}")
print("Threads:")
for k, v in threads.most_common(6): print(f"  {100*v/n:5.1f}%  {k}")
PY

#!/usr/bin/env bash
# Every figure that matters, in one run, written to docs/benchmarks.md (./job-registry bench).
# Each figure is reported as a ratio to a baseline measured in the same run (the machine may be
# shared). Services run on their own ports and temp folders and are killed at the end.
#   bench/run.sh            env: DRAIN_JOBS (100000), DRAIN_BUDGET (s of submitting, 25), FILES_MB (300),
#                           FILES_ROUNDS (7), STREAMS (1000), SKIP_FILES=1, WRK_SECONDS (10), WARM_SECONDS (3),
#                           PROGRESS_SECONDS (3), JMH_ARGS (more options for JMH, e.g. "-wi 0 -i 1"),
#                           OUT (docs/benchmarks.md)
# The in-process drain and progress times are JMH benchmarks (bench/jmh, built here with -P bench).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
for tool in wrk curl python3 mvn; do
  command -v "$tool" >/dev/null || { echo "bench: needs $tool: sudo apt-get install ${tool/mvn/maven}" >&2; exit 1; }
done
: "${JAVA_HOME:?bench: JAVA_HOME must point at a JDK 21+ (the launcher sets it)}"
java="$JAVA_HOME/bin/java"
out="${OUT:-$here/docs/benchmarks.md}"
drain_jobs="${DRAIN_JOBS:-100000}"
drain_budget="${DRAIN_BUDGET:-25}"
streams_n="${STREAMS:-1000}"
cp="$here/bootstrap/target/job-registry.jar:$here/bootstrap/target/libs/*"
jmh_cp="$here/bench/jmh/target/bench.jar:$here/bench/jmh/target/libs/*"
work="$(mktemp -d)"
# Every background process this script starts goes into pids and leaves it when stopped (a stopped
# process's id may be reused, so cleanup must not signal it again).
pids=()
# alive PID: true while PID runs (a zombie, exited but not yet waited for, counts as ended).
alive() {
  local state
  state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}
# stop PID: SIGTERM, up to 10 s to exit, then SIGKILL; reaps it and drops it from pids.
stop() {
  local p="$1" i rest=()
  if alive "$p"; then
    kill "$p" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do alive "$p" || break; sleep 0.1; done
    if alive "$p"; then kill -9 "$p" 2>/dev/null || true; fi
  fi
  wait "$p" 2>/dev/null || true
  for i in "${pids[@]}"; do [ "$i" = "$p" ] || rest+=("$i"); done
  pids=("${rest[@]}")
}
cleanup() {
  local p
  exec 9>&-  # releases a streams client waiting on its stdin
  for p in "${pids[@]}"; do stop "$p"; done
  rm -rf "$work"
}
trap cleanup EXIT
# A signal ends the script through exit, so the EXIT trap stops the services then too.
trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM
log() { printf 'bench: %s\n' "$*" >&2; }
fail() { printf 'bench: FAILED: %s\n' "$*" >&2; exit 1; }
declare -A R

# The JMH benchmarks (bench/jmh, only in the root pom's "bench" profile) and, through -am, the
# service they run, before any service starts: the build rewrites bootstrap/target/job-registry.jar
# (the same classes), so the launcher's class-data archive is written anew by the untimed start below.
log "building the JMH benchmarks (mvn -P bench -pl bench/jmh -am package)"
mvn -B -q ${MAVEN_ARGS:-} -P bench -pl bench/jmh -am package -DskipTests -Dmaven.test.skip.exec=true \
  >"$work/jmh-build.log" 2>&1 || { tail -40 "$work/jmh-build.log" >&2; fail "building bench/jmh"; }
[ -f bootstrap/target/job-registry.jar ] || fail "no bootstrap/target/job-registry.jar after the build"
[ -f bench/jmh/target/bench.jar ] || fail "no bench/jmh/target/bench.jar after the build"

R[wrk_seconds]="${WRK_SECONDS:-10}"; R[warm_seconds]="${WARM_SECONDS:-3}"; R[streams_asked]="$streams_n"
R[drain_asked]="$drain_jobs"; R[drain_budget]="$drain_budget"; R[progress_asked_seconds]="${PROGRESS_SECONDS:-3}"
R[files_skipped]="${SKIP_FILES:-0}"; R[files_mb]="${FILES_MB:-300}"; R[files_rounds]="${FILES_ROUNDS:-7}"
R[jmh_args]="${JMH_ARGS:-}"

rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
threads_of() { awk '/^Threads/ {print $2}' "/proc/$1/status"; }
now_ms() { date +%s%3N; }

# wait_http URL SECONDS: polls until the URL answers 2xx; fails clearly otherwise.
wait_http() {
  local end=$(( $(now_ms) + $2 * 1000 ))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    [ "$(now_ms)" -lt "$end" ] || return 1
    sleep 0.02
  done
}

# serve NAME PORT STORE FILE [flags]: starts the service with the launcher; sets SERVICE_PID and
# START_MS (launcher to the first answered request).
serve() {
  local name="$1" port="$2" store="$3" file="$4"; shift 4
  local t0; t0="$(now_ms)"
  # The launcher only for the "start" figure (it would rebuild if sources changed meanwhile);
  # the others run the jar as the launcher does.
  local cmd=("$java" -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -jar bootstrap/target/job-registry.jar)
  [ "${LAUNCHER:-0}" = 1 ] && cmd=(./job-registry serve)
  "${cmd[@]}" --port "$port" --store "$store" --store-path "$file" --roots "$work" "$@" \
    >"$work/$name.log" 2>&1 &
  SERVICE_PID=$!
  pids+=("$SERVICE_PID")
  wait_http "http://127.0.0.1:$port/api/jobs/types" 60 || { cat "$work/$name.log" >&2; fail "$name did not answer within 60 s"; }
  START_MS=$(( $(now_ms) - t0 ))
  # The launcher execs java, so SERVICE_PID is the JVM.
}

# wrk_run URL SCRIPT: 3 s warm-up, then 10 s measured, 16 connections; prints the script's line.
wrk_run() {
  wrk -t2 -c16 -d"${WARM_SECONDS:-3}s" -s "$2" "$1" >/dev/null
  wrk -t2 -c16 -d"${WRK_SECONDS:-10}s" --timeout 5s -s "$2" "$1" | grep -E '^(jobs|req)/s' || fail "wrk against $1 printed no figures"
}
# field LINE KEY: the number after KEY in a wrk line ("jobs/s 123  p50 0.5 ms ...").
field() { awk -v k="$2" '{for (i = 1; i < NF; i++) if ($i == k) {print $(i+1); exit}}' <<<"$1"; }

unfinished() {  # true while some job is pending or running
  local p r
  p="$(curl -fsS "http://127.0.0.1:$1/api/jobs?status=pending&limit=1")" || fail "list pending jobs on port $1"
  r="$(curl -fsS "http://127.0.0.1:$1/api/jobs?status=running&limit=1")" || fail "list running jobs on port $1"
  grep -q '"job-' <<<"$p$r"
}
# wait_drained PORT SECONDS: waits until no job is pending or running; prints the ms it waited.
wait_drained() {
  local t0 end; t0="$(now_ms)"; end=$(( t0 + $2 * 1000 ))
  while unfinished "$1"; do [ "$(now_ms)" -lt "$end" ] || return 1; sleep 0.05; done
  echo $(( $(now_ms) - t0 ))
}
# build_is_stale: as the launcher's: the jar is older than a source or pom.xml (then the launcher
# would rebuild before starting, and the start figure would time the build).
build_is_stale() {
  [ -n "$(find "$here" -path "$here/.git" -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -type f \
          -newer bootstrap/target/job-registry.jar -print -quit)" ]
}

# ---- The ceiling: a bare Helidon handler answering a job-sized JSON ----
log "bare Helidon ceiling"
"$java" -XX:+UseSerialGC -cp "$cp" bench/java/Bench.java bare 18190 >"$work/bare.log" 2>&1 &
pids+=($!); bare_pid=$!
for _ in $(seq 300); do grep -q '^listening' "$work/bare.log" && break; sleep 0.1; done
grep -q '^listening' "$work/bare.log" || { cat "$work/bare.log" >&2; fail "bare server did not start"; }
line="$(wrk_run http://127.0.0.1:18190/api/jobs bench/submit.lua)"
R[bare_rate]="$(field "$line" jobs/s)"; R[bare_p50]="$(field "$line" p50)"; R[bare_p99]="$(field "$line" p99)"
log "bare: $line"
line="$(wrk_run http://127.0.0.1:18190/api/jobs/3f2c1e0a9b8d4c7e bench/rate.lua)"
R[bare_read_rate]="$(field "$line" req/s)"; R[bare_read_p50]="$(field "$line" p50)"; R[bare_read_p99]="$(field "$line" p99)"
stop "$bare_pid"
log "bare read: $line"

# scale_run STORE KEY PORT FILE WHAT: a service on FILE with --retain 100000 started with the
# launcher; its start-up, idle RSS, the submit wrk run and RSS after it, as R[STORE_KEY_*].
scale_run() {
  local store="$1" key="$2" port="$3" file="$4" what="$5" pid line
  LAUNCHER=1 serve "$store-$key" "$port" "$store" "$file" --retain 100000
  pid=$SERVICE_PID
  R[${store}_${key}_start_ms]=$START_MS
  sleep 1
  R[${store}_${key}_idle_rss]="$(rss_mb "$pid")"
  line="$(wrk_run "http://127.0.0.1:$port/api/jobs" bench/submit.lua)"
  log "$store $what submit: $line"
  R[${store}_${key}_rate]="$(field "$line" jobs/s)"; R[${store}_${key}_p50]="$(field "$line" p50)"
  R[${store}_${key}_p99]="$(field "$line" p99)"; R[${store}_${key}_err]="$(field "$line" errors)"
  R[${store}_${key}_rss]="$(rss_mb "$pid")"
  stop "$pid"
}

port=18200
for store in json sqlite; do
  port=$((port + 10))
  case "$store" in json) f=jobs.json ;; sqlite) f=jobs.db ;; esac
  dir="$work/$store"; mkdir -p "$dir/a" "$dir/b" "$dir/c"

  # ---- start, idle memory, submit, read, streams: an empty store, default settings (no --retain) ----
  log "$store: start, submit, read, streams"
  if build_is_stale; then
    # Sources changed since the build: build now, untimed, so that the launcher starts the build in place.
    log "$store: sources changed during the run; rebuilding before the start figure"
    ./job-registry build || fail "rebuild before the $store start figure"
    R[${store}_rebuilt]=1
  fi
  if [ -z "${archive_written:-}" ]; then
    # The launcher's first start after a build writes the class-data archive (bootstrap/target/,
    # see ./job-registry) when it stops; every later start uses it. Start and stop once, untimed,
    # so that the start figures are those of every start but the first after a build.
    log "writing the launcher's class-data archive (one untimed start and stop)"
    LAUNCHER=1 serve warm "$((port + 9))" json "$work/warm/jobs.json"
    stop "$SERVICE_PID"
    archive_written=1
  fi
  LAUNCHER=1 serve "$store-a" "$port" "$store" "$dir/a/$f"
  pid=$SERVICE_PID
  R[${store}_start_ms]=$START_MS
  sleep 2
  R[${store}_idle_rss]="$(rss_mb "$pid")"
  line="$(wrk_run "http://127.0.0.1:$port/api/jobs" bench/submit.lua)"
  log "$store submit: $line"
  R[${store}_submit_rate]="$(field "$line" jobs/s)"; R[${store}_submit_p50]="$(field "$line" p50)"
  R[${store}_submit_p99]="$(field "$line" p99)"; R[${store}_submit_err]="$(field "$line" errors)"
  id="$(curl -fsS -H 'Content-Type: application/json' -d '{"type":"noop","params":{"duration":0}}' \
        "http://127.0.0.1:$port/api/jobs" | grep -o '"job-[A-Za-z0-9._-]*"' | head -1 | tr -d '"')"
  [ -n "$id" ] || fail "$store: submitting one job gave no id"
  # Reads alone: first wait until the backlog the submit run left (and that job) has run.
  R[${store}_read_wait_ms]="$(wait_drained "$port" 300)" || fail "$store: jobs of the submit run not finished in 300 s"
  log "$store: backlog drained in ${R[${store}_read_wait_ms]} ms"
  curl -fsS -o /dev/null "http://127.0.0.1:$port/api/jobs/$id" || fail "$store: GET of job $id before the read run"
  line="$(wrk_run "http://127.0.0.1:$port/api/jobs/$id" bench/rate.lua)"
  log "$store read: $line"
  R[${store}_read_rate]="$(field "$line" req/s)"; R[${store}_read_p99]="$(field "$line" p99)"
  R[${store}_read_err]="$(field "$line" errors)"
  # streams: N idle event-stream clients
  rss0="$(rss_mb "$pid")"; thr0="$(threads_of "$pid")"
  mkfifo "$work/hold"
  "$java" -XX:+UseSerialGC -cp "$cp" bench/java/Bench.java streams "$port" "$streams_n" <"$work/hold" >"$work/streams.log" 2>&1 &
  spid=$!; pids+=("$spid")
  exec 9>"$work/hold"
  for _ in $(seq 600); do grep -q '^streams_open' "$work/streams.log" && break; kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
  grep -q '^streams_open' "$work/streams.log" || { cat "$work/streams.log" >&2; fail "streams client did not connect"; }
  sleep 2
  if ! kill -0 "$pid" 2>/dev/null; then
    # The service died under the streams: say so, keep its log, go on with the other figures.
    mkdir -p "${LOG_DIR:-/tmp/bench-logs}"; cp "$work/$store-a.log" "${LOG_DIR:-/tmp/bench-logs}/" || true
    log "$store: the service DIED with $streams_n event streams open; log in ${LOG_DIR:-/tmp/bench-logs}/$store-a.log"
    R[${store}_streams_died]=1
  fi
  R[${store}_streams_open]="$(awk '/^streams_open/ {print $2}' "$work/streams.log")"; R[${store}_streams_failed]="$(awk '/^streams_failed/ {print $2}' "$work/streams.log")"
  R[${store}_streams_rss0]="$rss0"; R[${store}_streams_threads0]="$thr0"
  if [ -z "${R[${store}_streams_died]:-}" ]; then
    R[${store}_streams_rss]=$(( $(rss_mb "$pid") - rss0 )); R[${store}_streams_threads]=$(( $(threads_of "$pid") - thr0 ))
  fi
  exec 9>&-; stop "$spid"; rm -f "$work/hold"
  stop "$pid"

  # ---- drain over HTTP ----
  log "$store: drain over HTTP ($drain_jobs jobs, at most $drain_budget s of submitting)"
  port=$((port + 1))
  serve "$store-b" "$port" "$store" "$dir/b/$f" --retain "$drain_jobs"
  pid=$SERVICE_PID
  wrk -t2 -c16 -d5s -s bench/submit.lua "http://127.0.0.1:$port/api/jobs" >/dev/null  # warm-up
  end=$(( $(now_ms) + 120000 )); while unfinished "$port"; do [ "$(now_ms)" -lt "$end" ] || fail "warm-up jobs not drained in 120 s"; sleep 0.2; done
  t0="$(date +%s.%N)"
  acc="$(JOBS="$drain_jobs" WRK_THREADS=2 wrk -t2 -c16 -d"${drain_budget}s" --timeout 10s -s bench/drain.lua \
         "http://127.0.0.1:$port/api/jobs" | awk '/^accepted/ {print $2}')"
  end=$(( $(now_ms) + 300000 ))
  while unfinished "$port"; do [ "$(now_ms)" -lt "$end" ] || fail "$store: drain not finished in 300 s"; sleep 0.05; done
  # wrk sleeps out its whole -d even when every thread has stopped, so the end is the latest
  # finished_at among the newest jobs (they run first in, first out), not when wrk returns.
  ms="$(curl -fsS "http://127.0.0.1:$port/api/jobs?limit=50" | T0="$t0" python3 -c '
import json, os, re, sys
times = [float(t) for t in re.findall(r"\"finished_at\"\s*:\s*([0-9.]+)", sys.stdin.read())]
print(int((max(times) - float(os.environ["T0"])) * 1000))')" || fail "$store: reading the drain end time"
  [ "${acc:-0}" -gt 0 ] && [ "$ms" -gt 0 ] || fail "$store: drain accepted ${acc:-no} jobs in ${ms} ms"
  R[${store}_drain_jobs]="$acc"; R[${store}_drain_rate]="$(( acc * 1000 / ms ))"
  log "$store drain: $acc jobs in $ms ms"
  stop "$pid"

  # ---- scale baseline: the scale run on an empty store (same flags, same wrk run) ----
  log "$store: scale baseline (empty store, --retain 100000)"
  mkdir -p "$dir/e"
  port=$((port + 1))
  scale_run "$store" scale0 "$port" "$dir/e/$f" "scale baseline"

  # ---- scale: 100,000 finished jobs retained ----
  log "$store: scale (100,000 finished jobs retained)"
  python3 bench/fill.py "$dir/c/fill.json" 100000
  if [ "$store" = json ]; then mv "$dir/c/fill.json" "$dir/c/$f"; else
    ./job-registry migrate --from "json:$dir/c/fill.json" --to "sqlite:$dir/c/$f" >/dev/null || fail "migrate to sqlite"
  fi
  port=$((port + 1))
  scale_run "$store" scale "$port" "$dir/c/$f" "scale"

  # ---- in process: the store writes progress causes (the times are JMH's, below) ----
  log "$store: in process, store writes of progress"
  "$java" -XX:+UseSerialGC -Dbench.progressSeconds="${PROGRESS_SECONDS:-3}" \
    -cp "$jmh_cp" dev.jobregistry.bench.StoreWrites "$store" >"$work/writes-$store.log" 2>&1 &
  ipid=$!; pids+=("$ipid")
  rc=0; wait "$ipid" || rc=$?
  stop "$ipid"
  [ "$rc" = 0 ] || { tail -30 "$work/writes-$store.log" >&2; fail "$store in-process store writes"; }
  while read -r k v; do R[${store}_$k]="$v"; done < <(grep -E '^progress_[a-z_]+ ' "$work/writes-$store.log")
  log "$store in process: $(grep -E '^progress_' "$work/writes-$store.log" | tr '\n' ' ')"
done

# ---- in process, JMH: drain through JobsUseCase, progress (both stores; no service is running) ----
log "in process: JMH (bench/jmh InProcessDrain, Progress; -p jobs=$drain_jobs${JMH_ARGS:+ $JMH_ARGS})"
t0="$(now_ms)"
# -foe: a benchmark that throws fails the run instead of leaving its figures out.
# shellcheck disable=SC2086  # JMH_ARGS is split into options on purpose
"$java" -XX:+UseSerialGC -cp "$jmh_cp" org.openjdk.jmh.Main -foe true -p jobs="$drain_jobs" ${JMH_ARGS:-} \
  -rf json -rff "$work/jmh.json" >"$work/jmh.log" 2>&1 &
jpid=$!; pids+=("$jpid")
rc=0; wait "$jpid" || rc=$?
stop "$jpid"
[ "$rc" = 0 ] && [ -s "$work/jmh.json" ] || { tail -40 "$work/jmh.log" >&2; fail "JMH (bench/jmh)"; }
R[jmh_seconds]=$(( ($(now_ms) - t0) / 1000 ))
python3 bench/jmh_figures.py "$work/jmh.json" >"$work/jmh.figures" || fail "reading the JMH results ($work/jmh.json)"
while read -r k v; do R[$k]="$v"; done <"$work/jmh.figures"
for store in json sqlite; do
  [ -n "${R[${store}_drain_rate_inproc]:-}" ] && [ -n "${R[${store}_progress_seconds]:-}" ] \
    || { tail -40 "$work/jmh.log" >&2; fail "JMH gave no in-process figures for $store"; }
done
log "JMH took ${R[jmh_seconds]} s:"
sed -n '/^Benchmark  /,$p' "$work/jmh.log" | grep -E '^(Benchmark +\(|[A-Za-z]+\.[A-Za-z]+ )' >&2 || true

# ---- files ----
if [ "${SKIP_FILES:-0}" != 1 ]; then
  log "files (bench/files.sh ${FILES_MB:-300} ${FILES_ROUNDS:-7})"
  bench/files.sh "${FILES_MB:-300}" "${FILES_ROUNDS:-7}" >"$work/files.log" 2>&1 || { tail -20 "$work/files.log" >&2; fail "bench/files.sh"; }
  R[files_extract]="$(awk -F'= ' '/^extract_archive \/ unzip/ {split($2, a, " "); print a[1]}' "$work/files.log")"
  R[files_copy]="$(awk -F'= ' '/^bulk_copy \/ cp/ {split($2, a, " "); print a[1]}' "$work/files.log")"
fi

# ---- report ----
export R_DUMP="$(for k in "${!R[@]}"; do printf '%s=%s\n' "$k" "${R[$k]}"; done)"
mkdir -p "$(dirname "$out")" "${LOG_DIR:-/tmp/bench-logs}"
printf "%s\n" "$R_DUMP" >"${LOG_DIR:-/tmp/bench-logs}/figures.txt"
python3 bench/report.py "$out"
log "wrote $out"

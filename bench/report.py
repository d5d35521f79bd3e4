#!/usr/bin/env python3
# Writes docs/benchmarks.md from the figures bench/run.sh collected (R_DUMP: key=value lines).
import os, platform, subprocess, sys, datetime

R = dict(line.split("=", 1) for line in os.environ.get("R_DUMP", "").splitlines() if "=" in line)
out = sys.argv[1]


def num(key):
    try:
        return float(R[key])
    except (KeyError, ValueError):
        return None


def fmt(v, unit=""):
    if v is None:
        return "n/a"
    if abs(v) >= 100:
        s = f"{v:,.0f}"
    elif abs(v) >= 10:
        s = f"{v:.1f}"
    else:
        s = f"{v:.2f}"
    return f"{s} {unit}".strip()


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=20).stdout.strip()
    except Exception:
        return "?"


rows = []


def row(figure, store, value, unit, baseline=None, baseline_label="", target="", ok=None):
    ratio = (value / baseline) if value is not None and baseline not in (None, 0) else None
    met = "n/a" if ok is None or value is None else ("met" if ok else "**not met**")
    rows.append((figure, store, fmt(value, unit),
                 f"{fmt(baseline, unit)} ({baseline_label})" if baseline_label else "–",
                 f"{ratio:.2f}" if ratio is not None else "–", target, met))


bare = num("bare_rate")
row("submit ceiling: bare Helidon, job-sized JSON", "–", bare, "req/s", target="(baseline)")
row("submit ceiling p50 / p99", "–", num("bare_p50"), "ms", target=f"p99 {fmt(num('bare_p99'), 'ms')}")
for s in ("json", "sqlite"):
    v = num(f"{s}_submit_rate")
    row("submit POST /api/jobs, 16 conn, 10 s", s, v, "jobs/s", bare, "bare Helidon",
        "≥10,000/s and ≥0.50 of bare", v is not None and bare is not None and v >= 10000 and v >= 0.5 * bare)
    row("submit p50", s, num(f"{s}_submit_p50"), "ms", num("bare_p50"), "bare Helidon")
    row("submit p99", s, num(f"{s}_submit_p99"), "ms", num("bare_p99"), "bare Helidon")
    v = num(f"{s}_drain_rate")
    row(f"drain over HTTP ({R.get(s + '_drain_jobs', '?')} jobs)", s, v, "jobs/s", v and num(f"{s}_submit_rate"),
        "submit rate", "≥5,000/s", v is not None and v >= 5000)
    v = num(f"{s}_drain_rate")
    vi = num(f"{s}_drain_rate_inproc")
    row(f"drain in process via JobsUseCase ({R.get(s + '_drain_jobs_inproc', '?')} jobs)", s, vi, "jobs/s",
        v, "drain over HTTP", "≥20,000/s", vi is not None and vi >= 20000)
    v = num(f"{s}_read_rate")
    row("read GET /api/jobs/{id}, 16 conn", s, v, "req/s", bare, "bare Helidon POST", "≥20,000/s",
        v is not None and v >= 20000)
    v = num(f"{s}_read_p99")
    row("read p99", s, v, "ms", num("bare_p99"), "bare Helidon POST", "< 5 ms", v is not None and v < 5)
    v, b = num(f"{s}_scale_rate"), num(f"{s}_submit_rate")
    row("scale: submit with 100,000 finished jobs", s, v, "jobs/s", b, "empty store", "≥0.50 of empty",
        v is not None and b is not None and v >= 0.5 * b)
    v, b = num(f"{s}_scale_start_ms"), num(f"{s}_start_ms")
    row("scale: start-up with 100,000 jobs (launcher to first answer)", s, v, "ms", b, "empty store", "< 3,000 ms",
        v is not None and v < 3000)
    v, b = num(f"{s}_scale_rss"), num(f"{s}_idle_rss")
    row("scale: RSS with 100,000 jobs, after the submit run", s, v, "MB", b, "idle, empty store", "< 512 MB",
        v is not None and v < 512)
    row("scale: RSS with 100,000 jobs, idle after start", s, num(f"{s}_scale_idle_rss"), "MB", b, "idle, empty store")
    v, b = num(f"{s}_progress_seconds"), num(f"{s}_progress_plain_seconds")
    row("progress: 1,000,000 set-progress calls, job time", s, v, "s", b, "same loop without",
        "added < 1 s", v is not None and b is not None and v - b < 1)
    v = num(f"{s}_progress_store_writes")
    row("progress: store writes during that job", s, v, "writes", target="a few per second per job",
        ok=None)
    v = num(f"{s}_start_ms")
    row("start: launcher to first answered request", s, v, "ms", target="< 2,000 ms", ok=v is not None and v < 2000)
    v = num(f"{s}_idle_rss")
    row("start: RSS idle", s, v, "MB", target="< 150 MB", ok=v is not None and v < 150)
    row(f"streams: {R.get(s + '_streams_open', '?')} idle event-stream clients, added RSS", s,
        num(f"{s}_streams_rss"), "MB", target="(no target)")
    row("streams: added threads", s, num(f"{s}_streams_threads"), "threads", target="(no target)")
    if R.get(f"{s}_streams_died"):
        rows.append(("streams: **the service died** with the idle streams open", s, "died", "–", "–", "stays up", "**not met**"))
    row("streams: connections that failed (reset or no answer in 5 s)", s, num(f"{s}_streams_failed"), "", target="0", ok=num(f"{s}_streams_failed") == 0)
v = num("files_extract")
row("files: extract_archive / unzip -q", "–", v, "x", target="≤ 1.25", ok=v is not None and v <= 1.25)
v = num("files_copy")
row("files: bulk_copy / cp -a", "–", v, "x", target="≤ 1.10", ok=v is not None and v <= 1.10)

mem = sh("awk '/MemTotal/ {printf \"%.1f GB\", $2/1048576}' /proc/meminfo")
cpu = sh("awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo")
jdk = sh(f"{os.environ['JAVA_HOME']}/bin/java -version 2>&1 | head -1")
commit = sh("git rev-parse --short HEAD") + (" (working tree has uncommitted changes)" if sh("git status --porcelain -uno") else "")
# Hand-written analysis ("## Where the time goes" and after) survives a re-run.
kept = ""
if os.path.exists(out):
    text = open(out).read()
    at = text.find("\n## Where the time goes")
    if at >= 0:
        kept = text[at:]
with open(out, "w") as f:
    f.write(f"""# Benchmarks

Measured by `./job-registry bench` (bench/run.sh); every figure comes from that one run. The
machine may be shared, so absolute figures are noisy: each is set against a baseline measured in
the same run (the ratio column), and the target is what the figure should reach.

- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}
- Commit: {commit}
- Machine: {os.cpu_count()} cores ({cpu}), {mem} memory, {platform.system()} {platform.release()}
- JDK: {jdk}; services run as `./job-registry serve` (JAVA_OPTS default: `-XX:+UseSerialGC`)
- wrk: 2 threads, 16 connections, 3 s warm-up then 10 s measured

| Figure | Store | Value | Baseline | Ratio | Target | Met |
|---|---|---|---|---|---|---|
""")
    for r in rows:
        f.write("| " + " | ".join(r) + " |\n")
    f.write("""
## How each figure is measured

- **submit**: `wrk -t2 -c16 -d10s -s bench/submit.lua` (POST `{"type":"noop","params":{"duration":0}}`)
  against a fresh store started with `--retain 100000`. The ceiling is `bench/java/Bench.java bare`:
  a bare Helidon WebServer (same jars) answering each POST with a job-sized JSON, 201.
- **drain over HTTP**: a fresh service; `bench/drain.lua` POSTs until DRAIN_JOBS jobs (default
  100,000) are answered or DRAIN_BUDGET seconds (default 25) of submitting have passed, then the
  clock runs until `GET /api/jobs?status=pending|running` are both empty. Rate = accepted jobs /
  time from the first POST to the last job finished. When the store cannot take 100,000 jobs within
  the budget the table says how many jobs went in.
- **drain in process**: `bench/java/Bench.java inproc`: `Registry.start` in the same JVM, 16
  virtual threads calling `JobsUseCase.submit` (same budget), then polling `list` for unfinished
  jobs; after a 2,000-job warm-up.
- **read**: `wrk` GET `/api/jobs/{id}` of one finished job, 16 connections, 10 s.
- **scale**: a store of 100,000 succeeded jobs written by `bench/fill.py` (json; `migrate`d to
  sqlite), served with `--retain 100000`: start-up (launcher to first answered
  `GET /api/jobs/types`), VmRSS, and the submit run again.
- **progress**: in process, a handler running a 1,000,000-step loop that calls
  `setProgress(i, 1000000, null)` each step, against the same loop without the call (each run
  alone, second of two rounds). Store writes = `JsonFileJobStore.fileWrites()` /
  `SqliteJobStore.transactions()` during the job.
- **start**: `./job-registry serve` with the build in place to the first answered request; VmRSS 2 s later.
- **streams**: `bench/java/Bench.java streams` opens N `GET /api/jobs/events` connections and holds
  them; added VmRSS and Threads of the service 2 s after all have their first bytes.
- **files**: `bench/files.sh FILES_MB FILES_ROUNDS` (default 100 MB, 3 rounds; the README's
  figures used 300 MB): median times of the handlers over `unzip -q` and `cp -a`.
""")
    f.write(kept)

#!/usr/bin/env python3
# Writes docs/benchmarks.md from the figures bench/run.sh collected (R_DUMP: key=value lines).
import datetime, math, os, platform, subprocess, sys

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
    if v == int(v) or abs(v) >= 100:  # counts (writes, errors, threads) and large figures: no decimals
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
NO_TARGET = ("", "(no target)", "(baseline)")


def row(figure, store, value, unit, baseline=None, baseline_label="", target="", ok=None):
    """One table row: value, baseline (what the value is set against, measured in the same run),
    value / baseline, the target, and whether the target is met."""
    ratio = (value / baseline) if value is not None and baseline not in (None, 0) else None
    if target in NO_TARGET:
        met = "–"
    elif value is None or ok is None:
        met = "n/a"
    else:
        met = "met" if ok else "**not met**"
    rows.append((figure, store, fmt(value, unit),
                 f"{fmt(baseline, unit)} ({baseline_label})" if baseline_label else "–",
                 f"{ratio:.2f}" if ratio is not None else "–", target or "(no target)", met))


def err(key, scale=1.0, unit=""):
    """ ±JMH's error (99.9% confidence half-width) of a figure, scaled; empty when there is none
    (a single measured iteration gives NaN)."""
    e = num(key + "_error")
    return "" if e is None or math.isnan(e) else f" ± {fmt(e * scale, unit)}"


def plural(count, word):
    return f"{count} {word}" + ("" if count == "1" else "s")


def counter(key):
    """A store-write count or rate; StoreWrites prints -1 when the store has no write counter."""
    v = num(key)
    return None if v is None or v < 0 else v


secs = R.get("wrk_seconds", "10")
bare, bare_p50, bare_p99 = num("bare_rate"), num("bare_p50"), num("bare_p99")
bare_read, bare_read_p99 = num("bare_read_rate"), num("bare_read_p99")
row(f"submit ceiling: bare Helidon POST, job-sized JSON, 16 conn, {secs} s", "–", bare, "req/s", target="(baseline)")
row("submit ceiling p50", "–", bare_p50, "ms", target="(baseline)")
row("submit ceiling p99", "–", bare_p99, "ms", target="(baseline)")
row(f"read ceiling: bare Helidon GET, job-sized JSON, 16 conn, {secs} s", "–", bare_read, "req/s", target="(baseline)")
row("read ceiling p99", "–", bare_read_p99, "ms", target="(baseline)")
for s in ("json", "sqlite"):
    # submit: default settings, empty store
    v = num(f"{s}_submit_rate")
    row(f"submit POST /api/jobs, 16 conn, {secs} s (default retention)", s, v, "jobs/s", bare, "bare Helidon",
        "≥10,000/s and ≥0.50 of bare", v is not None and bare is not None and v >= 10000 and v >= 0.5 * bare)
    row("submit p50", s, num(f"{s}_submit_p50"), "ms", bare_p50, "bare Helidon")
    row("submit p99", s, num(f"{s}_submit_p99"), "ms", bare_p99, "bare Helidon")
    v = num(f"{s}_submit_err")
    row("submit errors (non-2xx, socket errors)", s, v, "", target="0", ok=v == 0)
    # drain
    v = num(f"{s}_drain_rate")
    row(f"drain over HTTP ({R.get(s + '_drain_jobs', '?')} jobs)", s, v, "jobs/s", num(f"{s}_submit_rate"),
        "submit rate", "≥5,000/s", v is not None and v >= 5000)
    vi = num(f"{s}_drain_rate_inproc")
    ds = num(f"{s}_drain_seconds_inproc")
    row(f"drain in process via JobsUseCase ({R.get(s + '_drain_jobs_inproc', '?')} jobs; JMH: {fmt(ds, 's')}"
        f"{err(f'{s}_drain_seconds_inproc', 1, 's')} per drain, mean of {plural(R.get('drain_iterations', '?'), 'drain')})",
        s, vi, "jobs/s", v, "drain over HTTP", "≥20,000/s", vi is not None and vi >= 20000)
    # read: after the submit run's backlog has run
    w = num(f"{s}_read_wait_ms")
    row("read: wait for the submit run's jobs to finish first", s, None if w is None else w / 1000, "s")
    v = num(f"{s}_read_rate")
    row("read GET /api/jobs/{id}, 16 conn, no job pending or running", s, v, "req/s", bare_read,
        "bare Helidon GET", "≥20,000/s", v is not None and v >= 20000)
    v = num(f"{s}_read_p99")
    row("read p99", s, v, "ms", bare_read_p99, "bare Helidon GET", "< 5 ms", v is not None and v < 5)
    # scale: --retain 100000, empty store (baseline) vs 100,000 finished jobs
    b = num(f"{s}_scale0_rate")
    row("scale baseline: submit, empty store, --retain 100000", s, b, "jobs/s", num(f"{s}_submit_rate"),
        "submit, default retention")
    row("scale baseline: submit p50", s, num(f"{s}_scale0_p50"), "ms", num(f"{s}_submit_p50"), "submit, default retention")
    v = num(f"{s}_scale_rate")
    row("scale: submit with 100,000 finished jobs, --retain 100000", s, v, "jobs/s", b, "empty store, --retain 100000",
        "≥0.50 of empty", v is not None and b is not None and v >= 0.5 * b)
    row("scale: submit p50", s, num(f"{s}_scale_p50"), "ms", num(f"{s}_scale0_p50"), "empty store, --retain 100000")
    v, b = num(f"{s}_scale_start_ms"), num(f"{s}_scale0_start_ms")
    row("scale: start-up with 100,000 jobs (launcher to first answer)", s, v, "ms", b, "empty store", "< 3,000 ms",
        v is not None and v < 3000)
    v, b = num(f"{s}_scale_rss"), num(f"{s}_scale0_rss")
    row("scale: RSS with 100,000 jobs, after the submit run", s, v, "MB", b, "empty store, after the submit run",
        "< 512 MB", v is not None and v < 512)
    row("scale: RSS with 100,000 jobs, idle after start", s, num(f"{s}_scale_idle_rss"), "MB",
        num(f"{s}_scale0_idle_rss"), "empty store, idle")
    # progress
    v, b = num(f"{s}_progress_seconds"), num(f"{s}_progress_plain_seconds")
    n = R.get("progress_iterations", "?")
    e, eb = err(f"{s}_progress_seconds", 1000, "ms"), err(f"{s}_progress_plain_seconds", 1000, "ms")
    row(f"progress: 1,000,000 set-progress calls, job time (JMH, mean of {plural(n, 'job')}"
        f"{f'; {e.strip()}, without {eb.strip()}' if e and eb else ''})", s,
        None if v is None else v * 1000, "ms", None if b is None else b * 1000, "same loop without")
    added = None if v is None or b is None else (v - b) * 1000
    row("progress: time the 1,000,000 calls add to the job (with − without)", s, added, "ms",
        target="< 1,000 ms", ok=added is not None and added < 1000)
    row("progress: store writes caused by the 1,000,000-call job", s, counter(f"{s}_progress_store_writes"), "writes",
        counter(f"{s}_progress_plain_store_writes"), "same loop without")
    t = num(f"{s}_progress_timed_seconds")
    calls = num(f"{s}_progress_timed_calls")
    v = counter(f"{s}_progress_timed_writes_per_second")
    row(f"progress: store writes per second, a job calling set-progress for {fmt(t, 's')}"
        f" ({fmt(calls)} calls)", s, v, "writes/s", target="≤ 5/s (a few per second)", ok=v is not None and v <= 5)
    row("progress: store writes caused by the timed job", s, counter(f"{s}_progress_timed_store_writes"), "writes",
        counter(f"{s}_progress_plain_store_writes"), "a job without set-progress")
    # start
    v = num(f"{s}_start_ms")
    label = "start: launcher to first answered request"
    if R.get(f"{s}_rebuilt"):
        label += " (sources changed during the run: rebuilt just before, untimed)"
    row(label, s, v, "ms", target="< 2,000 ms", ok=v is not None and v < 2000)
    v = num(f"{s}_idle_rss")
    row("start: RSS idle, 2 s after start", s, v, "MB", target="< 150 MB", ok=v is not None and v < 150)
    # streams
    row(f"streams: {R.get(s + '_streams_open', '?')} idle event-stream clients, added RSS", s,
        num(f"{s}_streams_rss"), "MB", num(f"{s}_streams_rss0"), "RSS before them")
    row("streams: added threads", s, num(f"{s}_streams_threads"), "threads", num(f"{s}_streams_threads0"),
        "threads before them")
    if R.get(f"{s}_streams_died"):
        rows.append(("streams: **the service died** with the idle streams open", s, "died", "–", "–", "stays up", "**not met**"))
    v = num(f"{s}_streams_failed")
    row("streams: connections that failed (reset or no answer in 5 s)", s, v, "", target="0", ok=v == 0)
if R.get("files_skipped") == "1":
    rows.append(("files: skipped (SKIP_FILES=1)", "–", "–", "–", "–", "≤ 1.25 / ≤ 1.10", "n/a"))
else:
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
defaults = {"jmh_args": "", "drain_asked": "100000", "drain_budget": "25", "streams_asked": "1000", "wrk_seconds": "10",
            "warm_seconds": "3", "progress_asked_seconds": "3", "files_skipped": "0", "files_mb": "300",
            "files_rounds": "7"}
env_names = {"jmh_args": "JMH_ARGS", "drain_asked": "DRAIN_JOBS", "drain_budget": "DRAIN_BUDGET", "streams_asked": "STREAMS",
             "wrk_seconds": "WRK_SECONDS", "warm_seconds": "WARM_SECONDS", "progress_asked_seconds": "PROGRESS_SECONDS",
             "files_skipped": "SKIP_FILES", "files_mb": "FILES_MB", "files_rounds": "FILES_ROUNDS"}
changed = [f"{env_names[k]}={R[k]}" for k in defaults if k in R and R[k] != defaults[k]]
settings = ("**not the defaults** (a shortened run; the figures are not comparable with a full run): "
            + ", ".join(changed)) if changed else "the defaults"
with open(out, "w") as f:
    f.write(f"""# Benchmarks

Measured by `./job-registry bench` (bench/run.sh); every figure comes from that one run. The
machine may be shared, so absolute figures are noisy: each is set against a baseline measured in
the same run (the ratio column), and the target is what the figure should reach.

- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}
- Commit: {commit}
- Machine: {os.cpu_count()} cores ({cpu}), {mem} memory, {platform.system()} {platform.release()}
- JDK: {jdk}; services run with `-XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError` (the launcher's default JVM options; the launcher adds its class-data archive)
- wrk: 2 threads, 16 connections, {R.get("warm_seconds", "3")} s warm-up then {R.get("wrk_seconds", "10")} s measured
- Settings: {settings}

| Figure | Store | Value | Baseline | Ratio | Target | Met |
|---|---|---|---|---|---|---|
""")
    for r in rows:
        f.write("| " + " | ".join(r) + " |\n")
    f.write("""
## How each figure is measured

Every service runs on its own port and in its own temp folder, and is stopped when its figures are
taken (and at the end of the run, also when the run fails). The services whose start-up is a
figure (1, 3 and 4 below) are started with `./job-registry serve`, which starts the JVM from the
class-data archive of the build (see the launcher); the launcher's first start after a build writes
that archive when it stops, so run.sh starts and stops the service once, untimed, before the first
figure, and the start figures are those of every later start. The drain service is started as
`java -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -jar bootstrap/target/job-registry.jar`. Each
store (json, then sqlite) gets the same steps, on four services:

1. **Default service** (empty store, default settings: no `--retain`, so 200 finished jobs kept),
   started with `./job-registry serve`:
   - **start**: launcher to the first answered `GET /api/jobs/types`, with the build in place (if
     sources changed since the build, run.sh rebuilds first, untimed, and the row says so); RSS
     idle = VmRSS 2 s later.
   - **submit**: `wrk -t2 -c16` with `bench/submit.lua` (POST `{"type":"noop","params":{"duration":0}}`),
     WARM_SECONDS (3) of warm-up then WRK_SECONDS (10) measured. The ceiling is
     `bench/java/Bench.java bare`: a bare Helidon WebServer (same jars) answering each POST with a
     job-sized JSON, 201.
   - **read**: one more job is submitted, then run.sh waits until `GET /api/jobs?status=pending`
     and `?status=running` are both empty (the backlog of the submit run has run; the wait is its
     own row), then the same wrk run GETs `/api/jobs/{id}` of that finished job with
     `bench/rate.lua`. The ceiling is the bare Helidon server answering `GET /api/jobs/{id}` with
     the same JSON.
   - **streams**: `bench/java/Bench.java streams` opens STREAMS (1,000) `GET /api/jobs/events`
     connections and holds them; added VmRSS and Threads of the service 2 s after all have their
     first bytes, against those before.
2. **Drain over HTTP** (a fresh service, `--retain DRAIN_JOBS`): after a 5 s warm-up submit whose
   jobs are left to finish, `bench/drain.lua` POSTs until DRAIN_JOBS jobs (100,000) are answered or
   DRAIN_BUDGET seconds (25) of submitting have passed; the clock runs until no job is pending or
   running. Rate = accepted jobs / time from the first POST to the latest `finished_at`. When the
   store cannot take all the jobs within the budget the table says how many went in.
3. **Scale baseline** (a fresh service on an empty store with `--retain 100000`): start-up
   (launcher to the first answer), VmRSS 1 s after start, the submit wrk run, VmRSS after it.
   This is measured exactly as the scale run below except for the 100,000 jobs, and is the
   baseline of every scale row.
4. **Scale** (a store of 100,000 succeeded jobs written by `bench/fill.py`, json; `migrate`d to
   sqlite; served with `--retain 100000`): the same start-up, RSS and submit figures.

""")
    jmh_args = R.get("jmh_args", "")
    f.write(f"""Then, in process, with no service running:

- **JMH** (`bench/jmh`, a Maven module only in the root pom's `bench` profile, so `mvn verify`
  never builds it): run.sh builds it with `mvn -P bench -pl bench/jmh -am package` before the
  first service starts and runs `java -XX:+UseSerialGC -cp 'bench/jmh/target/bench.jar:bench/jmh/target/libs/*'
  org.openjdk.jmh.Main -foe true -p jobs=DRAIN_JOBS{(" " + jmh_args) if jmh_args else ""}` (JSON results
  read by `bench/jmh_figures.py`; {R.get("jmh_seconds", "?")} s in this run). Both benchmarks
  start the registry in the benchmark JVM as the service does (`RegistryConfig.load` of `--port 0
  --store STORE --store-path FILE --roots DIR --retain N`, `Registry.discoverHandlers`,
  `Registry.start`) on a fresh temp folder, once per store (json, sqlite); mode SingleShotTime
  (each iteration times one invocation), {R.get("jmh_forks", "?")} fork per benchmark and store
  (`-XX:+UseSerialGC`). "±" is JMH's error, the half-width of its 99.9% confidence interval.
  - **drain in process** (`InProcessDrain`): every iteration gets a fresh registry on a fresh
    folder (`--retain DRAIN_JOBS`) and a 2,000-job warm-up drain, both untimed; the timed
    invocation has 16 virtual threads call `JobsUseCase.submit` with the noop job
    (`{{"duration":0}}`) until DRAIN_JOBS (100,000) are in (no time budget: every job goes in),
    then polls `list` every 5 ms until no job is pending or running. {R.get("drain_warmups", "?")}
    warm-up and {R.get("drain_iterations", "?")} measured iterations (drains); the score is the
    mean seconds per drain, and the rate = DRAIN_JOBS / score.
  - **progress, 1,000,000 calls** (`Progress`, one registry per store and method, `--retain
    100000`): each invocation is one job, timed from its submit until `get` (polled every 1 ms)
    sees it finished, whose handler runs a 1,000,000-step loop calling `setProgress(i, 1000000,
    null)` each step (`withProgress`), against the same loop without the call
    (`withoutProgress`); {R.get("progress_warmups", "?")} warm-up and
    {R.get("progress_iterations", "?")} measured iterations (jobs) each; added time = the
    difference of the two mean scores.
- **store writes** (`dev.jobregistry.bench.StoreWrites` in bench/jmh, a plain main class, not a
  JMH benchmark; per store, a registry started as the JMH benchmarks start it, `--retain 100000`):
  - of the 1,000,000-call job: the same two loops, each job alone, the second of two rounds.
  - **writes per second**: a handler calling `setProgress(i, null, null)` with increasing `i` in
    a busy loop for PROGRESS_SECONDS (3 s); writes per second = store writes during the job / the
    job's time (submit to seen finished).
  - Store writes = `JsonFileJobStore.fileWrites()` (durable writes: journal appends or rewrites
    of jobs.json) / `SqliteJobStore.transactions()`, read from just before the job's submit to
    1.5 s after it is seen finished (the store may hold a change nobody waits for up to 500 ms),
    so they include the job's own insert, start and end; the baseline is the count for a job that
    never calls `setProgress`.
""")
    f.write("""- **files**: `bench/files.sh FILES_MB FILES_ROUNDS` (300 MB, 7 rounds, as the README's figures;
  on 100 MB a copy lasts ~0.1 s and the ratio moved between 0.95 and 1.28 from run to run):
  median times of the handlers over `unzip -q` and `cp -a`. SKIP_FILES=1 skips it.

Ratio = value / baseline. Targets are those of the benchmarks issue; "a few store writes per
second per job" is taken as at most 5.
""")
    f.write(kept)

#!/usr/bin/env python3
# Turns JMH's JSON results (bench/jmh, run by bench/run.sh with -rf json) into the "key value"
# lines run.sh keeps for bench/report.py. Times are converted to seconds; the error is JMH's
# 99.9% confidence half-width (nan with a single measured iteration).
#   InProcessDrain.drain      -> STORE_drain_jobs_inproc, STORE_drain_seconds_inproc[_error],
#                                STORE_drain_rate_inproc (jobs / mean seconds per drain), drain_warmups, drain_iterations
#   Progress.withProgress     -> STORE_progress_seconds[_error], progress_warmups, progress_iterations
#   Progress.withoutProgress  -> STORE_progress_plain_seconds[_error]
import json, math, sys

TO_SECONDS = {"s/op": 1.0, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}
figures = {}
for r in json.load(open(sys.argv[1])):
    benchmark = ".".join(r["benchmark"].split(".")[-2:])
    store = r["params"]["store"]
    m = r["primaryMetric"]
    unit = TO_SECONDS[m["scoreUnit"]]
    seconds = float(m["score"]) * unit
    error = float(m["scoreError"]) * unit
    if benchmark == "InProcessDrain.drain":
        jobs = int(r["params"]["jobs"])
        prefix = "drain"
        figures[f"{store}_drain_jobs_inproc"] = jobs
        figures[f"{store}_drain_seconds_inproc"] = seconds
        figures[f"{store}_drain_seconds_inproc_error"] = error
        figures[f"{store}_drain_rate_inproc"] = round(jobs / seconds)
    elif benchmark in ("Progress.withProgress", "Progress.withoutProgress"):
        prefix = "progress"
        key = "progress_seconds" if benchmark == "Progress.withProgress" else "progress_plain_seconds"
        figures[f"{store}_{key}"] = seconds
        figures[f"{store}_{key}_error"] = error
    else:
        continue
    figures[f"{prefix}_warmups"] = r["warmupIterations"]
    figures[f"{prefix}_iterations"] = r["measurementIterations"]
    figures["jmh_forks"] = r["forks"]
for k, v in sorted(figures.items()):
    print(k, "nan" if isinstance(v, float) and math.isnan(v) else (f"{v:.6f}" if isinstance(v, float) else v))

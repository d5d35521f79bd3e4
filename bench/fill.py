#!/usr/bin/env python3
# Writes a jobs.json holding N succeeded noop jobs (the "scale" store): bench/fill.py FILE N
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
t0 = 1796000000.0
with open(path, "w") as f:
    f.write("{\n")
    for i in range(n):
        t = t0 + i * 0.01
        job = {"id": "job-fill%08d" % i, "type": "noop", "params": {"duration": 0}, "status": "succeeded",
               "message": "Completed", "progress": {"completed": 1, "total": 1}, "result": None, "error": None,
               "cancel_requested": False, "created_at": t, "started_at": t + 0.001, "finished_at": t + 0.002}
        f.write('  "%s": %s%s\n' % (job["id"], json.dumps(job), "," if i < n - 1 else ""))
    f.write("}\n")

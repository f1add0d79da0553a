"""Per-probe latency against a running staging stack: median and p95 of many checks.

The drill's monitors poll every probe every second; this shows which probes are cheap enough
for that (http on a shared SSLContext, tcp) and which cost a docker round trip (sql, container).
Also times binding (one ``Target.endpoints()`` call) and validating the built-in scenarios.

    GAMEDAY_PROJECT=gd-b1 GAMEDAY_PROXY_PORT=28443 GAMEDAY_DB_PORT=25433 \\
    GAMEDAY_STATE_DIR=/tmp/gd-b1-state .venv/bin/python benchmarks/probe_bench.py [-n 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from gameday.probes import bind, bind_all
from gameday.scenario.model import ProbeSpec
from gameday.state import project_root
from gameday.validate import validate_files

PROBES = [
    ProbeSpec("http nginx-only", "http", {"url": "{proxy}/nginx-health"}),
    ProbeSpec("http api /health", "http", {"url": "{health}"}),
    ProbeSpec("http /products", "http", {"url": "{proxy}/products?limit=5"}),
    ProbeSpec("http no-verify", "http", {"url": "{proxy}/nginx-health", "verify": False}),
    ProbeSpec("tcp proxy", "tcp", {"address": "{proxy}"}),
    ProbeSpec("tcp db", "tcp", {"address": "{db.host}:{db.port}"}),
    ProbeSpec("container api", "container", {"service": "api"}),
    ProbeSpec("sql SELECT 1", "sql", {"query": "SELECT 1"}),
    ProbeSpec("command true", "command", {"argv": ["true"]}),
]
SLOW = {"sql", "container", "command"}  # docker or process round trips: fewer samples


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=200, help="checks per cheap probe (slow ones: n/5)")
    ap.add_argument("--target", default="targets/shop")
    args = ap.parse_args()

    from gameday.target import resolve_target

    target = resolve_target(args.target)
    t0 = time.perf_counter()
    bound = bind_all(target, PROBES)
    bind_ms = (time.perf_counter() - t0) * 1000
    print(f"target {target.project}: {target.endpoints()['proxy']}")
    print(f"bind_all ({len(PROBES)} probes, one endpoints() call): {bind_ms:.1f} ms\n")
    print(f"{'probe':<20} {'n':>5} {'median ms':>10} {'p95 ms':>8} {'ok':>5}")
    for b in bound:
        n = max(10, args.n // 5) if b.kind in SLOW else args.n
        b.check()  # warm-up (imports, first connection)
        results = [b.check() for _ in range(n)]
        lat = [r.latency_ms for r in results]
        ok = sum(r.ok for r in results)
        print(f"{b.name:<20} {n:>5} {statistics.median(lat):>10.2f} {pct(lat, 0.95):>8.2f} {ok:>5}")
        if not results[-1].ok:
            print(f"  last detail: {results[-1].detail}")

    one = ProbeSpec("rebind", "http", {"url": "{proxy}/nginx-health"})
    lat = []
    for _ in range(20):
        t0 = time.perf_counter()
        bind(target, one).check()
        lat.append((time.perf_counter() - t0) * 1000)
    print(f"\nbind + check every time (no reuse): median {statistics.median(lat):.2f} ms")

    files = sorted(str(p) for p in (project_root() / "scenarios").glob("*.yaml"))
    lat = []
    for _ in range(20):
        t0 = time.perf_counter()
        reports = validate_files(files)
        lat.append((time.perf_counter() - t0) * 1000)
    assert all(r.ok for r in reports)
    print(
        f"validate {len(files)} built-in scenarios (schema + rules): "
        f"median {statistics.median(lat):.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

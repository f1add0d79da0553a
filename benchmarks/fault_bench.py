"""Per fault: inject -> verified live, and undo -> steady state (median of several runs).

Runs against the target named by the environment (GAMEDAY_PROJECT, GAMEDAY_PROXY_PORT,
GAMEDAY_DB_PORT, GAMEDAY_STATE_DIR, GAMEDAY_ENGINE); brings it up first if needed. Every fault
goes through the restore journal, and everything is restored even if the benchmark is
interrupted. Faults that do not work on the target's engine are skipped (and said so).

What is timed, in this process, as a drill does it: a fault's ``stage`` (what the drill's
injector readies during the baseline, e.g. the bad version warm beside the good one) runs
before the clock starts; the clock runs from inject to verified live. Its ``stage_undo`` (the
injector readies the undo once the fault is live, minutes before a drill restores) runs before
the second clock, which runs from undo to steady state (every probe of bad-deploy.yaml passing,
polled every 0.1 s). ``--no-stage`` times the cold path instead (everything inside the clocks).

    .venv/bin/python benchmarks/fault_bench.py [--runs 5] [--only expired_cert,bad_deploy]
    GAMEDAY_ENGINE=swarm .venv/bin/python benchmarks/fault_bench.py   # on a swarm stack
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from gameday.clock import RealClock
from gameday.errors import FaultError
from gameday.faults import registries
from gameday.faults.apply import (
    check_engine,
    inject_fault,
    stage_fault,
    stage_undo,
    undo_fault,
    verify_live,
)
from gameday.faults.guard import restoring
from gameday.faults.restore import poll_steady
from gameday.probes.runner import bind_all, check_all
from gameday.scenario.loader import load_scenario
from gameday.state import project_root
from gameday.target import resolve_target

CASES: list[tuple[str, dict]] = [
    ("expired_cert", {}),
    ("heavy_migration", {"hold": "10m"}),
    ("upstream_schema_change", {}),
    ("bad_deploy", {"service": "api", "version": "v2"}),
    ("stop_service", {"service": "payments", "grace": "2s"}),
    ("kill_service", {"service": "payments"}),
    ("pause_service", {"service": "payments"}),
    ("network_latency", {"service": "payments", "delay": "200ms"}),
    ("network_loss", {"service": "payments", "percent": 50}),
    (
        "exec",
        {"service": "api", "argv": ["touch", "/tmp/bench"], "undo_argv": ["rm", "/tmp/bench"]},
    ),
    ("kill_task", {"service": "api"}),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated fault types")
    ap.add_argument("--no-stage", action="store_true", help="time the cold path (no staging)")
    args = ap.parse_args()
    only = {x for x in args.only.split(",") if x}
    clock = RealClock()
    target = resolve_target("targets/shop")
    target.up()
    scenario = load_scenario(project_root() / "scenarios" / "bad-deploy.yaml")
    bound = bind_all(target, scenario.steady_state)
    ok, lines = poll_steady(lambda: check_all(bound), clock, 120)
    if not ok:
        print("target not steady:", lines)
        return 1
    rows = []
    stage = "cold (--no-stage)" if args.no_stage else "staged first, as in a drill"
    print(f"engine: {target.engine.name}, project {target.project}; faults {stage}", flush=True)
    print("timed in this process: inject -> verified live; undo -> steady state", flush=True)
    with restoring(clock=clock):
        for fault_type, params in CASES:
            if only and fault_type not in only:
                continue
            try:
                check_engine(registries().faults.get(fault_type), target, fault_type)
            except FaultError as exc:
                print(f"{fault_type:<24} skipped: {exc}", flush=True)
                continue
            live, back, undo_s = [], [], []
            for _ in range(args.runs):
                if not args.no_stage:
                    stage_fault(target, fault_type, params, clock=clock)
                t0 = time.perf_counter()
                applied = inject_fault(target, fault_type, params, clock=clock, verify=False)
                verify_live(applied)
                live.append(time.perf_counter() - t0)
                if not args.no_stage:
                    stage_undo(applied)
                t1 = time.perf_counter()
                undo_fault(applied)
                undo_s.append(time.perf_counter() - t1)
                ok, lines = poll_steady(lambda: check_all(bound), clock, 120, interval=0.1)
                if not ok:
                    print(f"{fault_type}: steady state not back: {lines}")
                    return 1
                back.append(time.perf_counter() - t1)
            rows.append((fault_type, statistics.median(live), statistics.median(undo_s),
                         statistics.median(back)))  # fmt: skip
            r = rows[-1]
            print(f"{r[0]:<24} inject->live {r[1]:6.2f}s  undo {r[2]:6.2f}s  "
                  f"undo->steady {r[3]:6.2f}s  (median of {args.runs})", flush=True)  # fmt: skip
    print()
    print(f"{'fault':<24} {'inject->live':>13} {'undo':>8} {'undo->steady':>13}")
    for name, a, b, c in rows:
        print(f"{name:<24} {a:12.2f}s {b:7.2f}s {c:12.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""heavy_migration: inject -> live, inject -> checkout probe failing (detection), undo -> steady.

Runs against the target named by the environment (GAMEDAY_PROJECT, GAMEDAY_PROXY_PORT,
GAMEDAY_DB_PORT, GAMEDAY_STATE_DIR); brings it up first if needed. The fault goes through the
restore journal and is restored even if the benchmark is interrupted.

What is timed, in this process: from the start of ``inject`` to ``verify_live`` passing (the
migration's session holds ACCESS EXCLUSIVE on ``orders``); from the start of ``inject`` to the
first failing poll of heavy-migration.yaml's ``checkout`` probe, polled every 0.1 s (a poll
fails when its answer fails or has not come within the probe's max_latency, 1 s, as a drill's
poller does; a drill polls every second, so add up to 1 s there); from the start of ``undo``
to every probe of the scenario passing again (polled every 0.1 s). It also prints what
``pg_stat_activity`` shows for the migration while it is live.

    .venv/bin/python benchmarks/migration_bench.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from typing import Any

from gameday.clock import RealClock
from gameday.faults._util import psql
from gameday.faults.apply import inject_fault, undo_fault, verify_live
from gameday.faults.guard import restoring
from gameday.faults.restore import poll_steady
from gameday.probes.runner import bind_all, check_all
from gameday.scenario.loader import load_scenario
from gameday.state import project_root
from gameday.target import resolve_target

ACTIVITY = (
    "SELECT state || ' | ' || coalesce(wait_event_type, '-') || ' | ' || left(query, 110) "
    "FROM pg_stat_activity WHERE application_name LIKE 'migration_%'"
)


def until_failing(probe: Any) -> float:
    """When a poll of ``probe`` fails, as a drill's poller sees it: an answer that fails, or
    no answer within the probe's max_latency (``gameday.drill.poller``)."""
    limit = probe.max_latency_s or 30.0
    while True:
        box: list[Any] = []
        worker = threading.Thread(target=lambda b=box: b.append(probe.check()), daemon=True)
        worker.start()
        worker.join(limit)
        if worker.is_alive() or not box[0].ok:
            return time.perf_counter()
        time.sleep(0.1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    clock = RealClock()
    target = resolve_target("targets/shop")
    target.up()
    scenario = load_scenario(project_root() / "scenarios" / "heavy-migration.yaml")
    bound = bind_all(target, scenario.steady_state)
    checkout = next(b for b in bound if b.name == "checkout")
    ok, lines = poll_steady(lambda: check_all(bound), clock, 120)
    if not ok:
        print("target not steady:", lines)
        return 1
    print(f"project {target.project}; probes polled every 0.1 s", flush=True)
    live, detect, back = [], [], []
    with restoring(clock=clock):
        for run in range(args.runs):
            t0 = time.perf_counter()
            applied = inject_fault(
                target, "heavy_migration", {"hold": "10m"}, clock=clock, verify=False
            )
            verify_live(applied)
            live.append(time.perf_counter() - t0)
            detect.append(until_failing(checkout) - t0)
            if run == 0:
                time.sleep(2.5)  # one backfill batch in
                print("pg_stat_activity while live (state | wait | query):", flush=True)
                for row in psql(target, ACTIVITY).splitlines():
                    print("   ", row, flush=True)
            t1 = time.perf_counter()
            undo_fault(applied)
            ok, lines = poll_steady(lambda: check_all(bound), clock, 120, interval=0.1)
            if not ok:
                print(f"steady state not back: {lines}")
                return 1
            back.append(time.perf_counter() - t1)
            print(f"run {run + 1}: inject->live {live[-1]:.2f}s  inject->checkout failing "
                  f"{detect[-1]:.2f}s  undo->steady {back[-1]:.2f}s", flush=True)  # fmt: skip
    med = statistics.median
    print(f"median of {args.runs}: inject->live {med(live):.2f}s, detection "
          f"{med(detect):.2f}s, undo->steady {med(back):.2f}s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

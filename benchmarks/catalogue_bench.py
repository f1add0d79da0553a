"""The issue-11 catalogue scenarios on the real stack: inject -> live, time to detect at 1 s
polling, undo -> steady, per stage.

Runs against the target named by the environment (GAMEDAY_PROJECT, GAMEDAY_PROXY_PORT,
GAMEDAY_DB_PORT, GAMEDAY_STATE_DIR); brings it up first if needed. Faults go through the restore
journal and are restored even if the benchmark is interrupted.

What is timed, in this process, per stage of the timeline (stages run back to back, not at
their ``at:``): from the start of the stage's first ``inject`` to every fault of the stage
passing ``verify_live``; from that same start to the first alert of the scenario's own
probe-based alert rules on the probes the stage ``breaks`` (``alerts:``; customer rules need
Locust and are left out), every probe polled once a second (a poll that has no answer within
the probe's ``max_latency`` counts as failing then). Polls go in rounds, each waiting for its
slowest probe, so a slow probe stretches the round: an upper bound of the drill's poller,
which polls each probe on its own interval with overlapping polls. After the last stage: from
the start of the undo (newest first) to every probe passing again, polled every 0.5 s. It
prints the load average at the start, since every figure depends on it.

    .venv/bin/python benchmarks/catalogue_bench.py upstream-latency noisy-neighbour ...
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from gameday.clock import RealClock
from gameday.drill.alerts import AlertEngine, select_rules
from gameday.drill.monitors import CUSTOMERS, MonitorSet, Observation
from gameday.faults.apply import inject_step, undo_fault, verify_live
from gameday.faults.guard import restoring
from gameday.faults.restore import poll_steady
from gameday.probes.runner import bind_all, check_all
from gameday.scenario.loader import load_scenario
from gameday.selftest import stages
from gameday.state import project_root
from gameday.target import resolve_target

DETECT_TIMEOUT = 120.0


def poll(probe: Any) -> tuple[bool, float | None, str]:
    """One poll as the drill's poller sees it: no answer within max_latency is a failure."""
    limit = probe.max_latency_s or 30.0
    box: list[Any] = []
    worker = threading.Thread(target=lambda: box.append(probe.check()), daemon=True)
    worker.start()
    worker.join(limit)
    if not box:
        return False, limit * 1000.0, "no answer within max_latency"
    r = box[0]
    return r.ok, r.latency_ms, r.detail


def until_alert(bound: list[Any], engine: AlertEngine, t0: float) -> tuple[float, str]:
    """Seconds from ``t0`` to the first alert the scenario's probe rules fire."""
    monitors = MonitorSet([b.name for b in bound])
    while time.perf_counter() - t0 < DETECT_TIMEOUT:
        tick = time.perf_counter()
        with ThreadPoolExecutor(len(bound)) as pool:
            results = list(pool.map(poll, bound))
        now = time.perf_counter() - t0
        for b, (ok, latency, detail) in zip(bound, results, strict=True):
            monitors.observe(Observation(b.name, now, ok, latency, detail))
        for kind, data in engine.evaluate(monitors, now):
            if kind.endswith("fired"):
                return time.perf_counter() - t0, str(data["alert"])
        time.sleep(max(0.0, 1.0 - (time.perf_counter() - tick)))
    return float("nan"), "none"


def bench(name: str) -> None:
    clock = RealClock()
    scenario = load_scenario(project_root() / "scenarios" / f"{name}.yaml")
    target = resolve_target(scenario.target_location)
    target.up()
    bound = bind_all(target, scenario.steady_state)
    ok, lines = poll_steady(lambda: check_all(bound), clock, 120)
    if not ok:
        print(f"{name}: target not steady: {lines}")
        return
    probe_rules = [(a.rule, a.name, a.params) for a in scenario.alerts
                   if a.params.get("monitor") not in (None, CUSTOMERS)]  # fmt: skip
    load = os.getloadavg()[0]
    print(f"{name} on {target.project}; load average {load:.1f}", flush=True)
    with restoring(clock=clock, targets={target.project: target}):
        applied = []
        for stage in stages(scenario.faults):
            # the stage's own alerts: on the probes it breaks (an earlier stage's keep firing)
            mine = [
                r for r in probe_rules if not stage.breaks or r[2].get("monitor") in stage.breaks
            ]
            engine = AlertEngine(select_rules(mine))
            t0 = time.perf_counter()
            for step in stage.faults:
                a = inject_step(target, step, clock=clock, scenario=scenario.source, verify=False)
                verify_live(a)
                applied.append(a)
            live = time.perf_counter() - t0
            detect, alert = until_alert(bound, engine, t0)
            print(f"  stage {stage.number}: inject->live {live:.1f}s  inject->first alert "
                  f"{detect:.1f}s ({alert})", flush=True)  # fmt: skip
        t1 = time.perf_counter()
        for a in reversed(applied):
            undo_fault(a)
        ok, lines = poll_steady(lambda: check_all(bound), clock, 180, interval=0.5)
        print(f"  undo->steady {time.perf_counter() - t1:.1f}s ({'ok' if ok else lines})",
              flush=True)  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenarios", nargs="+")
    for name in ap.parse_args().scenarios:
        bench(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Swarm engine figures: stack deploy until converged, rolling update, service rollback, remove.

Deploys ``targets/shop`` as a private stack (own project, free ports, own state directory) with
the images already built (the image builder's cache; a cold build is ``target_bench.py``'s
job), times each step, and removes everything it created. The engine must be in swarm mode
already; with ``--init-swarm`` the benchmark takes the same lease the tests use (creates a
single-node swarm if needed and leaves it afterwards only if it created it).

    .venv/bin/python benchmarks/swarm_bench.py [--runs 2] [--init-swarm]
    .venv/bin/python benchmarks/swarm_bench.py --faults [--compose] --init-swarm
    .venv/bin/python benchmarks/swarm_bench.py --runs 1 --workers 2 --init-swarm

``--workers K`` also times the Locust workers as a swarm service (``gameday run --workers K`` on
a swarm target): image cached, from ``Customers.start`` until the master's stats say K workers
are connected, then ``stop`` until the service, its configs and the master container are gone.

``--faults`` then runs ``fault_bench.py`` (per fault: inject -> verified live, undo -> steady,
staged as a drill stages them) on a private swarm stack for the faults issue 14 names, and
``--compose`` the same faults on a private compose stack, side by side in one run, for what
differs. Each section prints the load average when it starts and ends: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from gameday.dockerutil import client
from gameday.target import resolve_target
from gameday.target.settings import free_port


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def worker_figures(target: Any, workers: int) -> dict[str, float]:
    """Locust workers as a swarm service on ``target`` (up): start -> K connected; stop -> gone."""
    from pathlib import Path

    from gameday.drill.customers import Customers, SwarmLoad
    from gameday.target.lifecycle import resolve_base_image
    from gameday.target.swarm import locust as swarm_locust

    resolve_base_image(target, lambda _m: None)
    image = swarm_locust.ensure_image(str(target.base_image))  # cached after the first build
    c = Customers(
        locustfile=target.path / "locustfile.py",
        host=str(target.endpoints()["proxy"]),
        ca_path=target.ca_path,
        users=4 * workers,
        workdir=Path(tempfile.mkdtemp(prefix="gdbench-locust-")),
        workers=workers,
        swarm=SwarmLoad(project=target.project, target=target.name, image=image),
    )
    start = time.perf_counter()
    c.start()
    connected = float("nan")
    try:
        deadline = start + 300
        while time.perf_counter() < deadline:
            if any(s.workers >= workers for s in c.read_new(0.0)):
                connected = time.perf_counter() - start
                break
            time.sleep(0.2)
    finally:
        t1 = time.perf_counter()
        c.stop()
        removed = time.perf_counter() - t1
    return {
        f"locust service, {workers} workers: start -> connected": connected,
        "locust service: stop -> removed by label": removed,
    }


def one_run(workers: int = 0) -> dict[str, float]:
    os.environ.update(
        GAMEDAY_PROJECT=f"gdbench-swarm-{secrets.token_hex(3)}",
        GAMEDAY_PROXY_PORT=str(free_port()),
        GAMEDAY_DB_PORT=str(free_port()),
        GAMEDAY_STATE_DIR=tempfile.mkdtemp(prefix="gdbench-swarm-state-"),
    )
    target = resolve_target(None, engine="swarm")
    figures: dict[str, float] = {}
    try:
        target.up()  # warm the image cache check outside the timed deploy
        target.down()
        figures["stack deploy -> converged"] = _timed(target.up)
        deploy = _timed(lambda: target.deploy("api", "v2"))
        figures["rolling update api v1->v2 (2 replicas)"] = deploy
        figures["service rollback api v2->v1"] = _timed(lambda: target.rollback("api"))
        figures["service update --force api"] = _timed(lambda: target.restart_service("api"))
        if workers:
            figures.update(worker_figures(target, workers))
        figures["stack remove (everything labelled)"] = _timed(target.down)
    finally:
        target.down()
    return figures


SWARM_FAULTS = (
    "bad_deploy",
    "kill_task",
    "network_latency",
    "network_loss",
    "expired_cert",
    "heavy_migration",
    "upstream_schema_change",
)


def load() -> str:
    """The 1/5/15-minute load averages, printed with every figure (the machine is shared)."""
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def fault_figures(engine: str, runs: int, only: tuple[str, ...] = SWARM_FAULTS) -> int:
    """``fault_bench.py`` on a private stack of ``engine``, removed afterwards."""
    env = dict(
        os.environ,
        GAMEDAY_ENGINE=engine,
        GAMEDAY_PROJECT=f"gdbench-{engine}-{secrets.token_hex(3)}",
        GAMEDAY_PROXY_PORT=str(free_port()),
        GAMEDAY_DB_PORT=str(free_port()),
        GAMEDAY_STATE_DIR=tempfile.mkdtemp(prefix=f"gdbench-{engine}-state-"),
    )
    here = os.path.dirname(os.path.abspath(__file__))
    argv = [sys.executable, os.path.join(here, "fault_bench.py"), "--runs", str(runs)]
    argv += ["--only", ",".join(only)]
    print(f"\n== faults on {engine} ({load()})", flush=True)
    try:
        rc = subprocess.call(argv, env=env)
    finally:
        down = [
            sys.executable,
            "-c",
            "from gameday.target import resolve_target as r; r(None).down()",
        ]
        subprocess.call(down, env=env)
    print(f"== end of faults on {engine} ({load()})", flush=True)
    return rc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--init-swarm", action="store_true", help="take the tests' swarm lease")
    ap.add_argument("--faults", action="store_true", help="per-fault figures on swarm too")
    ap.add_argument("--compose", action="store_true", help="with --faults: the same on compose")
    ap.add_argument("--fault-runs", type=int, default=2)
    ap.add_argument("--workers", type=int, default=0, help="time K Locust workers as a service")
    ap.add_argument("--only-faults", default="", help="comma-separated subset of the faults")
    args = ap.parse_args()
    rc = 0
    with ExitStack() as stack:
        if args.init_swarm:
            sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
            from tests.integration.swarm import swarmmode

            lease = swarmmode.acquire(client())
            stack.callback(lambda: print(swarmmode.release(client(), lease)))
        print(f"stack figures ({load()})", flush=True)
        runs = [one_run(args.workers) for _ in range(args.runs)]
        print(f"\nswarm engine, targets/shop, median of {args.runs} run(s) (images cached):")
        for key in runs[0]:
            print(f"  {key:<42} {statistics.median(r[key] for r in runs):6.1f} s")
        print(f"  ({load()})", flush=True)
        if args.faults:
            only = tuple(x for x in args.only_faults.split(",") if x) or SWARM_FAULTS
            rc |= fault_figures("swarm", args.fault_runs, only)
            if args.compose:
                rc |= fault_figures("compose", args.fault_runs, only)
    return rc


if __name__ == "__main__":
    sys.exit(main())

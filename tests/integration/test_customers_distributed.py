"""`--workers 2` on the real stack: a Locust master and two workers load the shop over TLS, the
master's stats carry the workers, and the achieved rate comes out of the incident fold."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from gameday import events as ev
from gameday.clock import RealClock
from gameday.drill.customers import Customers
from gameday.drill.log import EventLog
from gameday.drill.monitors import CustomerStats
from gameday.incident import Incident, load

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def collect(c: Customers, enough: int, timeout: float) -> list[CustomerStats]:
    stats: list[CustomerStats] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(1.0)
        stats += c.read_new(time.monotonic())
        if sum(s.interval_requests for s in stats) >= enough and any(s.workers == 2 for s in stats):
            break
    return stats


def fold_rate(tmp_path: Path, stats: list[CustomerStats], users: int, workers: int) -> Any:
    """The samples written as the runner writes them, folded as every view folds them."""
    log = EventLog.open(tmp_path / "log", clock=RealClock())
    log.start_clock()
    log.append(ev.DRILL_STARTED, {"scenario": "x", "users": users, "workers": workers})
    t0 = stats[0].t
    for s in stats:
        log.append(ev.CUSTOMERS_STATS, {**s.to_event(), "requests": s.interval_requests},
                   t=s.t - t0 + 1.0)  # fmt: skip
    events = log.events()
    log.close()
    return load(Incident.replay(events))


def test_two_workers_load_the_real_shop(shop: Any, tmp_path: Path) -> None:
    c = Customers(
        locustfile=shop.path / "locustfile.py",
        host=str(shop.endpoints()["proxy"]),
        ca_path=shop.ca_path,
        users=6,
        workdir=tmp_path / "drill",
        workers=2,
    )
    c.start()
    try:
        stats = collect(c, enough=40, timeout=150)
        pids = [c.pid, *c.worker_pids]
    finally:
        c.stop()
    assert len(pids) == 3
    assert not c.alive() and all(p.poll() is not None for p in c.worker_procs)
    logs = "\n".join(p.read_text()[-600:] for p in sorted(c.workdir.glob("locust*.log")))
    total = sum(s.interval_requests for s in stats)
    assert total >= 40, f"only {total} requests; logs:\n{logs}"
    assert max(s.workers for s in stats) == 2, logs
    assert sum(s.interval_failures for s in stats) <= total * 0.05, logs  # a healthy shop
    got = fold_rate(tmp_path, stats, users=6, workers=2)
    assert got is not None and got["workers"] == 2 and got["asked_workers"] == 2
    assert got["achieved_rps"] is not None and got["achieved_rps"] > 0
    assert "on 2 Locust workers" in got["label"] and "requests/s achieved" in got["label"]
    print(f"\n{got['label']}")

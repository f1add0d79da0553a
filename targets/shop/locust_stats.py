"""Locust plugin: report customer traffic to the gameday runner, one JSON line per second.

Loaded next to the target's locustfile (``locust -f locustfile.py,locust_stats.py``). Locust runs
as its own process so its gevent loop never competes with the runner's threads; this file is the
only channel back: ``$GAMEDAY_LOCUST_STATS`` gets a line per interval with that interval's
requests, failures and p95 plus cumulative totals, and the same per endpoint (``endpoints``:
``"GET /products": {requests, failures, p95_ms}``, what the drill room's dashboard charts).
If the runner dies (``$GAMEDAY_RUNNER_PID``
gone), Locust quits by itself instead of loading the stack forever.

Distributed (``gameday run --workers K``): requests happen on the workers, so each worker ships
what it saw since its last report inside Locust's own worker report (``report_to_master``, sent
every second here instead of Locust's 3 s) and the master folds it in (``worker_report``) and
writes the lines, with ``workers``: how many workers are connected. One file, one format, one
writer, however many hosts the workers run on.
"""

from __future__ import annotations

import json
import os
import time

import gevent
import locust.runners
from locust import events

_PATH = os.environ.get("GAMEDAY_LOCUST_STATS", "")
_SLOW_MS = float(os.environ.get("GAMEDAY_LOCUST_SLOW_MS", "1000"))
_RUNNER_PID = int(os.environ.get("GAMEDAY_RUNNER_PID", "0") or 0)
_INTERVAL = float(os.environ.get("GAMEDAY_LOCUST_INTERVAL", "1.0"))

_MAX_ENDPOINTS = 50  # names beyond this (unnamed URLs with ids) share one row
_window: list[float] = []
_window_failures = 0
_endpoints: dict[str, list[float]] = {}  # "GET /products" -> this interval's response times
_endpoint_failures: dict[str, int] = {}
_totals = {"requests": 0, "failures": 0, "slow": 0}
_shipped_slow = 0  # on a worker: slow requests already reported to the master
_KEY = "gameday"  # our part of Locust's worker report
# Workers report every second (Locust's default is 3 s) so the master's lines stay per second.
locust.runners.WORKER_REPORT_INTERVAL = _INTERVAL


@events.request.add_listener
def _on_request(
    response_time: float,
    exception: object = None,
    request_type: str = "",
    name: str = "",
    **_kw: object,
) -> None:
    global _window_failures
    rt = float(response_time or 0.0)
    _window.append(rt)
    _totals["requests"] += 1
    key = f"{request_type} {name}".strip() or "other"
    if key not in _endpoints and len(_endpoints) >= _MAX_ENDPOINTS:
        key = "other"
    _endpoints.setdefault(key, []).append(rt)
    if exception is not None:
        _window_failures += 1
        _totals["failures"] += 1
        _endpoint_failures[key] = _endpoint_failures.get(key, 0) + 1
    if rt > _SLOW_MS:
        _totals["slow"] += 1


def _p95(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@events.report_to_master.add_listener
def _ship(client_id: str, data: dict, **_kw: object) -> None:
    """On a worker: hand this interval's samples to the master, and start a new interval."""
    global _window, _window_failures, _endpoints, _endpoint_failures, _shipped_slow
    data[_KEY] = {
        "times": _window,
        "failures": _window_failures,
        "slow": _totals["slow"] - _shipped_slow,
        "endpoints": _endpoints,
        "endpoint_failures": _endpoint_failures,
    }
    _shipped_slow = _totals["slow"]
    _window, _window_failures, _endpoints, _endpoint_failures = [], 0, {}, {}


@events.worker_report.add_listener
def _merge(client_id: str, data: dict, **_kw: object) -> None:
    """On the master: fold a worker's interval into this interval, as if it happened here."""
    global _window_failures
    got = data.get(_KEY)
    if not isinstance(got, dict):
        return
    times = [float(x) for x in got.get("times") or ()]
    failures = int(got.get("failures") or 0)
    _window.extend(times)
    _window_failures += failures
    _totals["requests"] += len(times)
    _totals["failures"] += failures
    _totals["slow"] += int(got.get("slow") or 0)
    ep_failures = got.get("endpoint_failures") or {}
    for key, values in (got.get("endpoints") or {}).items():
        if key not in _endpoints and len(_endpoints) >= _MAX_ENDPOINTS:
            key = "other"
        _endpoints.setdefault(key, []).extend(float(x) for x in values)
    for key, n in ep_failures.items():
        key = key if key in _endpoints else "other"
        _endpoint_failures[key] = _endpoint_failures.get(key, 0) + int(n)


def _runner_alive() -> bool:
    if not _RUNNER_PID:
        return True
    try:
        os.kill(_RUNNER_PID, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _report(environment: object) -> None:
    global _window, _window_failures, _endpoints, _endpoint_failures
    with open(_PATH, "a", encoding="utf-8") as out:
        last = time.monotonic()
        while True:
            gevent.sleep(_INTERVAL)
            now = time.monotonic()
            window, failures = _window, _window_failures
            _window, _window_failures = [], 0
            endpoints, endpoint_failures = _endpoints, _endpoint_failures
            _endpoints, _endpoint_failures = {}, {}
            elapsed = max(1e-6, now - last)
            last = now
            runner = getattr(environment, "runner", None)
            users = getattr(runner, "user_count", 0)
            # a lone Locust's runner says 1 worker too: only a master has workers
            is_master = isinstance(runner, locust.runners.MasterRunner)
            workers = runner.worker_count if is_master else 0  # type: ignore[union-attr]
            line = {
                "ts": time.time(),
                "interval_s": round(elapsed, 3),
                "requests": len(window),
                "failures": failures,
                "rps": round(len(window) / elapsed, 2),
                "p95_ms": round(_p95(window), 1),
                "total_requests": _totals["requests"],
                "total_failures": _totals["failures"],
                "total_slow": _totals["slow"],
                "users": users,
                "workers": workers,
                "endpoints": {
                    key: {
                        "requests": len(times),
                        "failures": endpoint_failures.get(key, 0),
                        "p95_ms": round(_p95(times), 1),
                    }
                    for key, times in sorted(endpoints.items())
                },
            }
            out.write(json.dumps(line) + "\n")
            out.flush()
            if not _runner_alive():
                runner = getattr(environment, "runner", None)
                if runner is not None:
                    runner.quit()
                os._exit(0)


@events.init.add_listener
def _on_init(environment: object, **_kw: object) -> None:
    # A worker only ships its samples; the master (or a lone Locust) writes the file.
    if _PATH and not isinstance(getattr(environment, "runner", None), locust.runners.WorkerRunner):
        gevent.spawn(_report, environment)

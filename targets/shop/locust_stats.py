"""Locust plugin: report customer traffic to the gameday runner, one JSON line per second.

Loaded next to the target's locustfile (``locust -f locustfile.py,locust_stats.py``). Locust runs
as its own process so its gevent loop never competes with the runner's threads; this file is the
only channel back: ``$GAMEDAY_LOCUST_STATS`` gets a line per interval with that interval's
requests, failures and p95 plus cumulative totals, and the same per endpoint (``endpoints``:
``"GET /products": {requests, failures, p95_ms}``, what the drill room's dashboard charts).
If the runner dies (``$GAMEDAY_RUNNER_PID``
gone), Locust quits by itself instead of loading the stack forever.
"""

from __future__ import annotations

import json
import os
import time

import gevent
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
            users = getattr(getattr(environment, "runner", None), "user_count", 0)
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
    if _PATH:
        gevent.spawn(_report, environment)

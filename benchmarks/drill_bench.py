"""Drill runner figures on the real stack: time to detect, runner CPU, Locust request rate.

    GAMEDAY_PROJECT=gd-bench GAMEDAY_PROXY_PORT=58443 GAMEDAY_DB_PORT=55433 \\
        .venv/bin/python benchmarks/drill_bench.py [--runs 3] [--users 5] [--cpu-seconds 40]

For each seed scenario, ``--runs`` drills run in this process at 1 s polling; each ends as soon
as the first real alert fires, and the figure is fault verified live -> that alert (median).
Then one longer drill measures the runner's CPU share (this process, from /proc) against the
Locust child's, and the request rate Locust achieved. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gameday import events as ev  # noqa: E402
from gameday.drill.part import Part, Session  # noqa: E402
from gameday.drill.parts.customers import CustomersPart  # noqa: E402
from gameday.drill.runner import RunOptions, run_drill  # noqa: E402

SEEDS = ("expired-cert", "heavy-migration", "upstream-schema", "bad-deploy")
TEAM = ROOT / "scenarios" / "teams" / "model-team.yaml"


def cpu_seconds(pid: int | str) -> float:
    """utime + stime of a process, in seconds (fields 14 and 15 of /proc/PID/stat)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = raw[raw.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Watcher(Part):
    """The benchmark's own session part: follows the events, ends the drill when it has seen
    enough (through the session, like ``gameday end`` would)."""

    name = "bench"

    def __init__(self, on_event: Callable[[Watcher, ev.Event], None]) -> None:
        self.handler = on_event
        self.session: Session | None = None

    def start(self, session: Session) -> None:
        self.session = session

    def on_event(self, event: ev.Event) -> None:
        self.handler(self, event)

    def end(self) -> None:
        assert self.session is not None
        self.session.request_end("end")


def detect_once(scenario: str, users: int) -> tuple[float, float] | None:
    live: dict[str, float] = {}

    def on_event(w: Watcher, e: ev.Event) -> None:
        # A slow fault (a redeploy) hurts while it rolls out: an alert may fire between
        # fault.injected and fault.live; it counts as detected at once (0 s), as in the runner.
        if e.kind == ev.FAULT_INJECTED:
            live.setdefault("injected", e.t)
        elif e.kind == ev.FAULT_LIVE:
            live.setdefault("t", e.t)
        elif e.kind == ev.ALERT_FIRED and not e.data.get("noise") and "injected" in live:
            live.setdefault("alert", e.t)
        if "t" in live and "alert" in live:
            w.end()

    opts = RunOptions(
        scenario=str(ROOT / "scenarios" / f"{scenario}.yaml"),
        team=str(TEAM),
        users=users,
        baseline=3.0,
        time_limit=120.0,
        poll=1.0,
        score=False,
    )
    run_drill(opts, say=lambda m: None, parts=[Watcher(on_event)])
    if "alert" not in live or "t" not in live:
        return None
    return max(0.0, live["alert"] - live["t"]), live["alert"] - live["injected"]


def cpu_run(users: int, seconds: float) -> dict[str, Any]:
    marks: dict[str, Any] = {}

    def on_event(w: Watcher, e: ev.Event) -> None:
        if "t0" not in marks:  # the first event after every part started
            assert w.session is not None
            part = w.session.part(CustomersPart)
            pid = part.customers.pid if part is not None and part.customers else None
            marks.update(t0=time.monotonic(), self0=cpu_seconds("self"), locust_pid=pid)
            marks["locust0"] = cpu_seconds(pid) if pid else 0.0
        if e.kind == ev.CUSTOMERS_STATS:
            marks.setdefault("first_stats", (time.monotonic(), e.data["requests"]))
            marks["last_stats"] = (time.monotonic(), e.data["requests"])
        if time.monotonic() - marks["t0"] >= seconds and "t1" not in marks:
            marks["t1"] = time.monotonic()
            marks["self1"] = cpu_seconds("self")
            pid = marks["locust_pid"]
            marks["locust1"] = cpu_seconds(pid) if pid else 0.0
            w.end()

    opts = RunOptions(
        scenario=str(ROOT / "scenarios" / "bad-deploy.yaml"),
        team=str(TEAM),
        users=users,
        baseline=seconds + 60,  # no fault during the measurement: steady load only
        time_limit=seconds + 120,
        escalation_timeout=3600,
        score=False,
    )
    run_drill(opts, say=lambda m: None, parts=[Watcher(on_event)])
    wall = marks["t1"] - marks["t0"]
    (ta, ra), (tb, rb) = marks["first_stats"], marks["last_stats"]
    return {
        "wall_s": wall,
        "runner_cpu_share": (marks["self1"] - marks["self0"]) / wall,
        "locust_cpu_share": (marks["locust1"] - marks["locust0"]) / wall,
        "locust_rps": (rb - ra) / (tb - ta) if tb > ta else 0.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="detection drills per scenario (0: skip)")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--cpu-seconds", type=float, default=40.0)
    ap.add_argument("--scenarios", default=",".join(SEEDS))
    args = ap.parse_args()
    print(f"time to detect (fault live -> first real alert), 1 s polling, {args.runs} runs each")
    for name in args.scenarios.split(","):
        if not name or args.runs <= 0:
            continue
        runs = [detect_once(name, users=2) for _ in range(args.runs)]
        got = [r for r in runs if r is not None]
        med = f"{statistics.median(r[0] for r in got):6.2f} s" if got else "   n/a"
        inj = f"{statistics.median(r[1] for r in got):6.2f} s" if got else "   n/a"
        each = ", ".join("-" if r is None else f"{r[0]:.2f}" for r in runs)
        print(f"  {name:18s} median {med}  (from fault.injected {inj})   runs: {each}")
    if args.cpu_seconds <= 0:
        return
    res = cpu_run(args.users, args.cpu_seconds)
    print(
        f"steady drill, {args.users} Locust users, {res['wall_s']:.0f} s on {os.cpu_count()} cores:"
    )
    print(f"  runner CPU share (Locust excluded) {res['runner_cpu_share']:6.1%} of one core")
    print(f"  Locust child CPU share             {res['locust_cpu_share']:6.1%} of one core")
    print(f"  Locust request rate achieved       {res['locust_rps']:6.1f} req/s")


if __name__ == "__main__":
    main()

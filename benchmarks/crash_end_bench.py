"""`gameday end` after the runner was killed with -9: how long until the drill's record (timeline,
summary, scorecard) is on disk and the stack restored. Issue 8's target: within 10 s.

    GAMEDAY_PROJECT=gd-bench GAMEDAY_PROXY_PORT=58443 GAMEDAY_DB_PORT=55433 \\
        .venv/bin/python benchmarks/crash_end_bench.py [--runs 3] [--scenario expired-cert]

Each run starts a real drill (a subprocess, one Locust user), waits until the team is paged,
acks, then SIGKILLs the runner without reaping it (a zombie, as a crashed terminal leaves it)
and times ``gameday end`` from another process: the dead runner's Locust ended, the faults
undone, steady state checked, the record written. Uses its own state folder; the stack named
by the environment must be up (``gameday target up``). Prints numbers; asserts nothing; the
machine's load is printed with them (a shared machine's figures swing with it).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEAM = ROOT / "scenarios" / "teams" / "model-team.yaml"


def _current(state: Path) -> Path | None:
    p = state / "drills" / "current"
    try:
        return state / "drills" / p.read_text().strip()
    except OSError:
        return None


def _paged(drill: Path) -> bool:
    import sqlite3

    try:
        with sqlite3.connect(f"file:{drill / 'events.sqlite'}?mode=ro", uri=True) as c:
            return bool(c.execute("SELECT 1 FROM events WHERE kind = 'page.sent'").fetchone())
    except sqlite3.Error:
        return False


def once(scenario: Path, env: dict[str, str], state: Path) -> dict[str, float] | None:
    gameday = [sys.executable, "-m", "gameday"]
    args = [str(scenario), "--team", str(TEAM), "--users", "1", "--baseline", "2s",
            "--time-limit", "10m", "--escalation-timeout", "1h", "--plain"]  # fmt: skip
    with open(state / "run.log", "wb") as log:
        runner = subprocess.Popen([*gameday, "run", *args], env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 600
        drill = None
        while time.monotonic() < deadline and runner.poll() is None:
            drill = _current(state)
            if drill is not None and _paged(drill):
                break
            time.sleep(0.5)
        else:
            print("  the drill did not page in time; see", state / "run.log")
            return None
        subprocess.run([*gameday, "ack", "--as", "alice"], env=env, capture_output=True)
        os.kill(runner.pid, signal.SIGKILL)  # no wait(): the runner stays a zombie
        start = time.monotonic()
        done = subprocess.run(
            [*gameday, "end", "--wait", "10m"], env=env, capture_output=True, text=True
        )
        took = time.monotonic() - start
        if done.returncode != 0:
            print("  end failed:", done.stderr.strip()[-300:])
            return None
        return {"end": took}
    finally:
        if runner.poll() is None:
            runner.kill()
        runner.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scenario", default="expired-cert")
    args = ap.parse_args()
    scenario = ROOT / "scenarios" / f"{args.scenario}.yaml"
    times = []
    for i in range(args.runs):
        state = Path(tempfile.mkdtemp(prefix="gameday-crash-bench-"))
        env = {**os.environ, "GAMEDAY_STATE_DIR": str(state),
               "GAMEDAY_SCORECARDS": str(state / "scorecards")}  # fmt: skip
        got = once(scenario, env, state)
        cards = list((state / "scorecards").glob("*.yaml"))
        if got is not None:
            times.append(got["end"])
            print(f"run {i + 1}: gameday end {got['end']:.1f} s, scorecards written: {len(cards)}")
    if times:
        print(
            f"end after kill -9 ({args.scenario}): median {statistics.median(times):.1f} s, "
            f"max {max(times):.1f} s over {len(times)} run(s); load {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()

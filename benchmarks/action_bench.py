"""How fast is a responder action? Prints numbers; asserts nothing.

* ``gameday ack`` wall time: a fresh ``gameday`` process per run (what a responder types),
  from spawn to exit, median of N.
* time until durable, seen from outside: spawn -> the row is visible to an independent SQLite
  reader polling the log (the action is fsynced before the command even prints).
* in-process ``record_action`` (validation + fsynced append): what the HTTP endpoint and the
  autopilot pay per action.
* remote: ``POST /api/actions`` round trip through the runner's endpoint.

Usage: .venv/bin/python benchmarks/action_bench.py [-n 20]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _median_ms(xs: list[float]) -> str:
    return (
        f"median {statistics.median(xs) * 1000:.1f} ms (min {min(xs) * 1000:.1f}, "
        f"max {max(xs) * 1000:.1f}, n={len(xs)})"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=20)
    n = ap.parse_args().n
    state = Path(tempfile.mkdtemp(prefix="gameday-action-bench-"))
    os.environ["GAMEDAY_STATE_DIR"] = str(state)
    from gameday.drill.actions import record_action
    from gameday.drill.locate import create_drill
    from gameday.drill.log import LOG_FILE
    from gameday.drill.remote import RemoteDrill
    from gameday.drill.web import start_web as start_server

    drill = create_drill("bench", team="bench")
    env = {**os.environ, "GAMEDAY_STATE_DIR": str(state)}
    cmd = [str(Path(sys.executable).parent / "gameday"), "ack", "--as", "bob"]
    if not Path(cmd[0]).exists():
        cmd = [sys.executable, "-m", "gameday", "ack", "--as", "bob"]

    drill.log()  # the runner keeps the log open during a drill (so responders never checkpoint)
    wall: list[float] = []
    cpu: list[float] = []  # user+sys of the child: what load on the machine cannot inflate
    for _ in range(n):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        wall.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime))

    reader = sqlite3.connect(drill.dir / LOG_FILE)
    durable: list[float] = []
    for _ in range(n):
        before = reader.execute("SELECT MAX(id) FROM events").fetchone()[0] or 0
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while (reader.execute("SELECT MAX(id) FROM events").fetchone()[0] or 0) <= before:
            time.sleep(0.0005)
        durable.append(time.perf_counter() - t0)
        proc.wait()

    inproc: list[float] = []
    for i in range(n * 5):
        t0 = time.perf_counter()
        record_action(drill, "note", {"text": f"finding {i}"}, actor="bob")
        inproc.append(time.perf_counter() - t0)

    server, url = start_server(drill)
    remote = RemoteDrill(url, drill.meta().token)
    http: list[float] = []
    for _ in range(n * 5):
        t0 = time.perf_counter()
        remote.record_action("ack", {}, actor="bob")
        http.append(time.perf_counter() - t0)
    server.shutdown()
    server.server_close()

    print(f"gameday ack (new process) wall time: {_median_ms(wall)}")
    print(f"gameday ack (new process) CPU time: {_median_ms(cpu)}")
    print(f"gameday ack spawn -> durable row visible: {_median_ms(durable)}")
    print(f"record_action in process (fsynced): {_median_ms(inproc)}")
    print(f"POST /api/actions round trip: {_median_ms(http)}")
    drill.close()
    shutil.rmtree(state, ignore_errors=True)
    print(f"(machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()

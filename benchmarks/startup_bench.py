"""How fast does the CLI start? Prints numbers; asserts nothing.

Times a fresh process per run (what a person typing the command waits for), median of N, both
wall time and the child's CPU time (user+sys, which load on a shared machine inflates less):

* ``gameday --help`` (every command group registered, plugin actions included);
* ``gameday ack --help`` (a responder command's parser only);
* ``gameday ack --as bob`` against a drill that paged someone (the responder path: parse,
  record, fsync, print the page);
* ``gameday plugins`` (scans the entry points afresh and collects every extension point);
* ``python -c pass`` (the interpreter's own floor);
* ``chaos --help`` with ``--chaos PATH`` (chaostoolkit's CLI, installed in a scratch venv
  outside the project: ``python3.11 -m venv /tmp/chaos-venv &&
  /tmp/chaos-venv/bin/pip install chaostoolkit``).

``--before CHECKOUT`` also times another checkout of gameday (``git worktree add /tmp/x REF``)
with this interpreter, runs interleaved, so both see the same machine load.
Bytecode caching is forced on (``PYTHONDONTWRITEBYTECODE`` removed) and every command runs
once before timing: an installed gameday has its ``.pyc`` files.

Usage: .venv/bin/python benchmarks/startup_bench.py [-n 20] [--chaos PATH] [--before DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

Case = tuple[str, list[str], dict[str, str]]


def _once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, capture_output=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def _ms(xs: list[float]) -> str:
    return f"{statistics.median(xs) * 1000:6.1f} ms (min {min(xs) * 1000:5.1f})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=20)
    ap.add_argument("--chaos", help="path to chaostoolkit's chaos executable, for comparison")
    ap.add_argument("--before", help="another gameday checkout to time alongside this one")
    args = ap.parse_args()
    gameday = str(Path(sys.executable).parent / "gameday")
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    base["GAMEDAY_STATE_DIR"] = tempfile.mkdtemp(prefix="gameday-startup-")
    trees = [("", base)]
    if args.before:
        trees.append((" [before]", {**base, "PYTHONPATH": str(Path(args.before).resolve())}))
    # a drill that has paged someone, so ``ack`` prints the page (briefing and alert) as in a
    # real drill; each timed ack adds one event to it
    make = (
        "from gameday.drill.locate import create_drill\n"
        "d = create_drill('bench', team='bench')\n"
        "log = d.log()\n"
        "log.append('drill.started', {'scenario': 'bench', 'briefing': 'PAGE: checkout fails.'})\n"
        "log.append('alert.fired', {'alert': 'checkout-down', 'message': 'checkout fails'})\n"
        "log.append('page.sent', {'to': 'alice', 'alert': 'checkout-down', 'level': 0})\n"
    )
    subprocess.run([sys.executable, "-c", make], env=base, check=True)

    cases: list[Case] = [("python -c pass", [sys.executable, "-c", "pass"], base)]
    for suffix, env in trees:
        for argv in (["--help"], ["ack", "--help"], ["ack", "--as", "bob"]):
            cases.append((f"gameday {' '.join(argv)}{suffix}", [gameday, *argv], env))
    cases.append(("gameday plugins", [gameday, "plugins"], base))
    if args.chaos:
        cases.append(("chaos --help", [args.chaos, "--help"], base))

    for _, cmd, env in cases:  # warm: page cache, .pyc files, the entry-point cache
        subprocess.run(cmd, env=env, capture_output=True)
    wall: dict[str, list[float]] = {label: [] for label, _, _ in cases}
    cpu: dict[str, list[float]] = {label: [] for label, _, _ in cases}
    for _ in range(args.n):  # interleaved: load changes affect every case alike
        for label, cmd, env in cases:
            w, c = _once(cmd, env)
            wall[label].append(w)
            cpu[label].append(c)
    print(f"{'command':<32} {'wall':<27} cpu")
    for label, _, _ in cases:
        print(f"{label:<32} {_ms(wall[label]):<27} {_ms(cpu[label])}")
    print(f"(n={args.n} each; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()

"""``gameday score`` and ``gameday scorecard trends`` as a person runs them: fresh CLI processes,
this checkout and another one side by side, in the same run. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/score_cli_bench.py [--events 1000,10000,100000] [--cards 10000]
        [-n 5] [--before /tmp/before]      # e.g. git worktree add /tmp/before a84320a

What is timed:
- ``gameday score TIMELINE --out DIR``: a fresh CLI process (start-up, reading, scoring, the
  YAML, Markdown and HTML scorecards written, the terminal output to a pipe), wall time, its
  CPU time (user+sys) and its peak resident memory (``wait4``), median of ``-n`` runs (one run
  at 100,000 events or more). Input: a long drill's timeline (a textbook response plus monitor
  flaps, customer stats, notes and updates; ``scoring_bench.big_timeline``) written once by
  this checkout, the same file for both checkouts. Every run writes into a new empty folder
  (no par to read).
- ``gameday scorecard trends --dir DIR``: over ``--cards`` generated scorecards (real files from
  the real writer), first with an empty cache folder (``GAMEDAY_CACHE_DIR``, cold), then warm,
  median of ``-n``; the folder is checked to be unchanged afterwards (names, sizes, mtimes).
  The other checkout gets its own hard-linked copy of the folder (it wrote its index there).

Caches: Python bytecode on (one untimed run of each command first; ``PYTHONDONTWRITEBYTECODE``
is dropped from the children's environment, as an installed package has its bytecode), files
in the page cache. Commands are interleaved so both checkouts see the same load; the load
average is printed with every figure: on a shared machine wall time is inflated by whatever
else runs, CPU time much less.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """Wall s, CPU s (user+sys), peak RSS MB and exit code of one child, run from its own
    checkout (where it finds its playbooks)."""
    cwd = Path(cmd[0]).parent.parent.parent
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 and proc.stderr is not None:
        sys.stderr.write(proc.stderr.read().decode(errors="replace")[-2000:])
    if proc.stderr is not None:
        proc.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def reference_ms() -> float:
    """How fast this machine runs Python right now: a fixed pure-Python loop (2,000,000 steps),
    median of 5, in this process. The machine's speed drifts (the same build scored 10,000
    events in 0.37 s one afternoon and 0.55-0.86 s that evening), so a figure is only
    comparable with figures printed beside the same reference."""
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def snapshot(d: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in d.iterdir()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", default="1000,10000,100000")
    ap.add_argument("--cards", type=int, default=10000, help="0: skip trends")
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--before", help="another gameday checkout with its own .venv")
    ap.add_argument(
        "--before-max-events",
        type=int,
        default=10000,
        help="largest timeline the --before checkout scores (it was quadratic)",
    )
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="score-cli-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["GAMEDAY_STATE_DIR"] = str(work / "state")
    sides = {"now": Path(sys.executable).parent / "gameday"}
    if args.before:
        sides["before"] = Path(args.before) / ".venv" / "bin" / "gameday"
    print(f"{os.cpu_count()} cores; load average at start {load()} (1/5/15 min); "
          f"reference loop {reference_ms():.0f} ms")  # fmt: skip
    for name, exe in sides.items():
        print(f"  {name}: {exe}")

    from scoring_bench import big_timeline  # this checkout's generator

    from gameday.timeline import write_timeline

    print(
        "\ngameday score TIMELINE --out NEWDIR (fresh CLI process; median; wall / CPU / peak RSS)"
    )
    for n in [int(x) for x in args.events.split(",") if x]:
        timeline = write_timeline(big_timeline(n), work / f"timeline-{n}.yaml")
        size = timeline.stat().st_size / 1e6
        runs = 1 if n >= 100_000 else args.n
        cases = {k: v for k, v in sides.items() if k == "now" or n <= args.before_max_events}
        out = iter(range(10**9))

        def cmd(exe: Path, timeline: Path = timeline, out: Iterator[int] = out) -> list[str]:
            return [str(exe), "score", str(timeline), "--out", str(work / f"out-{next(out)}")]

        for exe in cases.values():  # warm: bytecode, page cache
            run(cmd(exe), env)
        got: dict[str, list[tuple[float, float, float, int]]] = {k: [] for k in cases}
        loads = []
        for _ in range(runs):
            for k, exe in cases.items():
                loads.append(os.getloadavg()[0])
                got[k].append(run(cmd(exe), env))
        for k, rs in got.items():
            wall = statistics.median(r[0] for r in rs)
            cpu = statistics.median(r[1] for r in rs)
            rss = max(r[2] for r in rs)
            bad = sum(1 for r in rs if r[3] != 0)
            failed = f", {bad} failed" if bad else ""
            print(f"  {n:>7,} events ({size:5.1f} MB) {k:<6} wall {wall:7.2f} s  CPU {cpu:6.2f} s"
                  f"  peak {rss:5.0f} MB  ({runs} run{'s' if runs > 1 else ''}{failed}; "
                  f"load {min(loads):.1f}-{max(loads):.1f})")  # fmt: skip
        for p in work.glob("out-*"):
            shutil.rmtree(p)

    if args.cards > 0:
        from scoring_bench import generate_cards

        cards = work / "cards"
        cards.mkdir()
        took = generate_cards(cards, args.cards)
        print(f"\ngameday scorecard trends --dir DIR over {args.cards:,} scorecards "
              f"(generated in {took:.0f} s; fresh CLI process)")  # fmt: skip
        folders = {"now": cards}
        if "before" in sides:
            copy = work / "cards-before"
            subprocess.run(["cp", "-al", str(cards), str(copy)], check=True)
            folders["before"] = copy
        for k, exe in sides.items():
            d = folders[k]
            cache = work / f"cache-{k}"
            shutil.rmtree(cache, ignore_errors=True)
            kenv = {**env, "GAMEDAY_CACHE_DIR": str(cache)}
            before = snapshot(d)
            cmd = [str(exe), "scorecard", "trends", "--dir", str(d)]
            wall, cpu, rss, code = run(cmd, kenv)
            print(f"  {k:<6} cold cache   wall {wall:6.2f} s  CPU {cpu:5.2f} s  peak {rss:4.0f} MB"
                  f"  exit {code}  (load {os.getloadavg()[0]:.1f})")  # fmt: skip
            rs = [run(cmd, kenv) for _ in range(args.n)]
            wall = statistics.median(r[0] for r in rs)
            cpu = statistics.median(r[1] for r in rs)
            after = snapshot(d)
            changed = sorted(set(after) ^ set(before)) + sorted(
                n for n in before if n in after and before[n] != after[n]
            )
            verdict = "unchanged" if not changed else f"CHANGED: {', '.join(changed[:3])}"
            print(f"  {k:<6} warm cache   wall {wall:6.2f} s  CPU {cpu:5.2f} s  median of {args.n}"
                  f"  (load {os.getloadavg()[0]:.1f}); folder {verdict}")  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    print(f"\nload average at the end {load()}; reference loop {reference_ms():.0f} ms")


if __name__ == "__main__":
    main()

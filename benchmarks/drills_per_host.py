"""Many isolated drills on one host at once: detection and the drill room's responsiveness per N.

    .venv/bin/python benchmarks/drills_per_host.py [--n 1,2,3,4,6] [--users 5] [--runs 1]

What it times, per N: N ``gameday run`` CLI processes started together, each on its own stack
(``GAMEDAY_PROJECT``, proxy and database ports, ``GAMEDAY_STATE_DIR`` and scorecards folder all
apart), each with 5 Locust customers (``--users``) and its team on autopilot, at 1 s polling:

- detection: fault verified live -> first real alert, from each drill's own event log (the
  drill's clock), and from fault.injected;
- the drill room: while the drills run, ``GET /dashboard`` and ``GET /api/state`` on every
  drill's endpoint once a second (with its join token), latency p50 / p95 / max, timeouts
  (10 s) counted apart;
- the host: the 1-minute load average sampled every second (other engineers' work included:
  this machine is shared, so every figure says what the load was).

The drill is ``tests/data/drill/expired-cert-fast.yaml`` with its autopilot and the fast
playbook (the drill e2e test's: ~40 s a drill), not scored (``--no-score``). Stacks are brought
up one at a time when an N first needs one (images cached by content; bring-up is not timed)
and reused for every larger N; caches warm.
Every container, network and volume is labelled ``gameday.project=gdhost-<run>-<i>`` and
removed by that label at the end, whatever happens. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gameday import events as ev  # noqa: E402

DATA = ROOT / "tests" / "data" / "drill"
SCENARIO = DATA / "expired-cert-fast.yaml"
AUTOPILOT = DATA / "expired-cert-autopilot.yaml"
PLAYBOOK = ROOT / "tests" / "data" / "playbooks" / "fast.yaml"
TEAM = ROOT / "scenarios" / "teams" / "model-team.yaml"
GAMEDAY = [sys.executable, "-m", "gameday"]


def free_port(taken: set[int]) -> int:
    from gameday.target.settings import free_port as free

    while True:
        port = free()
        if port not in taken:
            taken.add(port)
            return port


class Stack:
    """One isolated drill's world: project, ports, state and scorecards folders."""

    def __init__(self, run: str, i: int, work: Path, taken: set[int]) -> None:
        self.project = f"gdhost-{run}-{i}"
        self.home = work / f"drill-{i}"
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env.update(
            GAMEDAY_PROJECT=self.project,
            GAMEDAY_PROXY_PORT=str(free_port(taken)),
            GAMEDAY_DB_PORT=str(free_port(taken)),
            GAMEDAY_STATE_DIR=str(self.home / "state"),
            GAMEDAY_SCORECARDS=str(self.home / "scorecards"),
        )

    def gameday(self, *args: str, log: Path | None = None) -> subprocess.Popen[bytes]:
        out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - child writes
        return subprocess.Popen([*GAMEDAY, *args], env=self.env, cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT)  # fmt: skip

    def drills(self) -> list[Path]:
        root = self.home / "state" / "drills"
        return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []

    def endpoint(self, known: set[Path]) -> tuple[str, str] | None:
        """The running drill's URL and join token, once it serves."""
        for d in self.drills():
            if d in known:
                continue
            try:
                meta = json.loads((d / "drill.json").read_text())
            except (OSError, ValueError):
                continue
            if meta.get("url") and meta.get("token"):
                return str(meta["url"]), str(meta["token"])
        return None


def remove_projects(prefix: str) -> int:
    """Every container, network and volume whose gameday.project label starts with prefix."""
    from gameday.dockerutil import LABEL_PROJECT, client

    docker = client()
    mine = {"label": LABEL_PROJECT}
    removed = 0
    for c in docker.containers.list(all=True, filters=mine):
        if c.labels.get(LABEL_PROJECT, "").startswith(prefix):
            c.remove(force=True, v=True)
            removed += 1
    for n in docker.networks.list(filters=mine):
        if (n.attrs.get("Labels") or {}).get(LABEL_PROJECT, "").startswith(prefix):
            n.remove()
            removed += 1
    for v in docker.volumes.list(filters=mine):
        if (v.attrs.get("Labels") or {}).get(LABEL_PROJECT, "").startswith(prefix):
            v.remove(force=True)
            removed += 1
    return removed


def stack_cpu(stacks: list[Stack]) -> float:
    """CPU seconds used so far by every container of these stacks (the engine's counters)."""
    from docker.errors import DockerException

    from gameday.dockerutil import LABEL_PROJECT, client

    docker = client()
    total = 0
    for s in stacks:
        for c in docker.containers.list(filters={"label": f"{LABEL_PROJECT}={s.project}"}):
            try:
                total += c.stats(stream=False, one_shot=True)["cpu_stats"]["cpu_usage"][
                    "total_usage"
                ]
            except (KeyError, TypeError, DockerException):
                pass
    return total / 1e9


def get(url: str, token: str, timeout: float = 10.0) -> float | str:
    """Seconds to a full answer, or why there was none."""
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
            status = resp.status
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        return type(reason).__name__
    return time.perf_counter() - t0 if status == 200 else f"HTTP {status}"


def running(pid: int) -> bool:
    """Whether a child still runs, without reaping it (the main thread's wait4 does that)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] not in "ZX"


class Prober(threading.Thread):
    """Polls every drill room once a second; samples the load average too."""

    def __init__(self, stacks: list[Stack], known: set[Path]) -> None:
        super().__init__(daemon=True)
        self.stacks, self.known = stacks, known
        self.procs: list[subprocess.Popen[bytes]] = []  # a drill whose runner ended: not polled
        self.stop = threading.Event()
        self.lat: dict[str, list[float]] = {"/dashboard": [], "/api/state": []}
        self.fails: collections.Counter[str] = collections.Counter()  # by reason
        self.load: list[float] = []
        self.ends: dict[int, tuple[str, str]] = {}

    def run(self) -> None:
        while not self.stop.is_set():
            t0 = time.monotonic()
            self.load.append(os.getloadavg()[0])
            for i, s in enumerate(self.stacks):
                if i not in self.ends:
                    got = s.endpoint(self.known)
                    if got:
                        self.ends[i] = got
                ended = i < len(self.procs) and not running(self.procs[i].pid)
                if i in self.ends and not ended:
                    url, token = self.ends[i]
                    for path in self.lat:
                        took = get(url + path, token)
                        if isinstance(took, str):
                            self.fails[f"{path} {took}"] += 1
                        else:
                            self.lat[path].append(took)
            self.stop.wait(max(0.0, 1.0 - (time.monotonic() - t0)))


def detection(drill: Path) -> tuple[float, float, int] | None:
    """(fault live -> first real alert, fault injected -> it, real alerts before the fault):
    an alert before the fault means the stack was not steady (the host too busy to answer
    within the probes' timeouts), so that drill's detection says nothing about the fault."""
    from gameday.drill.log import EventLog

    with EventLog.open(drill, create=False) as log:
        events = log.events()
    first: dict[str, float] = {}
    early = 0
    for e in events:
        if e.kind in (ev.FAULT_INJECTED, ev.FAULT_LIVE):
            first.setdefault(e.kind, e.t)
        elif e.kind == ev.ALERT_FIRED and not e.data.get("noise"):
            if ev.FAULT_INJECTED in first:
                first.setdefault("alert", e.t)
            else:
                early += 1
    if "alert" not in first or ev.FAULT_LIVE not in first:
        return None
    alert = first["alert"]
    return max(0.0, alert - first[ev.FAULT_LIVE]), alert - first[ev.FAULT_INJECTED], early


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


def run_n(stacks: list[Stack], users: int, work: Path, tag: str) -> dict[str, Any]:
    known = {d for s in stacks for d in s.drills()}
    args = [
        str(SCENARIO), "--team", str(TEAM), "--autopilot", str(AUTOPILOT),
        "--users", str(users), "--baseline", "10s", "--hold", "5s", "--time-limit", "2m",
        "--wrap-up", "0s", "--escalation-timeout", "5s", "--poll", "1s", "--plain", "--no-score",
    ]  # fmt: skip
    if PLAYBOOK.exists():
        args += ["--playbook", str(PLAYBOOK)]
    prober = Prober(stacks, known)
    prober.start()
    cpu0 = stack_cpu(stacks)
    t0 = time.monotonic()
    procs = [
        s.gameday("run", *args, log=work / f"{tag}-drill-{i}.log") for i, s in enumerate(stacks)
    ]
    prober.procs = procs
    codes = []
    runner_cpu = 0.0  # each runner with its Locust child (wait4 counts waited-for children)
    for p in procs:
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        codes.append(p.returncode)
        runner_cpu += usage.ru_utime + usage.ru_stime
    wall = time.monotonic() - t0
    prober.stop.set()
    prober.join()
    det = []
    for s in stacks:
        new = [d for d in s.drills() if d not in known]
        det.append(detection(new[-1]) if new else None)
    containers = stack_cpu(stacks) - cpu0
    return {
        "codes": codes,
        "wall": wall,
        "det": det,
        "prober": prober,
        "cpu": (runner_cpu + containers) / wall,  # cores busy with these drills, on average
        "runner_cpu": runner_cpu / wall,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", default="1,2,3,4,6", help="drill counts to try, ascending")
    ap.add_argument("--users", type=int, default=5, help="Locust customers per drill")
    ap.add_argument("--keep-going", action="store_true",
                    help="try every N even after detection passed 3 s")  # fmt: skip
    args = ap.parse_args()
    ns = sorted({int(x) for x in args.n.split(",") if x})
    run = secrets.token_hex(3)
    prefix = f"gdhost-{run}-"
    work = Path(tempfile.mkdtemp(prefix="drills-per-host-"))
    taken: set[int] = set()
    stacks = [Stack(run, i, work, taken) for i in range(max(ns))]
    print(f"{os.cpu_count()} cores; projects {prefix}0..{len(stacks) - 1}; logs in {work}")
    print(f"load average at start: {' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1/5/15 min)")
    try:
        up: list[Stack] = []

        def bring_up(upto: int) -> None:
            """One stack at a time, when an N first needs it (bring-up is not measured; six
            databases seeding at once on two busy cores miss their health checks)."""
            for s in stacks[len(up) : upto]:
                t0 = time.monotonic()
                for _attempt in range(2):  # a health check missed under load: up again
                    code = s.gameday("target", "up", log=work / f"up-{s.project}.log").wait()
                    if code == 0:
                        break
                took = time.monotonic() - t0
                print(f"  ({s.project} up in {took:.0f} s, exit {code})", flush=True)
                if code != 0:
                    sys.exit(f"target up failed: see {work}/up-{s.project}.log")
                up.append(s)

        print(f"\nN drills at once (expired-cert-fast, {args.users} customers each, autopilot, "
              "1 s polling, not scored); detection = fault live -> first real alert "
              "(drill clock); room = GET /dashboard and /api/state on each drill, 1/s")  # fmt: skip
        print(f"{'N':>3} {'ok':>5} {'detect med/max s':>17} {'from inject max':>16} "
              f"{'dashboard p50/p95/max ms':>25} {'api/state p50/p95 ms':>21} "
              f"{'fails':>6} {'load min/mean/max':>18}")  # fmt: skip
        for n in ns:
            bring_up(n)
            r = run_n(stacks[:n], args.users, work, f"n{n}")
            got = [d for d in r["det"] if d is not None]
            live = [d[0] for d in got]
            inj = [d[1] for d in got]
            pr: Prober = r["prober"]
            dash, api = pr.lat["/dashboard"], pr.lat["/api/state"]
            ok = sum(1 for c in r["codes"] if c == 0)
            load = pr.load or [float("nan")]
            print(
                f"{n:>3} {ok:>2}/{n:<2} "
                f"{statistics.median(live) if live else float('nan'):>8.2f}/"
                f"{max(live) if live else float('nan'):<8.2f} "
                f"{max(inj) if inj else float('nan'):>16.2f} "
                f"{pct(dash, 0.5) * 1000:>9.0f}/{pct(dash, 0.95) * 1000:.0f}/"
                f"{max(dash or [float('nan')]) * 1000:<9.0f} "
                f"{pct(api, 0.5) * 1000:>10.0f}/{pct(api, 0.95) * 1000:<10.0f} "
                f"{sum(pr.fails.values()):>6} "
                f"{min(load):>6.1f}/{statistics.mean(load):.1f}/{max(load):.1f}",
                flush=True,
            )
            if len(got) < n:
                print(f"    {n - len(got)} drill(s) saw no real alert after the fault: see "
                      f"{work}/n{n}-drill-*.log")  # fmt: skip
            unsteady = sum(1 for d in got if d[2])
            if unsteady:
                print(f"    {unsteady} drill(s) had real alerts BEFORE the fault (the stack did "
                      "not answer its probes in time: the host, not the fault): their "
                      "detection figure means nothing")  # fmt: skip
            ends = sum(1 for c in r["codes"] if c != 0)
            if ends:
                print(f"    {ends} runner(s) exited non-zero (e.g. steady state not restored in "
                      "time): see the logs")  # fmt: skip
            print(f"    these drills kept {r['cpu']:.2f} cores busy on average over "
                  f"{r['wall']:.0f} s ({r['cpu'] / n:.2f} per drill: runner + Locust "
                  f"{r['runner_cpu'] / n:.2f}, its stack's containers the rest)")  # fmt: skip
            if pr.fails:
                print("    room requests without an answer: "
                      + ", ".join(f"{k} x{v}" for k, v in pr.fails.most_common()))  # fmt: skip
            if live and max(live) > 3.0 and not args.keep_going:
                print(f"    detection passed 3 s at N = {n}")
                break
    finally:
        removed = remove_projects(prefix)
        print(f"\ncleaned up: {removed} Docker object(s) labelled gameday.project={prefix}*")
        print(f"drill logs and state (event logs) kept in {work}")


if __name__ == "__main__":
    main()

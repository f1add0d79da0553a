"""``gameday validate`` against ``chaos validate`` on an equivalent file, side by side.

    .venv/bin/python benchmarks/validate_bench.py [-n 20] [--chaos-venv DIR] [--before CHECKOUT]

What is timed: a fresh CLI process per run (what a person typing the command waits for), wall
time and the child's CPU time (user+sys, which a loaded machine inflates less), median of
``-n`` runs, the commands interleaved so every one sees the same load. Input: the bad-deploy
scenario (two HTTP probes, one fault, two injects, a rollback), and the same experiment in
chaostoolkit's format (steady-state hypothesis with the two HTTP probes, the method, the
rollback), written to a temporary folder. Caches: warm (each command runs once untimed first;
bytecode caching on, as an installed package has it).

chaostoolkit lives in a scratch virtual environment outside the project (``--chaos-venv``,
created with ``pip install chaostoolkit`` when missing); ``--before`` also times another
checkout of gameday (its own ``.venv``), e.g. ``git worktree add /tmp/before a84320a``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EXPERIMENT = {
    "version": "1.0.0",
    "title": "New API release breaks checkout",
    "description": "API v2 shipped a checkout bug; rolling back to v1 is the fix.",
    "tags": ["deploy", "api"],
    "steady-state-hypothesis": {
        "title": "browse and checkout work",
        "probes": [
            {
                "type": "probe",
                "name": "browse",
                "tolerance": 200,
                "provider": {
                    "type": "http",
                    "url": "https://127.0.0.1:8443/products?limit=5",
                    "timeout": 3,
                },
            },
            {
                "type": "probe",
                "name": "checkout",
                "tolerance": 201,
                "provider": {
                    "type": "http",
                    "url": "https://127.0.0.1:8443/checkout",
                    "method": "POST",
                    "headers": {"Content-Type": "application/json"},
                    "arguments": {"product_id": 4, "quantity": 1, "customer": "gameday-probe"},
                    "timeout": 6,
                },
            },
        ],
    },
    "method": [
        {
            "type": "action",
            "name": "api-v2",
            "provider": {"type": "process", "path": "true", "arguments": "deploy api v2"},
        },
        {
            "type": "action",
            "name": "noise",
            "provider": {"type": "process", "path": "true", "arguments": "noise"},
            "pauses": {"after": 180},
        },
    ],
    "rollbacks": [
        {
            "type": "action",
            "name": "rollback",
            "provider": {"type": "process", "path": "true", "arguments": "rollback api"},
        }
    ],
}


def ensure_chaos(venv: Path) -> Path:
    chaos = venv / "bin" / "chaos"
    if not chaos.exists():
        print(f"installing chaostoolkit into {venv} (scratch, outside the project)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "chaostoolkit"], check=True)
    return chaos


def once(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int]:
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, cwd=cwd)  # chaos writes a log there
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=20)
    ap.add_argument("--chaos-venv", default=str(Path(tempfile.gettempdir()) / "chaos-venv"))
    ap.add_argument("--before", help="another gameday checkout (with its .venv) to time too")
    args = ap.parse_args()
    chaos = ensure_chaos(Path(args.chaos_venv))
    work = Path(tempfile.mkdtemp(prefix="validate-bench-"))
    experiment = work / "bad-deploy.json"
    experiment.write_text(json.dumps(EXPERIMENT, indent=2))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["GAMEDAY_STATE_DIR"] = str(work / "state")
    scenario = ROOT / "scenarios" / "bad-deploy.yaml"
    cases = {
        "gameday validate (this checkout)": [
            str(Path(sys.executable).parent / "gameday"), "validate", str(scenario)
        ],
        "chaos validate": [str(chaos), "validate", str(experiment)],
    }  # fmt: skip
    if args.before:
        before = Path(args.before)
        cases["gameday validate (--before)"] = [
            str(before / ".venv" / "bin" / "gameday"), "validate",
            str(before / "scenarios" / "bad-deploy.yaml"),
        ]  # fmt: skip
    for name, cmd in cases.items():  # warm: bytecode written, files in the page cache
        _, _, rc = once(cmd, env, work)
        if rc != 0:
            print(f"{name}: exit {rc}: {' '.join(cmd)}")
            sys.exit(1)
    walls: dict[str, list[float]] = {k: [] for k in cases}
    cpus: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(args.n):
        for name, cmd in cases.items():
            wall, cpu, _ = once(cmd, env, work)
            walls[name].append(wall)
            cpus[name].append(cpu)
    load = os.getloadavg()[0]
    print(f"fresh CLI processes, warm caches, median of {args.n} interleaved runs, "
          f"load average {load:.1f} on {os.cpu_count()} cores")  # fmt: skip
    chaos_wall = statistics.median(walls["chaos validate"])
    chaos_cpu = statistics.median(cpus["chaos validate"])
    for name in cases:
        w, c = statistics.median(walls[name]), statistics.median(cpus[name])
        print(f"  {name:<34} wall {w * 1000:6.0f} ms ({w / chaos_wall:4.2f}x chaos)   "
              f"cpu {c * 1000:6.0f} ms ({c / chaos_cpu:4.2f}x chaos)")  # fmt: skip


if __name__ == "__main__":
    main()

"""Staging target figures: base image build, cold/warm ``target up``, ``down``, ``--help``.

Isolated from every other stack: a private project and ports, a private state directory, and
for the cold run a copy of ``targets/shop`` whose images are renamed ``gdbench-*`` so the shared
``gameday-shop-*`` images stay untouched. Everything the benchmark creates is removed.

    .venv/bin/python benchmarks/target_bench.py [--skip-base] [--help-runs 5]
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gameday.dockerutil import LABEL_PROJECT, client
from gameday.state import project_root
from gameday.target import baseimage, compose, resolve_target
from gameday.target.settings import free_port


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_base_image() -> None:
    """A real mmdebstrap + import into a throwaway tag (the shared cached tag is not touched)."""
    tag = f"gdbench-base:{secrets.token_hex(4)}"
    docker = client()
    seconds = _timed(lambda: baseimage._build(docker, tag, baseimage.packages(), lambda _m: None))
    size = docker.images.get(tag).attrs["Size"]
    docker.images.remove(tag)
    print(
        f"base image build (mmdebstrap + docker import): {seconds:6.1f} s, {size / 2**20:.0f} MiB"
    )


def _private_copy(tmp: Path) -> Path:
    folder = tmp / "shop"
    shutil.copytree(project_root() / "targets" / "shop", folder)
    compose_file = folder / "docker-compose.yml"
    text = compose_file.read_text()
    compose_file.write_text(re.sub(r"image: gameday-shop-", "image: gdbench-shop-", text))
    return folder


def bench_up_down(tmp: Path) -> None:
    project = f"gdbench-{secrets.token_hex(3)}"
    os.environ.update(
        GAMEDAY_PROJECT=project,
        GAMEDAY_PROXY_PORT=str(free_port()),
        GAMEDAY_DB_PORT=str(free_port()),
        GAMEDAY_STATE_DIR=str(tmp / "state"),
    )
    folder = _private_copy(tmp)
    docker = client()
    try:
        t = resolve_target(str(folder))
        os.environ["GAMEDAY_BUILD_NOCACHE"] = "1"  # really build, not replay the layer cache
        try:
            cold = _timed(t.up)
        finally:
            del os.environ["GAMEDAY_BUILD_NOCACHE"]
        print(f"cold up (5 images built, no cache, db seeded):  {cold:6.1f} s")
        again = _timed(resolve_target(str(folder)).up)
        print(f"up again while running (nothing to do):         {again:6.1f} s")
        down = _timed(t.down)
        print(f"down (containers, network, volume removed):     {down:6.1f} s")
        warm = _timed(resolve_target(str(folder)).up)
        print(f"warm up (images cached, fresh volume + seed):   {warm:6.1f} s")
        t.down(keep_data=True)
        warm_kept = _timed(resolve_target(str(folder)).up)
        print(f"warm up (images cached, seeded volume kept):    {warm_kept:6.1f} s")
        down = _timed(t.down)
        print(f"down:                                           {down:6.1f} s")
    finally:
        label = {"label": f"{LABEL_PROJECT}={project}"}
        for c in docker.containers.list(all=True, filters=label):
            c.remove(force=True)
        for n in docker.networks.list(filters=label):
            n.remove()
        for v in docker.volumes.list(filters=label):
            v.remove(force=True)
        # by tag, never by id: a tag removal only deletes layers nobody else references
        for image in docker.images.list(name="gdbench-shop-*"):
            for tag in image.tags:
                if tag.startswith("gdbench-shop-"):
                    docker.images.remove(tag)


def bench_help(runs: int) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "gameday", "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    print(
        f"gameday --help wall time: median {statistics.median(times) * 1000:.0f} ms "
        f"(min {min(times) * 1000:.0f}, {runs} runs)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-base", action="store_true", help="skip the base image build")
    parser.add_argument("--skip-stack", action="store_true", help="skip up/down figures")
    parser.add_argument("--help-runs", type=int, default=5)
    args = parser.parse_args()
    print(f"compose CLI: {compose.describe()}")
    bench_help(args.help_runs)
    if not args.skip_base:
        bench_base_image()
    if not args.skip_stack:
        with tempfile.TemporaryDirectory(prefix="gdbench-") as tmp:
            bench_up_down(Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())

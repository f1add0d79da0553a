"""Locust stats plumbing: the plugin's JSON lines, the tail reader, and a real headless Locust."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from gameday.drill.customers import Customers, StatsTail, parse_line


def test_tail_reads_only_complete_lines_and_skips_garbage(tmp_path: Path) -> None:
    p = tmp_path / "s.jsonl"
    tail = StatsTail(p)
    assert tail.read_new(1.0) == []  # no file yet
    line = '{"requests": 10, "failures": 5, "rps": 10, "p95_ms": 12.5, "total_requests": 30}'
    p.write_text(line + "\nnot json\n" + line[:20])
    got = tail.read_new(2.0)
    assert len(got) == 1 and got[0].fail_ratio == 0.5 and got[0].requests == 30
    with open(p, "a") as f:
        f.write(line[20:] + "\n")
    got = tail.read_new(3.0)
    assert len(got) == 1 and got[0].t == 3.0 and got[0].interval_failures == 5


def test_parse_line_handles_wrong_types() -> None:
    assert parse_line('{"requests": "many"}', 0.0) is None
    assert parse_line("[]", 0.0) is None


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = 500 if self.path.startswith("/fail") else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


LOCUSTFILE = """
from locust import HttpUser, constant, task

class Customer(HttpUser):
    wait_time = constant(0.05)

    @task(3)
    def ok(self):
        self.client.get("/ok")

    @task(1)
    def fail(self):
        self.client.get("/fail")
"""


def test_real_locust_reports_rate_and_failures_through_the_plugin(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    lf = tmp_path / "locustfile.py"
    lf.write_text(LOCUSTFILE)
    c = Customers(
        locustfile=lf,
        host=f"http://127.0.0.1:{server.server_address[1]}",
        ca_path=None,
        users=2,
        workdir=tmp_path / "drill",
    )
    c.start()
    stats = []
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and sum(s.interval_requests for s in stats) < 40:
            time.sleep(0.5)
            stats += c.read_new(time.monotonic())
    finally:
        c.stop()
        server.shutdown()
    assert not c.alive()
    total = sum(s.interval_requests for s in stats)
    failed = sum(s.interval_failures for s in stats)
    if total < 40:
        pytest.fail(f"Locust reported only {total} requests; log: {c.log_path.read_text()[-2000:]}")
    assert 0 < failed < total  # one task in four fails, for real
    assert stats[-1].requests >= total and stats[-1].failures >= failed
    # per endpoint, for the drill room's dashboard: the failing one stands out
    import json

    rows: dict[str, list[int]] = {}
    for line in c.stats_path.read_text().splitlines():
        for name, row in json.loads(line).get("endpoints", {}).items():
            got = rows.setdefault(name, [0, 0])
            got[0] += row["requests"]
            got[1] += row["failures"]
            assert row["p95_ms"] >= 0
    assert set(rows) == {"GET /ok", "GET /fail"}
    assert rows["GET /ok"][1] == 0 and rows["GET /fail"][0] == rows["GET /fail"][1] > 0


def test_missing_locustfile_is_a_clear_error(tmp_path: Path) -> None:
    from gameday.errors import DrillError

    with pytest.raises(DrillError, match="no locustfile"):
        Customers(
            locustfile=tmp_path / "nope.py",
            host="http://x",
            ca_path=None,
            users=1,
            workdir=tmp_path,
        )


def test_kill_stale_leaves_a_reused_pid_alone() -> None:
    import subprocess

    from gameday.drill.customers import kill_stale

    other = subprocess.Popen(["sleep", "30"], start_new_session=True)
    try:
        kill_stale(other.pid)  # not a Locust: the pid was reused by something else
        time.sleep(0.2)
        assert other.poll() is None
        kill_stale(None)
    finally:
        other.kill()
        other.wait()


def test_poller_turns_a_raising_probe_into_a_failed_observation() -> None:
    from gameday.drill.poller import Poller

    def boom() -> tuple[bool, float | None, str]:
        raise RuntimeError("probe bug")

    seen: list = []
    p = Poller("shop", boom, seen.append, lambda: 7.0, interval_s=0.05)
    obs = p.poll_once()
    assert obs.ok is False and "probe bug" in obs.detail and obs.t == 7.0
    p.start()
    deadline = time.monotonic() + 5
    while len(seen) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    p.stop()
    p.join(2)
    assert len(seen) >= 3 and all(not o.ok for o in seen)


def test_poller_keeps_its_interval_on_the_injected_clock() -> None:
    from gameday.clock import FakeClock
    from gameday.drill.monitors import Observation
    from gameday.drill.poller import Poller

    clock = FakeClock()
    seen: list[Observation] = []

    def sink(obs: Observation) -> None:
        seen.append(obs)
        if len(seen) == 4:
            p.stop()

    p = Poller("shop", lambda: (True, 1.0, ""), sink, clock.monotonic, interval_s=2.0, clock=clock)
    p.start()
    p.join(5)
    assert [o.t for o in seen] == [0.0, 2.0, 4.0, 6.0]  # no real sleeping: the fake clock moved


def test_distributed_locust_reports_through_the_master(tmp_path: Path) -> None:
    """A master and two worker processes for real: the workers ship their samples, the master
    writes the one stats file, with the workers it has."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    lf = tmp_path / "locustfile.py"
    lf.write_text(LOCUSTFILE)
    c = Customers(
        locustfile=lf,
        host=f"http://127.0.0.1:{server.server_address[1]}",
        ca_path=None,
        users=4,
        workdir=tmp_path / "drill",
        workers=2,
    )
    c.start()
    stats = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and sum(s.interval_requests for s in stats) < 60:
            time.sleep(0.5)
            stats += c.read_new(time.monotonic())
        pids = [c.pid, *c.worker_pids]
    finally:
        c.stop()
        server.shutdown()
    assert len(pids) == 3 and not c.alive()
    assert all(p.poll() is not None for p in c.worker_procs)
    total = sum(s.interval_requests for s in stats)
    if total < 60:
        logs = [c.log_path, *sorted(c.workdir.glob("locust-worker-*.log"))]
        pytest.fail(f"only {total} requests; logs: {[p.read_text()[-800:] for p in logs]}")
    assert max(s.workers for s in stats) == 2
    assert max(s.users for s in stats) == 4
    assert 0 < sum(s.interval_failures for s in stats) < total


def test_master_and_worker_arguments(tmp_path: Path) -> None:
    lf = tmp_path / "locustfile.py"
    lf.write_text(LOCUSTFILE)
    c = Customers(
        locustfile=lf, host="http://x", ca_path=None, users=10, workdir=tmp_path,
        workers=3, remote_workers=2, master_bind="0.0.0.0", master_port=5599,
    )  # fmt: skip
    argv = c.argv()
    assert argv[argv.index("--expect-workers") + 1] == "5"  # local and remote alike
    assert argv[argv.index("--master-bind-host") + 1] == "*"
    assert argv[argv.index("--master-bind-port") + 1] == "5599"
    w = c.worker_argv()
    assert "--worker" in w and w[w.index("--master-port") + 1] == "5599"
    assert w[w.index("-f") + 1] == c.files()  # the same user classes as the master
    alone = Customers(locustfile=lf, host="http://x", ca_path=None, users=1, workdir=tmp_path)
    assert "--master" not in alone.argv() and not alone.distributed


@pytest.mark.parametrize(
    ("workers", "remote", "bind", "message"),
    [
        (-1, 0, "127.0.0.1", "--workers must be a whole number of 0 or more"),
        (65, 0, "127.0.0.1", "more than 64 Locust processes on one host"),
        (True, 0, "127.0.0.1", "--workers must be a whole number"),
        (0, 2, "127.0.0.1", "--remote-workers needs a master other hosts can reach"),
        (0, 5000, "0.0.0.0", "--remote-workers 5000 is more than"),
    ],
)
def test_worker_counts_are_checked(workers: int, remote: int, bind: str, message: str) -> None:
    from gameday.drill.customers import check_workers
    from gameday.errors import DrillError

    with pytest.raises(DrillError, match=message):
        check_workers(workers, remote, bind)
    check_workers(64, 3, "0.0.0.0")  # the largest sensible counts pass


def test_on_swarm_the_master_runs_from_the_workers_image(tmp_path: Path) -> None:
    from gameday.drill.customers import SwarmLoad

    lf = tmp_path / "locustfile.py"
    lf.write_text(LOCUSTFILE)
    ca = tmp_path / "ca.crt"
    ca.write_text("x")
    drill = tmp_path / "drill"
    drill.mkdir()
    c = Customers(
        locustfile=lf, host="https://127.0.0.1:1", ca_path=ca, users=4, workdir=drill,
        workers=2, master_port=5599,
        swarm=SwarmLoad(project="gdx", target="shop", image="gameday-locust-worker:abc"),
    )  # fmt: skip
    argv = c.argv()
    assert argv[:3] == ["docker", "run", "--rm"]
    image_at = argv.index("gameday-locust-worker:abc")
    assert argv[image_at + 1 : image_at + 3] == ["-m", "locust"]
    assert "--master" in argv and argv[argv.index("--expect-workers") + 1] == "2"
    assert f"{drill.resolve()}:{drill.resolve()}" in argv  # the stats file, read-write
    assert f"{lf.resolve()}:{lf.resolve()}:ro" in argv
    assert "gameday.helper=locust" in argv and "gameday.project=gdx" in argv
    envs = [argv[i + 1] for i, a in enumerate(argv) if a == "--env"]
    assert "GAMEDAY_LOCUST_STATS" in envs and all("=" not in e for e in envs)  # names only
    assert c.worker_argv()  # unused on swarm: no local worker processes are started
    alone = Customers(
        locustfile=lf, host="h", ca_path=None, users=1, workdir=drill,
        swarm=SwarmLoad(project="gdx", target="shop", image="i"),
    )  # fmt: skip
    assert alone.swarm is None and alone.argv()[0] != "docker"  # no workers: one process


def test_orphaned_helpers_are_those_of_a_gone_runner_on_this_host() -> None:
    import os
    import socket

    from gameday.target.swarm import locust as swarm_locust

    here = socket.gethostname()
    mine = swarm_locust.labels("p", "shop", os.getpid())
    assert not swarm_locust._orphaned(mine)
    assert swarm_locust._orphaned({**mine, swarm_locust.LABEL_RUNNER_PID: str(2**22 + 7)})
    assert swarm_locust._orphaned({**mine, swarm_locust.LABEL_RUNNER_PID: "junk"})
    other_host = {**mine, swarm_locust.LABEL_RUNNER_HOST: here + "-elsewhere"}
    assert not swarm_locust._orphaned({**other_host, swarm_locust.LABEL_RUNNER_PID: "0"})
    assert len(swarm_locust.service_name("x" * 80)) <= 63

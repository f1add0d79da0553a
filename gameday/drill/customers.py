"""Simulated customers: Locust, headless, in its own process, reporting through a file.

Locust's gevent loop and CPU appetite stay out of the runner: it runs as a child in its own
session (Ctrl-C in the facilitator's terminal reaches the runner, which stops Locust itself), and
the ``locust_stats.py`` plugin appends a JSON line per second that ``read_new`` tails.

One Python process saturates one core long before a real staging stack does, so with
``workers`` Locust runs distributed (its own master/worker mode, nothing home-made): this
process becomes the master (no users of its own; it spreads them over the workers and writes
the stats file), ``workers`` worker processes start beside it, and ``remote_workers`` more may
join from other hosts (``gameday workers --master HOST:PORT``); the master waits for all of them
before the users start.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from gameday.drill.monitors import CustomerStats
from gameday.drill.proc import die_with_parent
from gameday.errors import DrillError
from gameday.linetail import LineTail
from gameday.records import record

PLUGIN = "locust_stats.py"
MAX_WORKERS = 64  # local worker processes per drill; more hosts, not more processes, beyond it
JOIN_WAIT_S = 120  # how long the master waits for its workers before it gives up


def plugin_path() -> Path:
    from gameday.state import project_root

    return project_root() / "targets" / "shop" / PLUGIN


def parse_line(line: str, t: float) -> CustomerStats | None:
    """One plugin line -> ``CustomerStats`` at drill time ``t``; None for a torn/garbage line."""
    try:
        d = json.loads(line)
        requests = int(d.get("requests", 0))
        failures = int(d.get("failures", 0))
        return CustomerStats(
            t=t,
            rps=float(d.get("rps", 0.0)),
            fail_ratio=(failures / requests) if requests else 0.0,
            p95_ms=float(d.get("p95_ms", 0.0)),
            requests=int(d.get("total_requests", 0)),
            failures=int(d.get("total_failures", 0)),
            slow=int(d.get("total_slow", 0)),
            interval_requests=requests,
            interval_failures=failures,
            users=int(d.get("users", 0) or 0),
            workers=int(d.get("workers", 0) or 0),
        )
    except (ValueError, TypeError, AttributeError):
        return None


class StatsTail:
    """Reads complete new lines of the stats file; a half-written last line waits for next time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._tail = LineTail(path)

    def skip_existing(self) -> None:
        """Start after what is already in the file (a previous runner of this drill read it)."""
        self._tail.skip_existing()

    def read_new(self, t: float) -> list[CustomerStats]:
        out = []
        for raw in self._tail.read():
            stats = parse_line(raw.decode("utf-8", "replace"), t)
            if stats is not None:
                out.append(stats)
        return out


@record
class SwarmLoad:
    """Where the workers go on a swarm target (``gameday.target.swarm.locust``): a service of
    the project, from ``image``, reaching the master at ``master_host``."""

    project: str
    target: str
    image: str
    master_host: str = "127.0.0.1"


class Customers:
    """The Locust child process for one drill."""

    def __init__(
        self,
        *,
        locustfile: Path,
        host: str,
        ca_path: Path | None,
        users: int,
        workdir: Path,
        slow_ms: float = 1000.0,
        workers: int = 0,
        remote_workers: int = 0,
        master_bind: str = "127.0.0.1",
        master_port: int = 0,
        swarm: SwarmLoad | None = None,
    ) -> None:
        if not locustfile.is_file():
            raise DrillError(f"no locustfile at {locustfile}: the target has no customers to run")
        check_workers(workers, remote_workers, master_bind)
        self.locustfile = locustfile
        self.host = host
        self.ca_path = ca_path
        self.users = max(1, users)
        self.workdir = workdir
        self.slow_ms = slow_ms
        self.workers = workers
        self.remote_workers = remote_workers
        self.master_bind = master_bind
        self.master_port = master_port
        self.swarm = swarm if workers else None
        self.worker_service: str | None = None
        self.stats_path = workdir / "customers.jsonl"
        self.log_path = workdir / "locust.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.worker_procs: list[subprocess.Popen[bytes]] = []
        self.tail = StatsTail(self.stats_path)

    @property
    def distributed(self) -> bool:
        return self.workers + self.remote_workers > 0

    def files(self) -> str:
        return f"{self.locustfile},{plugin_path()}"

    def argv(self) -> list[str]:
        out = [
            *self.locust_command(),
            "-f",
            self.files(),
            "--headless",
            "-u",
            str(self.users),
            "-r",
            str(self.users),
            "--host",
            self.host,
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        if self.distributed:
            out += master_args(
                self.workers + self.remote_workers, self.master_bind, self.master_port
            )
        return out

    def locust_command(self) -> list[str]:
        """How the master is started: this Python's Locust, or on a swarm target the workers'
        image (Locust wants master and workers of one version)."""
        if self.swarm is None:
            return [sys.executable, "-m", "locust"]
        from gameday.target.swarm import locust as swarm_locust

        files = [self.locustfile, plugin_path()] + ([self.ca_path] if self.ca_path else [])
        return swarm_locust.master_prefix(
            self.swarm.image,
            project=self.swarm.project,
            labels=swarm_locust.labels(self.swarm.project, self.swarm.target, os.getpid()),
            mounts=[self.workdir.resolve(), *(f.resolve() for f in files)],
            env=dict.fromkeys(self._locust_env(), ""),
        )

    def worker_argv(self) -> list[str]:
        """A worker on this host, joining the master over loopback."""
        return [
            sys.executable,
            "-m",
            "locust",
            *worker_args(self.files(), "127.0.0.1", self.master_port),
        ]

    def _locust_env(self) -> dict[str, str]:
        env = {
            "GAMEDAY_LOCUST_STATS": str(self.stats_path),
            "GAMEDAY_LOCUST_SLOW_MS": str(self.slow_ms),
            "GAMEDAY_RUNNER_PID": str(os.getpid()),
        }
        if self.ca_path is not None:
            for var in ("GAMEDAY_CA", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"):
                env[var] = str(self.ca_path)
        return env

    def env(self) -> dict[str, str]:
        return {**os.environ, **self._locust_env()}

    def start(self) -> int:
        self.workdir.mkdir(parents=True, exist_ok=True)
        # Skip what a previous runner of this drill already reported (resume).
        self.tail.skip_existing()
        if self.distributed and not self.master_port:
            from gameday.target.settings import free_port

            self.master_port = free_port(self.master_bind)
        if self.swarm is not None:
            from gameday.target.swarm import locust as swarm_locust

            swarm_locust.remove(self.swarm.project)  # a dead runner's master holds the name
        self.proc = self._spawn(self.argv(), self.log_path)
        if self.swarm is not None:
            self._start_service(self.swarm)
            return self.proc.pid
        for i in range(self.workers):
            log = self.workdir / f"locust-worker-{i + 1}.log"
            self.worker_procs.append(self._spawn(self.worker_argv(), log))
        return self.proc.pid

    def _start_service(self, swarm: SwarmLoad) -> None:
        from gameday.target.swarm import locust as swarm_locust

        files = {"locustfile.py": self.locustfile, PLUGIN: plugin_path()}
        env: dict[str, str] = {}
        if self.ca_path is not None:
            files["ca.crt"] = self.ca_path
            for var in ("GAMEDAY_CA", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"):
                env[var] = f"{swarm_locust.FILES_DIR}/ca.crt"
        try:
            self.worker_service = swarm_locust.start_workers(
                project=swarm.project,
                target=swarm.target,
                image=swarm.image,
                replicas=self.workers,
                master_host=swarm.master_host,
                master_port=self.master_port,
                files=files,
                env=env,
                runner_pid=os.getpid(),
            )
        except Exception:
            self.stop()
            raise

    def _spawn(self, argv: list[str], log_path: Path) -> subprocess.Popen[bytes]:
        log = open(log_path, "ab")  # noqa: SIM115 - handed to the child
        try:
            return subprocess.Popen(
                argv,
                cwd=self.locustfile.parent,
                env=self.env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_parent(),  # dies with the runner, even on kill -9
            )
        except OSError as exc:
            self.stop()
            raise DrillError(f"could not start Locust: {exc}") from None
        finally:
            log.close()

    @property
    def worker_pids(self) -> list[int]:
        return [p.pid for p in self.worker_procs]

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def read_new(self, now: Callable[[], float] | float) -> list[CustomerStats]:
        t = now() if callable(now) else now
        return self.tail.read_new(t)

    def stop(self, timeout: float = 10.0) -> None:
        """The master first (it tells its workers to quit), then any worker still running; on
        a swarm, the worker service, its configs and the master container by label."""
        for proc in [self.proc, *self.worker_procs]:
            if proc is not None:
                _stop(proc, timeout)
        if self.swarm is not None:
            from gameday.target.swarm import locust as swarm_locust

            swarm_locust.remove(self.swarm.project)


def _stop(proc: subprocess.Popen[bytes], timeout: float) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout)
    except (ProcessLookupError, PermissionError):
        pass
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(5)


def check_workers(workers: int, remote_workers: int = 0, master_bind: str = "127.0.0.1") -> None:
    """Refuse a worker count no drill can mean, in the CLI's words, before anything starts."""
    for name, n in (("--workers", workers), ("--remote-workers", remote_workers)):
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise DrillError(f"{name} must be a whole number of 0 or more, not {n!r}")
    if workers > MAX_WORKERS:
        raise DrillError(
            f"--workers {workers} is more than {MAX_WORKERS} Locust processes on one host; "
            "add hosts with --remote-workers and `gameday workers --master HOST:PORT` instead"
        )
    if remote_workers > MAX_WORKERS * 16:
        raise DrillError(f"--remote-workers {remote_workers} is more than {MAX_WORKERS * 16}")
    if remote_workers and master_bind in ("127.0.0.1", "::1", "localhost"):
        raise DrillError(
            "--remote-workers needs a master other hosts can reach: pass --master-bind "
            "(e.g. 0.0.0.0 or this host's address) and --master-port"
        )


def master_args(expect: int, bind: str, port: int) -> list[str]:
    """Locust's master options: wait (bounded) for ``expect`` workers before the users start."""
    return [
        "--master",
        "--expect-workers",
        str(expect),
        "--expect-workers-max-wait",
        str(JOIN_WAIT_S),
        "--master-bind-host",
        "*" if bind in ("0.0.0.0", "::") else bind,
        "--master-bind-port",
        str(port),
    ]


def worker_args(files: str, master_host: str, master_port: int) -> list[str]:
    """Locust's worker options (after ``locust``): the same files as the master, its address."""
    return [
        "-f",
        files,
        "--worker",
        "--master-host",
        master_host,
        "--master-port",
        str(master_port),
        "--loglevel",
        "WARNING",
    ]


def kill_stale(pid: int | None) -> None:
    """Stop a Locust left behind by a runner that died (its plugin also quits on its own)."""
    if not pid:
        return
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return
    if b"locust" not in cmdline:  # the pid was reused by something else: leave it alone
        return
    try:
        os.killpg(pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        pass


def run_workers(
    master_host: str,
    master_port: int,
    *,
    processes: int = 1,
    target_dir: Path | None = None,
    ca_path: Path | None = None,
    say: Callable[[str], None] = print,
) -> int:
    """``gameday workers``: Locust workers on this host joining a drill's master elsewhere.

    They run the target's locustfile with gameday's stats plugin (the plugin ships each
    worker's samples to the master, which writes the drill's stats), verify TLS against the
    staging CA, and end when the master ends them (or on Ctrl-C). Returns an exit code.
    """
    from gameday.state import project_root

    folder = target_dir or project_root() / "targets" / "shop"
    locustfile = folder / "locustfile.py"
    if not locustfile.is_file():
        raise DrillError(f"no locustfile at {locustfile}: pass --target with the drill's target")
    if ca_path is None:
        ca_path = _local_ca(folder)
    env = dict(os.environ)
    env.pop("GAMEDAY_LOCUST_STATS", None)  # the master writes the stats, never a worker
    if ca_path is not None:
        for var in ("GAMEDAY_CA", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"):
            env[var] = str(ca_path)
    else:
        say("gameday: warning: no staging CA (--ca): HTTPS customers will fail TLS verification")
    argv = [sys.executable, "-m", "locust"]
    argv += worker_args(f"{locustfile},{plugin_path()}", master_host, master_port)
    say(f"gameday: {processes} Locust worker(s) joining {master_host}:{master_port}")
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(processes):
            procs.append(subprocess.Popen(argv, cwd=folder, env=env, stdin=subprocess.DEVNULL))
        codes = [p.wait() for p in procs]
    except OSError as exc:
        raise DrillError(f"could not start a Locust worker: {exc}") from None
    except KeyboardInterrupt:
        for p in procs:
            _stop(p, 10.0)
        return 130
    return max(codes, default=0)


def _local_ca(folder: Path) -> Path | None:
    """This host's staging CA for the target, when the target was brought up here."""
    try:
        from gameday.target import resolve_target

        ca = resolve_target(str(folder)).ca_path
    except Exception:  # no target on this host is fine: a worker may run anywhere
        return None
    return ca if ca.is_file() else None

"""Simulated customers: Locust, headless, in its own process, reporting through a file.

Locust's gevent loop and CPU appetite stay out of the runner: it runs as a child in its own
session (Ctrl-C in the facilitator's terminal reaches the runner, which stops Locust itself), and
the ``locust_stats.py`` plugin appends a JSON line per second that ``read_new`` tails.
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

PLUGIN = "locust_stats.py"


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
        )
    except (ValueError, TypeError, AttributeError):
        return None


class StatsTail:
    """Reads complete new lines of the stats file; a half-written last line waits for next time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offset = 0
        self._buf = b""

    def skip_existing(self) -> None:
        """Start after what is already in the file (a previous runner of this drill read it)."""
        try:
            self._offset = self.path.stat().st_size
        except FileNotFoundError:
            self._offset = 0
        self._buf = b""

    def read_new(self, t: float) -> list[CustomerStats]:
        try:
            with open(self.path, "rb") as f:
                f.seek(self._offset)
                chunk = f.read()
        except FileNotFoundError:
            return []
        self._offset += len(chunk)
        data = self._buf + chunk
        *lines, self._buf = data.split(b"\n")
        out = []
        for raw in lines:
            stats = parse_line(raw.decode("utf-8", "replace"), t)
            if stats is not None:
                out.append(stats)
        return out


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
    ) -> None:
        if not locustfile.is_file():
            raise DrillError(f"no locustfile at {locustfile}: the target has no customers to run")
        self.locustfile = locustfile
        self.host = host
        self.ca_path = ca_path
        self.users = max(1, users)
        self.workdir = workdir
        self.slow_ms = slow_ms
        self.stats_path = workdir / "customers.jsonl"
        self.log_path = workdir / "locust.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.tail = StatsTail(self.stats_path)

    def argv(self) -> list[str]:
        files = f"{self.locustfile},{plugin_path()}"
        return [
            sys.executable,
            "-m",
            "locust",
            "-f",
            files,
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

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["GAMEDAY_LOCUST_STATS"] = str(self.stats_path)
        env["GAMEDAY_LOCUST_SLOW_MS"] = str(self.slow_ms)
        env["GAMEDAY_RUNNER_PID"] = str(os.getpid())
        if self.ca_path is not None:
            for var in ("GAMEDAY_CA", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"):
                env[var] = str(self.ca_path)
        return env

    def start(self) -> int:
        self.workdir.mkdir(parents=True, exist_ok=True)
        # Skip what a previous runner of this drill already reported (resume).
        self.tail.skip_existing()
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child
        try:
            self.proc = subprocess.Popen(
                self.argv(),
                cwd=self.locustfile.parent,
                env=self.env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_parent(),  # dies with the runner, even on kill -9
            )
        except OSError as exc:
            raise DrillError(f"could not start Locust: {exc}") from None
        finally:
            log.close()
        return self.proc.pid

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def read_new(self, now: Callable[[], float] | float) -> list[CustomerStats]:
        t = now() if callable(now) else now
        return self.tail.read_new(t)

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout)
        except (ProcessLookupError, PermissionError):
            pass
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(5)


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

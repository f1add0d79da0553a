"""``Target``: one stack gameday may drill on, and the guardrail around it.

Everything that touches a container goes through ``Target.container`` (or
``service_containers``), which refuses anything not labelled as this target's
(``GuardrailError``): a fault can never hit a production container that happens to share a
service name. What differs between compose and Docker Swarm (up/down, deploy/rollback, finding
containers, status) is the ``engine``'s job (``gameday.target.engine``).
"""

from __future__ import annotations

import datetime as dt
import ssl
import threading
from collections.abc import Sequence
from dataclasses import asdict, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gameday import state
from gameday.clock import poll_until
from gameday.dockerutil import LABEL_PROJECT, LABEL_TARGET
from gameday.errors import GuardrailError, TargetError
from gameday.records import record
from gameday.target import ca
from gameday.target.baseimage import Progress
from gameday.target.compose_engine import COMPOSE_PROJECT, COMPOSE_SERVICE
from gameday.target.deploys import DeployHistory, rollback_version
from gameday.target.settings import DEFAULT_DB_PORT, TargetSpec, env_port

if TYPE_CHECKING:
    from docker.models.containers import Container

    from gameday.target.engine import Engine

__all__ = ["COMPOSE_PROJECT", "COMPOSE_SERVICE", "ServiceStatus", "Target"]

DB_CREDENTIALS = {"user": "shop", "password": "shop", "dbname": "shop"}


RELOAD_CONFIRMATIONS = 5
"""Handshakes in a row that must show the new certificate before a reload counts as done."""


@record
class ServiceStatus:
    service: str
    state: str  # running, exited, paused, restarting, created, absent
    health: str  # healthy, unhealthy, starting, none (no healthcheck), absent
    image: str
    version: str
    ports: list[str] = field(default_factory=list)
    container: str = ""
    replicas: str = ""  # orchestrators: "running/desired", e.g. "2/2"
    tasks: list[dict[str, Any]] = field(default_factory=list)  # swarm: slot, state, version...
    update: str = ""  # swarm: the service's UpdateStatus (updating, completed, rollback_...)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Target:
    """A staging target: a compose file, the project name and state it runs under, and the
    engine (compose or swarm) that runs it."""

    def __init__(
        self,
        path: Path,
        compose_file: Path,
        spec: TargetSpec,
        project: str,
        *,
        base_image: str | None = None,
        engine: Engine | None = None,
    ) -> None:
        if engine is None:
            from gameday.target.compose_engine import ComposeEngine

            engine = ComposeEngine()
        self.engine = engine
        self.path = path
        self.compose_file = compose_file
        self.spec = spec
        self.name = spec.name
        self.project = project
        self.base_image = base_image
        # the front door's host port: the shop's proxy, or x-gameday.entry's service
        self.proxy_port = env_port("GAMEDAY_PROXY_PORT", spec.front_door.host_port)
        self.db_port = env_port("GAMEDAY_DB_PORT", DEFAULT_DB_PORT)
        self.state_root = state.state_dir() / "targets" / project
        self.ca_dir = self.state_root / "ca"
        self.tls_dir = self.state_root / "tls"
        self.history = DeployHistory(self.state_root / "deploys.json")

    def __repr__(self) -> str:
        return (
            f"Target(name={self.name!r}, project={self.project!r}, path={str(self.path)!r}, "
            f"engine={self.engine.name!r})"
        )

    @property
    def ca_path(self) -> Path:
        return self.ca_dir / "ca.crt"

    @property
    def services(self) -> tuple[str, ...]:
        return self.spec.services

    # -- lifecycle (the engine's) -------------------------------------------------------------
    def up(self, progress: Progress = lambda _m: None, *, timeout: float = 300) -> None:
        self.engine.up(self, progress, timeout=timeout)

    def down(self, keep_data: bool = False, progress: Progress = lambda _m: None) -> None:
        self.engine.down(self, keep_data=keep_data, progress=progress)

    def deploy(self, service: str, version: str, progress: Progress = lambda _m: None) -> None:
        self.engine.deploy(self, service, version, progress, action="deploy")

    def stage_version(
        self, service: str, version: str, progress: Progress = lambda _m: None
    ) -> str:
        """Get ``version`` of ``service`` ready beside the running one (nothing customers see),
        so a later deploy to it is a switch of seconds; one line saying what was done."""
        self._check_service(service)
        return self.engine.stage(self, service, version, progress)

    def drop_standbys(self, service: str | None = None) -> list[str]:
        """Remove standbys that are out of traffic (after a fault is undone); their names."""
        return self.engine.drop_standbys(self, service)

    def reload_router(self) -> None:
        """Have the router (``x-gameday.router``) re-resolve the services it routes to now."""
        router = self.spec.router
        if router is None or router.service not in self.services:
            return
        running = [
            c for c in self.engine.service_containers(self, router.service) if c.status == "running"
        ]
        if not running:
            return
        if router.signal:
            for c in running:
                self.check_guardrail(c)
                c.kill(signal=f"SIG{router.signal.upper().removeprefix('SIG')}")
            return
        code, out = self.exec(router.service, list(router.reload), timeout=20)
        if code != 0:
            what = " ".join(router.reload)
            raise TargetError(f"{what} failed in {router.service}: {out.strip()}")

    def rollback(
        self, service: str, progress: Progress = lambda _m: None, *, to: str | None = None
    ) -> tuple[str, str]:
        """Back to ``to``, or to the latest earlier version that differs from the current one.

        Returns ``(from_version, to_version)``. On swarm this is a real ``service rollback``
        whenever the service's previous spec is that version.
        """
        if service not in self.spec.deployable:
            raise TargetError(f"{service!r} is not deployable, there is nothing to roll back")
        history = self.history.versions(service)
        current = self.deployed_version(service)
        if history and history[-1] != current:
            history.append(current)  # changed behind gameday's back (docker service update)
        previous = to or rollback_version(history)
        if previous is None:
            raise TargetError(
                f"{service} has no previous version to roll back to (history: {history})"
            )
        self.engine.rollback(self, service, previous, progress)
        return current, previous

    def deployed_version(self, service: str) -> str:
        dep = self.spec.deployable.get(service)
        self._check_service(service)
        seen = self.engine.deployed_version(self, service)
        if seen is not None:
            return seen
        if dep is not None:
            history = self.history.versions(service)
            return history[-1] if history else dep.default
        return "unknown"

    def deploy_history(self, service: str) -> list[str]:
        self._check_service(service)
        return self.history.versions(service)

    def restart_service(self, service: str, progress: Progress = lambda _m: None) -> str:
        """Restart a service the way its engine does (compose: the container; swarm: a forced
        rolling update). Returns one line saying what was done."""
        self._check_service(service)
        return self.engine.restart_service(self, service, progress)

    def convergence(self, service: str) -> str | None:
        """None once ``service`` runs as declared (every replica running and healthy)."""
        self._check_service(service)
        return self.engine.convergence(self, service)

    # -- containers and the guardrail -------------------------------------------------------
    def containers(self) -> list[Container]:
        """This target's labelled service containers as the stack runs now; never helpers."""
        return self.engine.containers(self)

    def container(self, service: str) -> Container:
        """A container of ``service`` (a running one if any); GuardrailError unless it is ours."""
        self._check_service(service)
        found = self.engine.service_containers(self, service)
        if not found:
            raise TargetError(
                f"service {service!r} of {self.project} has no container",
                hint="start the target: gameday target up",
            )
        chosen = found[0]
        self.check_guardrail(chosen)
        return chosen

    def service_containers(self, service: str) -> list[Container]:
        """Every *running* container of ``service`` (one on compose, a task per replica on
        swarm), each checked by the guardrail. Faults that act per container use this."""
        self._check_service(service)
        running = [
            c for c in self.engine.service_containers(self, service) if c.status == "running"
        ]
        for c in running:
            self.check_guardrail(c)
        return running

    def check_guardrail(self, container: Container) -> None:
        labels = container.labels or {}
        if labels.get(LABEL_TARGET) != self.name or labels.get(LABEL_PROJECT) != self.project:
            raise GuardrailError(
                f"refusing to touch container {container.name}: it is not labelled "
                f"{LABEL_TARGET}={self.name}, {LABEL_PROJECT}={self.project}",
                hint="gameday only acts on containers of a labelled staging target",
            )

    def exec(
        self, service: str, argv: Sequence[str], *, timeout: float = 60, user: str = ""
    ) -> tuple[int, str]:
        """Run ``argv`` (a list, never a shell string) in the service's container."""
        if isinstance(argv, str) or not all(isinstance(a, str) for a in argv) or not argv:
            raise TypeError("argv must be a non-empty list of strings")
        container = self.container(service)
        if container.status != "running":
            raise TargetError(f"cannot exec in {service}: its container is {container.status}")
        from gameday.ownactions import mark_exec

        mark_exec(self.project, list(argv))  # not a responder's exec (gameday.ownactions)
        result: dict[str, Any] = {}

        def work() -> None:
            try:
                result["r"] = container.exec_run(list(argv), user=user, demux=False)
            except Exception as exc:  # surfaced below, in the caller's thread
                result["e"] = exc

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            raise TargetError(f"{argv[0]} in {service} did not finish within {timeout:.0f} s")
        if "e" in result:
            raise TargetError(f"exec {argv[0]} in {service} failed: {result['e']}")
        code, output = result["r"]
        return int(code if code is not None else -1), (output or b"").decode("utf-8", "replace")

    # -- status and endpoints ---------------------------------------------------------------
    def status(self) -> list[ServiceStatus]:
        return self.engine.status(self)

    def published_port(self, service: str, container_port: int) -> int | None:
        return self.engine.published_port(self, service, container_port)

    def endpoints(self) -> dict[str, Any]:
        """``proxy`` is the front door's URL (the shop's TLS proxy, or ``x-gameday.entry``),
        also named ``entry``; ``health`` its health URL."""
        door = self.spec.front_door
        proxy_port = self.proxy_port
        db_port = self.db_port
        try:
            proxy_port = self.published_port(door.service, door.port) or proxy_port
            if "db" in self.services:
                db_port = self.published_port("db", 5432) or db_port
        except TargetError:
            pass
        db = {"host": "127.0.0.1", "port": db_port, **DB_CREDENTIALS}
        db["dsn"] = "postgresql://{user}:{password}@{host}:{port}/{dbname}".format(**db)
        front = f"{door.scheme}://127.0.0.1:{proxy_port}"
        return {
            "proxy": front,
            "entry": front,
            "health": front + door.health,
            "db": db,
            "ca": str(self.ca_path),
        }

    # -- certificates -----------------------------------------------------------------------
    def ensure_ca(self) -> Path:
        return ca.ensure_ca(self.ca_dir, f"gameday staging CA ({self.project})")

    def certificate(self) -> ca.CertInfo | None:
        path = self.tls_dir / "server.crt"
        return ca.read_cert(path) if path.exists() else None

    def install_certificate(
        self, not_before: dt.datetime | None = None, not_after: dt.datetime | None = None
    ) -> ca.CertInfo:
        """Issue a leaf for the window from the staging CA and make nginx serve it."""
        self.ensure_ca()
        try:
            info = ca.issue_leaf(self.ca_dir, self.tls_dir, not_before, not_after)
        except ValueError as exc:
            raise TargetError(f"cannot issue the certificate: {exc}") from None
        self._reload_proxy(info.serial)
        return info

    def renew_certificate(self) -> ca.CertInfo:
        """A fresh, valid leaf: the remedy for an expired certificate."""
        return self.install_certificate()

    def served_serial(self, port: int | None = None) -> int | None:
        """Serial of the certificate the proxy serves right now (no verification)."""
        from cryptography import x509

        port = port or self.published_port("proxy", 8443) or self.proxy_port
        try:
            pem = ssl.get_server_certificate(("127.0.0.1", port), timeout=3)
        except OSError:
            return None
        return x509.load_pem_x509_certificate(pem.encode()).serial_number

    def _reload_proxy(self, serial: int) -> None:
        if "proxy" not in self.services:
            return
        if not any(c.status == "running" for c in self.engine.service_containers(self, "proxy")):
            return  # not running: nginx reads the new files when it starts
        code, out = self.exec("proxy", ["nginx", "-s", "reload"], timeout=20)
        if code != 0:
            raise TargetError(f"nginx reload failed: {out.strip()}")
        # A reload shuts the old workers down gracefully: for a moment a new connection may
        # still reach one and get the old certificate. Only several new-serial handshakes in a
        # row mean every client now gets the new one.
        port = self.published_port("proxy", 8443) or self.proxy_port  # once, not per poll
        in_a_row = 0

        def confirmations() -> int:
            nonlocal in_a_row
            in_a_row = in_a_row + 1 if self.served_serial(port) == serial else 0
            return in_a_row

        if not poll_until(
            confirmations, lambda n: n >= RELOAD_CONFIRMATIONS, timeout=10, interval=0.1
        ).ok:
            raise TargetError("nginx reloaded but still serves the previous certificate")

    # -- helpers ----------------------------------------------------------------------------
    def _check_service(self, service: str) -> None:
        if service not in self.services:
            raise TargetError(
                f"{self.name} has no service {service!r} (services: {', '.join(self.services)})"
            )

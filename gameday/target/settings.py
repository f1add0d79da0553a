"""What a target folder declares (``x-gameday`` in its compose file) and the isolation knobs.

Pure: reads the compose file through ``gameday.yamlsrc`` and the environment; no Docker.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import field
from pathlib import Path

from gameday import yamlsrc
from gameday.errors import TargetError
from gameday.records import record

COMPOSE_NAMES = ("docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml")
DEFAULT_PROXY_PORT = 8443
DEFAULT_DB_PORT = 15432
TARGET_ENV_KEYS = ("GAMEDAY_PROJECT", "GAMEDAY_PROXY_PORT", "GAMEDAY_DB_PORT", "GAMEDAY_ENGINE")
"""The isolation knobs that decide *which* stack a process sees (and on which engine)."""


@record
class Deployable:
    service: str
    versions: tuple[str, ...]
    default: str
    env: str


@record
class Router:
    """The service that routes to the others by name (a proxy resolving them by DNS) and how
    it re-resolves at once (``x-gameday.router``): a blue/green switch sends ``signal`` to its
    main process (nginx reloads on HUP: one Docker call) or runs ``reload`` in it."""

    service: str
    reload: tuple[str, ...] = ()
    signal: str | None = None


@record
class Entry:
    """The target's front door (``x-gameday.entry``): the service and container port customers
    and probes reach, published on ``127.0.0.1:$GAMEDAY_PROXY_PORT`` (``host_port`` when that
    is unset). ``{proxy}`` and ``{health}`` in probes, and the customers' host, point at it.
    Without one a target's front door is the shop's: ``proxy`` on 8443 over HTTPS."""

    service: str
    port: int
    scheme: str = "http"
    health: str = "/health"
    host_port: int = DEFAULT_PROXY_PORT


SHOP_ENTRY = Entry("proxy", 8443, "https", "/health", DEFAULT_PROXY_PORT)


@record
class TargetSpec:
    """The parts of a compose file gameday reads itself (compose interprets the rest)."""

    name: str
    services: tuple[str, ...]
    deployable: dict[str, Deployable] = field(default_factory=dict)
    router: Router | None = None
    entry: Entry | None = None
    base_packages: tuple[str, ...] | None = None
    """The Debian packages of this target's own base image (``x-gameday.base_packages``);
    None = the shop's (``gameday.target.baseimage.PACKAGES``)."""

    @property
    def front_door(self) -> Entry:
        return self.entry or SHOP_ENTRY


def find_compose_file(folder: Path) -> Path | None:
    for name in COMPOSE_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def read_spec(compose_file: Path, fallback_name: str) -> TargetSpec:
    src = yamlsrc.load_file(compose_file)
    data = src.data if isinstance(src.data, dict) else {}
    services = data.get("services")
    if not isinstance(services, dict) or not services:
        raise src.error(["services"], "a compose file needs at least one service")
    meta = data.get("x-gameday") or {}
    if not isinstance(meta, dict):
        raise src.error(["x-gameday"], "must be a mapping")
    deployable: dict[str, Deployable] = {}
    for svc, raw in (meta.get("deployable") or {}).items():
        path = ["x-gameday", "deployable", svc]
        if svc not in services:
            raise src.error(path, f"no service {svc!r} in this compose file")
        if not isinstance(raw, dict):
            raise src.error(path, "must be a mapping with versions, default and env")
        versions = raw.get("versions")
        if not isinstance(versions, list) or not versions:
            raise src.error([*path, "versions"], "must be a non-empty list of version tags")
        default = str(raw.get("default", versions[0]))
        if default not in [str(v) for v in versions]:
            raise src.error([*path, "default"], f"{default!r} is not one of the versions")
        env = raw.get("env")
        if not isinstance(env, str) or not env:
            raise src.error([*path, "env"], "name the variable the image tag interpolates")
        deployable[svc] = Deployable(svc, tuple(str(v) for v in versions), default, env)
    name = str(meta.get("target") or fallback_name)
    return TargetSpec(
        name=name,
        services=tuple(services),
        deployable=deployable,
        router=_router(src, meta.get("router"), services),
        entry=_entry(src, meta.get("entry"), services),
        base_packages=_base_packages(src, meta.get("base_packages")),
    )


_DEB_PACKAGE = re.compile(r"[a-z0-9][a-z0-9+.-]{1,99}")


def _port(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        return None
    return value


def _entry(src: yamlsrc.Source, raw: object, services: dict[str, object]) -> Entry | None:
    if raw is None:
        return None
    path = ["x-gameday", "entry"]
    if not isinstance(raw, dict):
        raise src.error(path, "must be a mapping with service and port")
    unknown = sorted(set(raw) - {"service", "port", "scheme", "health", "host_port"})
    if unknown:
        raise src.error(
            [*path, str(unknown[0])], "unknown key (service, port, scheme, health, host_port)"
        )
    service = raw.get("service")
    if not isinstance(service, str) or service not in services:
        raise src.error([*path, "service"], f"no service {service!r} in this compose file")
    port = _port(raw.get("port"))
    if port is None:
        raise src.error([*path, "port"], "must be the container port, 1-65535")
    scheme = raw.get("scheme", "http")
    if scheme not in ("http", "https"):
        raise src.error([*path, "scheme"], "must be http or https")
    health = raw.get("health", "/health")
    if not isinstance(health, str) or not re.fullmatch(r"/[!-~]{0,200}", health):
        raise src.error([*path, "health"], "must be a path starting with /, e.g. /health")
    host_port = _port(raw.get("host_port", DEFAULT_PROXY_PORT))
    if host_port is None:
        raise src.error([*path, "host_port"], "must be a port, 1-65535")
    return Entry(service, port, scheme, health, host_port)


def _base_packages(src: yamlsrc.Source, raw: object) -> tuple[str, ...] | None:
    if raw is None:
        return None
    path = ["x-gameday", "base_packages"]
    if not isinstance(raw, list) or not raw or len(raw) > 200:
        raise src.error(path, "must be a list of 1-200 Debian package names")
    for i, pkg in enumerate(raw):
        if not isinstance(pkg, str) or not _DEB_PACKAGE.fullmatch(pkg):
            raise src.error([*path, i], f"{str(pkg)[:60]!r} is not a Debian package name")
    return tuple(sorted(set(raw)))


def _router(src: yamlsrc.Source, raw: object, services: dict[str, object]) -> Router | None:
    if raw is None:
        return None
    path = ["x-gameday", "router"]
    if not isinstance(raw, dict):
        raise src.error(path, "must be a mapping with service and signal or reload")
    service = raw.get("service")
    if not isinstance(service, str) or service not in services:
        raise src.error([*path, "service"], f"no service {service!r} in this compose file")
    signal, argv = raw.get("signal"), raw.get("reload")
    if (signal is None) == (argv is None):
        raise src.error(path, "needs one of signal (e.g. HUP) or reload (a command)")
    if signal is not None and not (isinstance(signal, str) and signal.isalnum()):
        raise src.error([*path, "signal"], "must be a signal name such as HUP")
    if argv is not None and (
        not isinstance(argv, list) or not argv or not all(isinstance(a, str) for a in argv)
    ):
        raise src.error([*path, "reload"], "must be a command as a list of words")
    return Router(service, tuple(argv or ()), signal)


def env_port(var: str, default: int) -> int:
    raw = os.environ.get(var, "").strip()
    if not raw:
        return default
    try:
        port = int(raw)
    except ValueError:
        raise TargetError(f"{var}={raw!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise TargetError(f"{var}={port} is outside 1-65535")
    return port


_PROJECT = re.compile(r"[a-z0-9][a-z0-9_.-]{0,62}")


def default_project(name: str) -> str:
    """``$GAMEDAY_PROJECT`` (checked: compose's project-name rule, so a bad one is refused here
    and not by Docker mid-way), else ``gameday-<target name>``."""
    raw = os.environ.get("GAMEDAY_PROJECT", "")
    value = raw.strip()
    if value and not _PROJECT.fullmatch(value):
        raise TargetError(
            f"GAMEDAY_PROJECT={raw[:80]!r} is not a project name: lower-case letters, digits, "
            "'.', '_' and '-', starting with a letter or digit, at most 63 characters"
        )
    return value or f"gameday-{name}"


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """True if nothing listens on host:port (we could bind it ourselves)."""
    import socket  # here: reading a target's settings (validate) binds nothing

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    """A port the OS considers free right now (tests pick their proxy/db ports with it)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        port: int = s.getsockname()[1]
        return port


def capture_target_env() -> dict[str, str]:
    """The isolation knobs in force now, to be recorded with a drill or a journal entry."""
    return {k: os.environ[k] for k in TARGET_ENV_KEYS if k in os.environ}


@contextmanager
def target_environment(env: dict[str, str]) -> Iterator[None]:
    """Run with exactly the recorded knobs, so another process (a responder's terminal,
    ``gameday restore`` after a crash) resolves the same stack the runner or injector used."""
    saved = {k: os.environ.get(k) for k in TARGET_ENV_KEYS}
    try:
        for k in TARGET_ENV_KEYS:
            if k in env:
                os.environ[k] = env[k]
            else:
                os.environ.pop(k, None)
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v

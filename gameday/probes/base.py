"""What a probe is: a typed params dataclass plus a ``check`` that reports, never raises.

Probes are the steady-state definition of a scenario and what the drill's monitors poll every
second, so a check must answer "healthy or not, and why" for any state of the system: a refused
connection, an expired certificate or a missing container is a not-ok result, not an exception.
``gameday.probes.runner`` adds a safety net for checks that raise anyway.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from gameday.params import parse_params
from gameday.plugins.shared import Shared
from gameday.records import record
from gameday.registry import RegistryError, accepts

P = TypeVar("P")


class ProbeTarget(Protocol):
    """The part of ``gameday.target.Target`` probes use (tests pass small fakes)."""

    @property
    def ca_path(self) -> Path: ...

    def endpoints(self) -> dict[str, Any]: ...

    def exec(
        self, service: str, argv: list[str], timeout: float | None = ...
    ) -> tuple[int, Any]: ...

    def container(self, service: str) -> Any: ...


@record
class ProbeResult:
    ok: bool
    detail: str
    latency_ms: float = 0.0
    name: str = ""  # the probe's name in the scenario (set by the runner)
    kind: str = ""  # the probe type

    def line(self) -> str:
        mark = "ok " if self.ok else "FAIL"
        return f"{mark} {self.name or self.kind}: {self.detail} ({self.latency_ms:.1f} ms)"


@record
class ProbeType(Generic[P]):
    """One kind of probe. ``check`` must return a ``ProbeResult`` for any system state."""

    params: type[P]
    check: Callable[[Any, P], ProbeResult]
    summary: str
    name: str = ""  # the kind a scenario names (``probe: http``)

    def parse_params(self, raw: Any) -> P:
        """Typed params from a scenario's raw mapping; raises ``gameday.params.ParamError``."""
        return parse_params(self.params, raw)


def check_probe_type(name: str, item: ProbeType[Any]) -> None:
    """Registration check of the ``probes`` extension point (``gameday.plugins``)."""
    if not isinstance(item, ProbeType):
        raise RegistryError(f"probe {name!r} must be a ProbeType, got {type(item).__name__}")
    if item.name and item.name != name:
        raise RegistryError(f"probe {name!r} calls itself {item.name!r}")
    if not dataclasses.is_dataclass(item.params):
        raise RegistryError(f"probe {name!r}: params must be a dataclass")
    if not accepts(item.check, 2):
        raise RegistryError(f"probe {name!r}: check must be callable as check(target, params)")
    if not str(item.summary).strip():
        raise RegistryError(f"probe {name!r} has no summary")


_check_probe_type = check_probe_type  # the historical name

# Every probe kind, built-in or plugin: filled by the plugin manager on first use.
PROBES: Shared[ProbeType[Any]] = Shared("probes")

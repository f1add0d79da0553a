"""Probes: the steady-state checks of a scenario and what the drill's monitors poll.

``PROBES`` is a registry of ``ProbeType`` (a params dataclass + a ``check(target, params)``
that returns a ``ProbeResult`` and never raises for an unhealthy system). Built-ins register
through the same ``PROBES.register`` call a plugin uses. Use ``bind`` once and ``check`` many
times when polling; ``check_steady_state`` for a one-off verdict.
"""

from __future__ import annotations

from typing import Any

from gameday.probes import command_probe, container_probe, http_probe, sql_probe, tcp_probe
from gameday.probes.base import PROBES, ProbeResult, ProbeTarget, ProbeType
from gameday.probes.runner import (
    BoundProbe,
    bind,
    bind_all,
    check_all,
    check_steady_state,
    run_probe,
    steady,
)
from gameday.registry import Registry

__all__ = [
    "PROBES",
    "BoundProbe",
    "ProbeResult",
    "ProbeTarget",
    "ProbeType",
    "bind",
    "bind_all",
    "check_all",
    "check_steady_state",
    "register_builtins",
    "run_probe",
    "steady",
]

BUILTINS = {
    "http": http_probe.PROBE,
    "tcp": tcp_probe.PROBE,
    "sql": sql_probe.PROBE,
    "container": container_probe.PROBE,
    "command": command_probe.PROBE,
}


def register_builtins(probes: Registry[ProbeType[Any]]) -> None:
    """Register the built-in probes; a plugin registers its own the same way."""
    for name, probe in BUILTINS.items():
        probes.register(name, probe)


register_builtins(PROBES)

"""Probes: the steady-state checks of a scenario and what the drill's monitors poll.

``PROBES`` is the registry of ``ProbeType`` (a params dataclass + a ``check(target, params)``
that returns a ``ProbeResult`` and never raises for an unhealthy system), filled by the plugin
manager: the built-ins below come through the same ``gameday_probes`` hook a plugin implements.
Use ``bind`` once and ``check`` many times when polling; ``check_steady_state`` for a one-off
verdict.
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
    "run_probe",
    "steady",
]

# The built-in plugin's ``gameday_probes`` hook returns these.
BUILTINS: tuple[ProbeType[Any], ...] = (
    http_probe.PROBE,
    tcp_probe.PROBE,
    sql_probe.PROBE,
    container_probe.PROBE,
    command_probe.PROBE,
)

"""The built-in plugin: registers gameday's own faults and remediations.

Installed as the ``gameday-builtin-faults`` entry point of the ``gameday.plugins`` group, the
same way a team's plugin package adds its own faults; ``registries()`` calls this directly only
when gameday runs from a checkout whose metadata was never installed.
"""

from __future__ import annotations

from typing import Any


def register(registries: Any) -> None:
    from gameday.faults.generic import GENERIC_FAULTS
    from gameday.faults.netfault import NetworkLatency, NetworkLoss
    from gameday.faults.remedies import REMEDIES
    from gameday.faults.seed import SEED_FAULTS

    faults = getattr(registries, "faults", None)
    if faults is not None:
        for cls in (*SEED_FAULTS, *GENERIC_FAULTS, NetworkLatency, NetworkLoss):
            faults.register(cls.name, cls())
    remediations = getattr(registries, "remediations", None)
    if remediations is not None:
        for rcls in REMEDIES:
            remediations.register(rcls.name, rcls())

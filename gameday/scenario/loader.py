"""Read a scenario file into a ``Scenario``, checking every key before anything touches Docker.

One safe parse (``gameday.yamlsrc``), then the shared typed reader (``gameday.formats``) over
the types in ``gameday.scenario.model``: every problem is recorded as ``file:line: key:
message`` and reading goes on. Fault, probe, remediation and alert-rule params are read by the
pieces' own dataclasses from the registries; every service they name is checked against the
target's compose file, so a typo fails ``gameday validate``, not minute 12 of a drill.
Placeholders such as ``{proxy}`` stay as written: they are filled from the running target.
"""

from __future__ import annotations

from pathlib import Path

from gameday.formats.load import FormatInvalid, read_source
from gameday.scenario.env import Registries, ScenarioEnv
from gameday.scenario.model import Scenario
from gameday.yamlsrc import Source, load_file

__all__ = ["Registries", "ScenarioInvalid", "default_registries", "load_scenario"]


class ScenarioInvalid(FormatInvalid):
    """A scenario file with one or more problems; ``errors`` holds each as its own line."""


def default_registries() -> Registries:
    """Every extension point of the process-wide plugin manager (faults, remediations,
    probes, criteria, alert rules, actions), built-in and plugin alike: the one place the
    readers reach registries through."""
    from gameday.plugins import registries

    return registries()


def load_scenario(path: str | Path, registries: Registries | None = None) -> Scenario:
    """The typed scenario in ``path``; raises ``ScenarioInvalid`` listing every problem."""
    return scenario_from_source(load_file(path), registries)


def scenario_from_source(source: Source, registries: Registries | None = None) -> Scenario:
    env = ScenarioEnv(registries or default_registries(), file=Path(source.file))
    try:
        scenario = read_source(Scenario, source, env)
    except FormatInvalid as exc:
        raise ScenarioInvalid(exc.errors) from None
    from dataclasses import replace

    return replace(scenario, source=source.file)

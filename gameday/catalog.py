"""The file formats gameday reads, by name: how to load each (with its cross-file checks), how
to recognise one, and its JSON Schema (generated from the types, shipped in
``gameday/schemas/``).

A top-level module, not part of ``gameday.formats``: it names the scenario, playbook, drill and
timeline types, and the reader they are all built on must not import them back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from gameday.errors import UsageError
from gameday.records import record


@record
class Format:
    name: str
    title: str
    type: Callable[[], Any]  # the top type (imported late: formats import half of gameday)
    load: Callable[[Path], Any]  # file -> value, with every check (cross-file references too)
    env: Callable[[], Any]  # what the schema generator needs (registries)
    looks_like: Callable[[Any], bool]  # parsed data -> is it this format?

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"


def _scenario_type() -> Any:
    from gameday.scenario.model import Scenario

    return Scenario


def _scenario_env() -> Any:
    from gameday.scenario.env import ScenarioEnv
    from gameday.scenario.loader import default_registries

    return ScenarioEnv(default_registries())


def _load_scenario(path: Path) -> Any:
    from gameday.scenario.loader import load_scenario

    return load_scenario(path)


def _playbook_type() -> Any:
    from gameday.playbook import Playbook

    return Playbook


def _load_playbook(path: Path) -> Any:
    from gameday.playbook import load_playbook

    return load_playbook(path)


def _team_type() -> Any:
    from gameday.drill.team import Team

    return Team


def _load_team(path: Path) -> Any:
    from gameday.drill.team import load_team

    return load_team(path)


def _script_type() -> Any:
    from gameday.drill.autopilot import Script

    return Script


def _load_script(path: Path) -> Any:
    """A script, checked against the scenario it names (its injects, ``reply_to``)."""
    from gameday.drill.autopilot import load_script
    from gameday.errors import GamedayError, ValidationError
    from gameday.yamlsrc import load_file

    source = load_file(path)
    scenario = None
    ref = source.data.get("scenario") if isinstance(source.data, dict) else None
    if isinstance(ref, str) and ref.strip() and ref.isprintable() and "/" not in ref:
        from gameday.scenario.catalog import find_scenario

        try:
            scenario = find_scenario(ref)
        except GamedayError as exc:
            raise source.error(("scenario",), f"no scenario {ref!r}: {exc}") from None
        except ValueError:
            raise ValidationError(f"{ref!r} is not a scenario id", file=str(path)) from None
    return load_script(path, scenario)


def _timeline_type() -> Any:
    from gameday.timeline import TimelineFile

    return TimelineFile


def _load_timeline(path: Path) -> Any:
    from gameday.timeline import load_timeline

    return load_timeline(path)


def _schedule_type() -> Any:
    from gameday.schedule.plan import Schedule

    return Schedule


def _load_schedule(path: Path) -> Any:
    from gameday.schedule.plan import load_schedule

    return load_schedule(path)


def _registries_env() -> Any:
    from gameday.scenario.env import ScenarioEnv
    from gameday.scenario.loader import default_registries

    return ScenarioEnv(default_registries())


def _keys(data: Any) -> set[str]:
    return {k for k in data if isinstance(k, str)} if isinstance(data, dict) else set()


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "scenario",
            "gameday scenario",
            _scenario_type,
            _load_scenario,
            _scenario_env,
            lambda d: bool(_keys(d) & {"steady_state", "timeline", "root_cause", "briefing"}),
        ),
        Format(
            "playbook",
            "gameday playbook",
            _playbook_type,
            _load_playbook,
            lambda: None,
            lambda d: bool(_keys(d) & {"playbook_version", "deadlines", "weights"}),
        ),
        Format(
            "team",
            "gameday team roster",
            _team_type,
            _load_team,
            _registries_env,
            lambda d: bool(_keys(d) & {"oncall", "people"}),
        ),
        Format(
            "autopilot",
            "gameday autopilot script",
            _script_type,
            _load_script,
            _registries_env,
            lambda d: "steps" in _keys(d),
        ),
        Format(
            "timeline",
            "gameday timeline",
            _timeline_type,
            _load_timeline,
            lambda: None,
            lambda d: bool(_keys(d) & {"events", "started", "timeline_version"}),
        ),
        Format(
            "schedule",
            "gameday Game Day schedule",
            _schedule_type,
            _load_schedule,
            lambda: None,
            lambda d: bool(_keys(d) & {"gamedays", "schedule_version"}),
        ),
    )
}


def get(name: str) -> Format:
    if name not in FORMATS:
        raise UsageError(f"no format {name!r} (formats: {', '.join(FORMATS)})")
    return FORMATS[name]


def detect(data: Any) -> Format:
    """The format parsed data looks like (a scenario when nothing says otherwise)."""
    for name in ("timeline", "schedule", "playbook", "autopilot", "team"):
        if FORMATS[name].looks_like(data):
            return FORMATS[name]
    return FORMATS["scenario"]


def generate_schema(name: str) -> dict[str, Any]:
    from gameday.formats.schema import SchemaGen

    fmt = get(name)
    return SchemaGen(fmt.env()).document(fmt.type(), name=fmt.name, title=fmt.title)


def schema_text(name: str) -> str:
    from gameday.formats.schema import dumps

    return dumps(generate_schema(name))


def shipped_schema_path(name: str) -> Path:
    from importlib import resources  # it imports tempfile: only for --schema

    return Path(str(resources.files("gameday").joinpath("schemas", get(name).schema_file)))

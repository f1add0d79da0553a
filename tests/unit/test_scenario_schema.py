"""The shipped JSON Schemas: generated from the format types (a test fails when a shipped file
differs from what the types generate), valid draft 2020-12, accepting every file gameday ships
and agreeing with the reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from gameday.catalog import FORMATS, schema_text, shipped_schema_path
from gameday.cli import main
from gameday.durations import parse_duration
from gameday.formats.core import Duration, Range
from gameday.formats.schema import SchemaGen
from gameday.scenario.loader import load_scenario
from gameday.scenario.schema import scenario_schema, schema_errors, schema_path
from gameday.state import project_root
from gameday.yamlsrc import load_file, parse_text

ROOT = project_root()
BUILTIN = sorted((ROOT / "scenarios").glob("*.yaml"))
COMPLETE = ROOT / "tests" / "data" / "scenarios" / "complete.yaml"
SHIPPED = {
    "scenario": [*BUILTIN, COMPLETE],
    "playbook": [ROOT / "playbooks" / "default.yaml", ROOT / "tests/data/playbooks/fast.yaml"],
    "team": sorted((ROOT / "scenarios" / "teams").glob("*.yaml")),
    "autopilot": sorted((ROOT / "scenarios" / "teams" / "autopilot").glob("*/*.yaml"))
    + sorted((ROOT / "tests" / "data" / "drill").glob("*autopilot*.yaml")),
    "timeline": sorted((ROOT / "tests" / "data" / "timelines").glob("*.yaml")),
}


@pytest.mark.parametrize("name", list(FORMATS))
def test_shipped_schema_is_the_generated_one(name: str) -> None:
    shipped = shipped_schema_path(name).read_text(encoding="utf-8")
    assert shipped == schema_text(name), (
        f"gameday/schemas/{name}.schema.json differs from the types; regenerate it with "
        f"`gameday schema {name} --write`"
    )


@pytest.mark.parametrize("name", list(FORMATS))
def test_schema_is_valid_draft_2020_12_and_ships_in_the_package(name: str) -> None:
    schema = json.loads(shipped_schema_path(name).read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert '"schemas/*.json"' in (ROOT / "pyproject.toml").read_text()  # in the wheel
    assert Path(schema_path(name)).is_file()


@pytest.mark.parametrize(
    ("name", "path"),
    [(n, p) for n, paths in SHIPPED.items() for p in paths],
    ids=lambda x: x if isinstance(x, str) else f"{x.parent.name}/{x.stem}",
)
def test_every_shipped_file_validates_against_its_schema(name: str, path: Path) -> None:
    assert schema_errors(load_file(path), name) == []
    FORMATS[name].load(path)  # and the reader agrees


def test_the_four_seed_scenarios_ship() -> None:
    ids = {load_scenario(p).id for p in BUILTIN}
    assert {"expired-cert", "heavy-migration", "upstream-schema", "bad-deploy"} <= ids


@pytest.mark.parametrize(
    ("change", "key", "text"),
    [
        (("severity: 2", "severity: 7"), "severity", "7 is greater than the maximum of 4"),
        (("difficulty: medium", "difficulty: brutal"), "difficulty", "'brutal' is not one of"),
        (("  - at: 90s", "  - at: 90 seconds"), "timeline[1].at", "90 seconds"),
        (("id: checkout-pool-drain", "id: Checkout"), "id", "does not match"),
        (("  - name: db-port\n", "  - name: db port\n"), "steady_state[2].name", "does not match"),
        (("hints:\n", "hint:\n"), "hint", "unknown key (allowed: alerts, briefing, components"),
        (("delay: 800ms", "delay: slow"), "timeline[0].params.delay", "slow"),
        (("service: payments, delay", "servce: payments, delay"), "timeline[0].params", "servce"),
    ],
)
def test_schema_rejects_shape_errors_at_the_right_line(
    change: tuple[str, str], key: str, text: str
) -> None:
    original = COMPLETE.read_text()
    assert change[0] in original
    source = parse_text(original.replace(change[0], change[1], 1), "x.yaml")
    errors = schema_errors(source)
    assert errors, "the schema should reject this"
    first = next((str(e) for e in errors if f": {key}" in str(e)), str(errors[0]))
    assert first.startswith(f"x.yaml:{source.line(_path(key))}: {key}"), first
    assert text in first


def test_the_schema_knows_every_fault_types_params() -> None:
    fault = scenario_schema()["$defs"]["FaultStep"]
    branches = {b["if"]["properties"]["fault"]["const"] for b in fault["allOf"]}
    assert {"expired_cert", "bad_deploy", "network_latency", "stop_service"} <= branches


def _path(key: str) -> tuple:
    import re

    return tuple(int(i) if i else k for k, i in re.findall(r"([^.\[\]]+)|\[(\d+)\]", key))


@pytest.mark.parametrize(
    "value",
    [
        "0s",
        "90s",
        "5m",
        "1h30m",
        "500ms",
        "2d",
        "1.5h",
        "1h 30m",
        0,
        90,
        2.5,
        "5 minutes",
        "-30s",
        "",
        "m5",
        "90",
        "soon",
        -1,
        True,
        "400d",
        1e300,
        "366d",
    ],
)
def test_schema_and_parser_agree_on_durations(value: object) -> None:
    validator = Draft202012Validator(SchemaGen().of(Duration))
    try:
        parse_duration(value)
        parser_ok = True
    except ValueError:
        parser_ok = False
    schema_ok = validator.is_valid(value) and not isinstance(value, bool)
    if value == "90":  # a bare number in quotes: the parser refuses it; so must editors
        assert not parser_ok
    if isinstance(value, str) and parser_ok != schema_ok:  # a pattern cannot add up units
        assert value == "400d"
        return
    assert schema_ok == parser_ok, value


def test_bounded_fields_carry_their_bounds_into_the_schema() -> None:
    from typing import Annotated

    schema = SchemaGen().of(Annotated[Duration, Range(0, 60, above=True)])
    number = schema["anyOf"][0]
    assert number == {"type": "number", "maximum": 60, "exclusiveMinimum": 0}


@pytest.mark.parametrize(
    "path", sorted((ROOT / "tests/data/bad_scenarios").glob("*.yaml")), ids=lambda p: p.stem
)
def test_schema_check_never_crashes_on_the_bad_corpus(path: Path) -> None:
    from gameday.errors import ValidationError

    try:
        source = load_file(path)
    except ValidationError:
        return  # not YAML: nothing for a schema to check
    for err in schema_errors(source):
        assert str(err).startswith(f"{path}:")


def test_schema_command_prints_and_checks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "team"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "gameday team roster"
    assert main(["schema", "--check"]) == 0
    assert "up to date" in capsys.readouterr().out

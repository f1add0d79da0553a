"""The shipped JSON Schema: a valid draft 2020-12 schema that accepts every built-in scenario
and the complete example, and agrees with the loader on the shape of a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from gameday.durations import parse_duration
from gameday.scenario.loader import load_scenario
from gameday.scenario.schema import scenario_schema, schema_errors, schema_path
from gameday.state import project_root
from gameday.yamlsrc import load_file, parse_text

ROOT = project_root()
BUILTIN = sorted((ROOT / "scenarios").glob("*.yaml"))
COMPLETE = ROOT / "tests" / "data" / "scenarios" / "complete.yaml"


def test_schema_is_valid_draft_2020_12_and_ships_in_the_package() -> None:
    schema = scenario_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert Path(schema_path()).is_file()
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"schemas/*.json"' in pyproject  # package-data: installed wheels carry it


def test_the_four_seed_scenarios_ship() -> None:
    ids = {load_scenario(p).id for p in BUILTIN}
    assert {"expired-cert", "heavy-migration", "upstream-schema", "bad-deploy"} <= ids


@pytest.mark.parametrize("path", [*BUILTIN, COMPLETE], ids=lambda p: p.stem)
def test_scenario_validates_against_schema_and_loader(path: Path) -> None:
    source = load_file(path)
    assert schema_errors(source) == []
    load_scenario(path)


@pytest.mark.parametrize(
    ("change", "key", "text"),
    [
        (("severity: 2", "severity: 7"), "severity", "7 is greater than the maximum of 4"),
        (("difficulty: medium", "difficulty: brutal"), "difficulty", "'brutal' is not one of"),
        (("  - at: 90s", "  - at: 90 seconds"), "timeline[1].at", "does not match"),
        (
            ("    fault: bad_deploy", "    fault: bad_deploy\n    inject: noise"),
            "timeline[1].inject",
            "unknown key",
        ),
        (("id: checkout-pool-drain", "id: Checkout"), "id", "does not match"),
        (("  - name: db-port\n", "  - name: db port\n"), "steady_state[2].name", "does not match"),
        (("hints:\n", "hint:\n"), "hint", "unknown key (allowed: briefing, difficulty"),
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
    first = str(errors[0])
    assert first.startswith(f"x.yaml:{source.line(_path(key))}: {key}: schema: "), first
    assert text in first


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
    ],
)
def test_schema_and_parser_agree_on_durations(value: object) -> None:
    validator = Draft202012Validator(scenario_schema()["$defs"]["duration"])
    try:
        parse_duration(value)
        parser_ok = True
    except ValueError:
        parser_ok = False
    schema_ok = validator.is_valid(value) and not isinstance(value, bool)
    if value == "90":  # a bare number in quotes: the parser refuses it; so must editors
        assert not parser_ok
    assert schema_ok == parser_ok, value


SEMANTIC_ONLY = {
    # what only gameday's loader can know: registries, compose services, names, time limit
    "at_after_time_limit", "duplicate_fault_names", "duplicate_probe_names",
    "fault_param_wrong_type", "missing_target_folder", "probe_bad_params",
    "probe_unknown_service", "target_not_a_name", "unknown_fault", "unknown_fault_param",
    "unknown_probe_kind", "unknown_remediation", "unknown_service",
}  # fmt: skip
UNPARSABLE = {"bad_yaml", "duplicate_yaml_key", "non_utf8", "tab_indent"}


PARSABLE = [
    p for p in sorted((ROOT / "tests" / "data" / "bad_scenarios").glob("*.yaml"))
    if p.stem not in UNPARSABLE  # not YAML: nothing for a schema to check
]  # fmt: skip


@pytest.mark.parametrize("path", PARSABLE, ids=lambda p: p.stem)
def test_schema_rejects_every_shape_error_of_the_bad_corpus(path: Path) -> None:
    errors = schema_errors(load_file(path))
    if path.stem in SEMANTIC_ONLY:
        assert errors == []
    else:
        assert errors, f"the schema accepts {path.name}, which the loader rejects"

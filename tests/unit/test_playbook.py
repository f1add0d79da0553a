"""Playbook loading: the shipped files are valid, and every mistake names file:line: key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gameday.errors import ValidationError
from gameday.playbook import DEADLINES, load_playbook
from gameday.scoring import criteria
from gameday.state import project_root

ROOT = project_root()
FAST = ROOT / "tests" / "data" / "playbooks" / "fast.yaml"


def test_default_playbook_encodes_the_seed_facts() -> None:
    pb = load_playbook("default")
    assert sum(pb.weights.values()) == 100
    assert set(pb.weights) == set(criteria.names())
    assert set(pb.steps) == set(criteria.names())
    assert pb.deadline("first_status") == 600  # status page within 10 min of confirming
    assert pb.deadline("cadence") == 900  # updates every 15 min
    assert pb.deadline("review") == 48 * 3600  # review within 48 h
    assert pb.cadence_severities == {1, 2} and pb.review_severities == {1, 2}
    assert pb.stakeholder_severities == {1}
    assert sorted(pb.severities) == [1, 2, 3, 4]
    assert pb.severities[2].respond_within == 30 * 60
    assert pb.severities[4].respond_within is None
    assert pb.channel_convention == "#incident-YYYYMMDD"
    assert pb.role_key("Operations Lead") == "tech"
    assert pb.role_key("incident-commander") == "ic"
    assert pb.role_name("comms") == "Communications Lead"


def test_fast_playbook_is_valid_and_fast() -> None:
    pb = load_playbook(FAST)
    assert pb.name == "fast"
    assert all(pb.deadline(k) <= 90 for k in DEADLINES if k != "review")
    assert pb.deadlines["mitigation_hold"] == 10


def test_playbooks_validate_against_the_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from gameday.yamlsrc import load_file

    schema = json.loads((ROOT / "gameday" / "schemas" / "playbook.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    for p in (ROOT / "playbooks" / "default.yaml", FAST):
        data = load_file(p).data
        data["severities"] = {str(k): v for k, v in data["severities"].items()}
        jsonschema.validate(data, schema)


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "pb.yaml"
    p.write_text(text)
    return p


def _mutate(tmp_path: Path, old: str, new: str) -> Path:
    text = (ROOT / "playbooks" / "default.yaml").read_text()
    assert old in text
    return _write(tmp_path, text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("  ack: 8\n", "  ack: 9\n", ":weights: weights add up to 101"),
        ("  ack: 8\n", "  ackk: 8\n", ": weights.ackk: unknown criterion"),
        ("  first_status: 10m ", "  first_status: ten minutes ", ": deadlines.first_status: "),
        ("  review: 48h ", "  reveiw: 48h ", ": deadlines.reveiw: unknown key; did you mean"),
        ("late_credit: 0.5", "late_credit: 2", ": late_credit: 2 is out of range (0..1)"),
        ("  - rollback\n", "  - rolback\n", ": steps[9]: unknown criterion 'rolback'"),
        ("  tech:\n", "  wizard:\n", ": roles.wizard: 'wizard' is not one of ic, tech, comms"),
        ("playbook_version: 1", "playbook_version: 7", ": playbook_version: must be 1, got 7"),
    ],
)
def test_bad_playbooks_name_file_line_key(tmp_path: Path, old: str, new: str, where: str) -> None:
    p = _mutate(tmp_path, old, new)
    with pytest.raises(ValidationError) as exc:
        load_playbook(p)
    msg = str(exc.value)
    assert msg.startswith(f"{p}:")
    line = msg.split(":")[1]
    assert line.isdigit()
    assert where.replace(":weights", "") in msg
    assert "\n" not in msg


def test_unknown_playbook_name() -> None:
    with pytest.raises(ValidationError, match="no playbook named 'nope'"):
        load_playbook("nope")


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    p = _mutate(tmp_path, "  declare: 6\n", "  declare: 6\n  declare: 6\n")
    with pytest.raises(ValidationError, match="duplicate key 'declare'"):
        load_playbook(p)

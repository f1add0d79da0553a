"""Long runs of JSON lines read by the json parser: the same values the YAML parser gives, the
same errors on the same lines, whatever the lines hold (property-tested)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gameday import yamlout, yamlrecords
from gameday.errors import ValidationError
from gameday.timeline import parse_timeline
from gameday.yamlsrc import _parse, parse_text

N = yamlrecords.MIN_RUN + 3
# Values where JSON and YAML 1.1 disagree, or that YAML refuses, mixed into ordinary records.
AWKWARD = st.sampled_from(
    ["1e-05", "1.5e5", "1E+5", '"\\ud83d\\ude00"', '"a\\u2028b"', "1" * 45, '"tab\\there"', "-0",
     "1" * 41, "-1" + "0" * 40, "1" * 40, "2.5E-3", "0e0"]
)  # fmt: skip
RECORD_VALUES = st.one_of(
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.booleans(),
    st.none(),
)


def long_doc(records: list[dict[str, Any]]) -> str:
    return yamlout.dumps({"title": "x", "timeline": {"events": records}, "after": [1, 2]})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=6), RECORD_VALUES, max_size=4), min_size=1))
def test_written_records_read_back_the_same_through_the_json_path(some: list[Any]) -> None:
    records = (some * N)[: max(N, len(some))]
    text = long_doc(records) + "#" * yamlsrc_lift_bytes()
    assert parse_text(text, "<doc>").data == yaml.safe_load(text)


def test_plain_records_do_take_the_json_path() -> None:
    records = [
        {"id": i, "t": i * 0.5, "kind": "customers.stats", "data": {"ok": True}} for i in range(N)
    ]
    text = long_doc(records) + "#" * yamlsrc_lift_bytes()
    lifted = yamlrecords.lift(text, dict)
    assert lifted is not None and len(lifted.runs) == 1 and lifted.runs[0].count == N
    assert parse_text(text, "<doc>").data == yaml.safe_load(text)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, N - 1), AWKWARD)
def test_a_line_json_reads_differently_is_read_as_yaml(where: int, raw: str) -> None:
    lines = [f'- {{"id": {i}, "v": 1.5}}' for i in range(N)]
    lines[where] = f'- {{"id": {where}, "v": {raw}}}'
    text = "events:\n" + "\n".join(lines) + "\n" + "#" * yamlsrc_lift_bytes()
    try:
        expected: Any = _parse(text, "<doc>").data
    except ValidationError as exc:
        with pytest.raises(ValidationError) as got:
            parse_text(text, "<doc>")
        assert str(got.value) == str(exc)
        return
    assert parse_text(text, "<doc>").data == expected


def test_errors_inside_and_after_a_lifted_run_name_their_own_lines() -> None:
    head = "timeline_version: 1\nstarted: '2026-05-04T09:00:00Z'\nevents:\n"
    lines = [f'- {{"id": {i + 1}, "t": {i}.5, "kind": "note.added"}}' for i in range(N)]
    lines[20] = '- {"id": 21, "t": -3.5, "kind": "note.added"}'  # line 3 + 21 = 24
    text = head + "\n".join(lines) + "\n" + "# padding\n" * (yamlsrc_lift_bytes() // 10)
    source = parse_text(text, "tl.yaml")
    with pytest.raises(ValidationError) as got:
        parse_timeline(source)
    assert "tl.yaml:24: events[20].t" in str(got.value)
    bad_yaml = text + "after: [unclosed\n"
    with pytest.raises(ValidationError) as plain:
        _parse(bad_yaml, "tl.yaml")
    with pytest.raises(ValidationError) as got2:
        parse_text(bad_yaml, "tl.yaml")
    assert str(got2.value) == str(plain.value)
    assert f"tl.yaml:{bad_yaml.count(chr(10)) + 1}:" in str(got2.value)


def test_a_repeated_key_is_reported_by_yaml_on_its_line() -> None:
    lines = [f'- {{"id": {i}}}' for i in range(N)]
    lines[5] = '- {"id": 5, "id": 6}'
    text = "events:\n" + "\n".join(lines) + "\n" + "#" * yamlsrc_lift_bytes()
    with pytest.raises(ValidationError, match=r"<doc>:7: .*duplicate key"):
        parse_text(text, "<doc>")


def yamlsrc_lift_bytes() -> int:
    from gameday.yamlsrc import LIFT_BYTES

    return LIFT_BYTES + 1

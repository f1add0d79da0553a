"""Property tests for every file format: whatever the file holds, reading it either succeeds or
raises one ``GamedayError`` that names the file (and the line), in bounded time; and whatever
the reader accepts, the shipped JSON Schema accepts too (so editors never flag a good file).

Inputs: a real file of each format with one value (anywhere) replaced by random data (nested
structures, every scalar type, NaN, infinities, huge and negative numbers, text with control,
zero-width and right-to-left characters, non-text keys), and random YAML-ish text.
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gameday.drill.autopilot import load_script
from gameday.drill.team import load_team
from gameday.errors import GamedayError, ValidationError
from gameday.playbook import load_playbook
from gameday.scenario.loader import load_scenario
from gameday.scenario.schema import schema_errors
from gameday.schedule.plan import load_schedule
from gameday.state import project_root
from gameday.timeline import load_timeline
from gameday.yamlsrc import load_file, parse_text
from tests.unit import hostile

ROOT = project_root()
BASES: dict[str, tuple[Path, Callable[[Path], Any]]] = {
    "scenario": (ROOT / "scenarios" / "expired-cert.yaml", load_scenario),
    "playbook": (ROOT / "playbooks" / "default.yaml", load_playbook),
    "team": (ROOT / "tests/data/teams/blue-integrations.yaml", load_team),
    "autopilot": (ROOT / "scenarios/teams/autopilot/model-team/expired-cert.yaml", load_script),
    "timeline": (ROOT / "tests/data/timelines/tabletop-expired-cert.yaml", load_timeline),
    "schedule": (ROOT / "tests/data/schedules/blue.yaml", load_schedule),
}
SETTINGS = settings(
    max_examples=60,
    deadline=5000,  # one input may take at most 5 s, however hostile
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

WORDS = ["0s", "5m", "1e300s", "-5s", "100000d", "page.sent", "inject:x", "{now+abc}", "{date}",
         "alice", "alice\n", "2026-02-30", "ack", "api"]  # fmt: skip
scalars = hostile.scalars(WORDS)
values = hostile.values(WORDS, keys=st.text(max_size=8) | st.integers(-3, 3))


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*path, i))
    return out


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    doc = copy.deepcopy(doc)
    node = doc
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value
    return doc


def _check(fmt: str, text: str | bytes) -> None:
    _, load = BASES[fmt]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"{fmt}.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
        try:
            load(path)
        except GamedayError as exc:
            message = str(exc)
            assert message.startswith(f"{path}:"), message
            assert "\n" not in message.split(": ", 1)[0]
            if isinstance(exc, ValidationError) and exc.line is not None:
                assert re.match(rf"{re.escape(str(path))}:\d+: ", message), message
            return
        # accepted: the schema editors use must accept it too
        assert schema_errors(load_file(path), fmt) == []


@pytest.mark.parametrize("fmt", list(BASES))
@SETTINGS
@given(data=st.data())
def test_one_value_replaced_anywhere(fmt: str, data: st.DataObject) -> None:
    base = yaml.safe_load(BASES[fmt][0].read_text())
    path = data.draw(st.sampled_from(_paths(base)), label="path")
    value = data.draw(values, label="value")
    doc = _replace(base, path, value)
    try:
        text = yaml.safe_dump(doc, allow_unicode=False, sort_keys=False)
    except yaml.YAMLError:
        return  # not representable as YAML at all
    _check(fmt, text)


@pytest.mark.parametrize("fmt", list(BASES))
@SETTINGS
@given(key=st.text(min_size=1, max_size=12), value=values)
def test_an_extra_key_at_the_top(fmt: str, key: str, value: Any) -> None:
    base = yaml.safe_load(BASES[fmt][0].read_text())
    base[key] = value
    _check(fmt, yaml.safe_dump(base, allow_unicode=False, sort_keys=False))


_PIECES = [
    *"ab:-[]{}&*!|>'\"#\n .,0123456789\t\x00\u202e",
    "!!int ",
    "!!bool ",
    "!!timestamp ",
    "!!float ",
    "<<: ",
    "&a ",
    "*a",
    "2026-02-30",
    ".nan",
    "9" * 50,
]
yamlish = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@SETTINGS
@given(text=yamlish)
def test_random_yaml_text_never_escapes_as_another_exception(text: str) -> None:
    try:
        parse_text(text, "x.yaml")
    except ValidationError as exc:
        assert str(exc).startswith("x.yaml:")


@pytest.mark.parametrize("fmt", list(BASES))
@SETTINGS
@given(text=yamlish)
def test_random_text_as_a_file_of_each_format(fmt: str, text: str) -> None:
    _check(fmt, text)


# --- files gameday writes and reads back: scorecards and a drill's metadata (issue 8) -------
# No JSON Schema for these (nobody edits them in an editor), but they sit in folders people
# copy, merge and edit, so they are read as untrusted input all the same.
def _scorecard_base() -> dict[str, Any]:
    from gameday.scorecard.io import SCORECARD_VERSION

    base = yaml.safe_load(
        (ROOT / "scorecards/examples/2026-05-06-expired-cert-green.yaml").read_text()
    )
    assert base["scorecard_version"] == SCORECARD_VERSION
    return base


def _drill_json_base() -> dict[str, Any]:
    return {
        "id": "20260506-140000-abcd",
        "scenario": "expired-cert",
        "scenario_path": "scenarios/expired-cert.yaml",
        "team": "model-team",
        "token": "5wyNCePSOBuMP8fD1s1yeghLTNkwJ8ni",
        "created": "2026-05-06T14:00:00+00:00",
        "state": "running",
        "pid": 4242,
        "pid_start": "boot:123",
        "host": "vm",
        "url": None,
        "target": "targets/shop",
        "target_env": {"GAMEDAY_PROJECT": "gd-x"},
        "components": ["Storefront", "Checkout"],
        "extra": {"options": {"users": 5, "score": True}, "locust_pid": 4243},
    }


def _written_scorecard(doc: dict[str, Any], path: Path) -> None:
    """As gameday writes it: line 2 is the summary as one JSON line (the fast path)."""
    from gameday.scorecard.io import dumps

    try:
        path.write_text(dumps(doc), encoding="utf-8", errors="surrogatepass")
    except (TypeError, ValueError, yaml.YAMLError):
        path.write_text(yaml.safe_dump(doc, allow_unicode=False, sort_keys=False))


@contextlib.contextmanager
def _cache_in(d: str) -> Iterator[None]:
    """The scorecard summary cache of one example goes with it."""
    old = os.environ.get("GAMEDAY_CACHE_DIR")
    os.environ["GAMEDAY_CACHE_DIR"] = str(Path(d) / "cache")
    try:
        yield
    finally:
        if old is None:
            del os.environ["GAMEDAY_CACHE_DIR"]
        else:
            os.environ["GAMEDAY_CACHE_DIR"] = old


def _refused_naming(path: Path, exc: GamedayError) -> None:
    message = str(exc)
    assert message.startswith(f"{path}:"), message
    assert "\n" not in message


@SETTINGS
@given(data=st.data())
def test_a_scorecard_with_one_value_replaced_reads_or_names_its_line(data: st.DataObject) -> None:
    from gameday.scorecard.io import read_scorecard, read_summary
    from gameday.scorecard.query import list_scorecards, trends

    base = _scorecard_base()
    path = data.draw(st.sampled_from(_paths(base)), label="path")
    doc = _replace(base, path, data.draw(values, label="value"))
    with tempfile.TemporaryDirectory() as d, _cache_in(d):
        card = Path(d) / "card.yaml"
        if not isinstance(doc, dict) or "summary" not in doc:
            card.write_text(yaml.safe_dump(doc, allow_unicode=False))
        else:
            _written_scorecard(doc, card)
        for read in (read_summary, read_scorecard):
            try:
                read(card)
            except ValidationError as exc:
                _refused_naming(card, exc)
        skipped: list[str] = []
        rows = list_scorecards(d, on_skip=lambda e: skipped.append(str(e)))
        assert len(rows) + len(skipped) == 1  # one file: listed, or skipped with its name
        assert all(s.startswith(str(card)) for s in skipped)
        trends(d, on_skip=lambda e: None)


@SETTINGS
@given(data=st.data())
def test_a_drill_json_with_one_value_replaced_reads_or_names_its_line(
    data: st.DataObject,
) -> None:
    import json

    from gameday.drill.locate import read_meta
    from gameday.errors import StateError

    base = _drill_json_base()
    path = data.draw(st.sampled_from(_paths(base)), label="path")
    doc = _replace(base, path, data.draw(values, label="value"))
    with tempfile.TemporaryDirectory() as d:
        meta = Path(d) / "drill.json"
        try:
            meta.write_text(json.dumps(doc), errors="surrogatepass")
        except (TypeError, ValueError):
            return  # not JSON-representable (a non-text key)
        try:
            read_meta(meta)
        except StateError as exc:
            _refused_naming(meta, exc)


FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


@given(
    st.text(alphabet=st.characters(max_codepoint=0x7F)) | st.text(),
    st.sampled_from(["", "\x00", "\x7f", "\x85", "\t", "\n", "\ufffe", "\u00e9"]),
)
def test_control_characters_are_refused_whatever_the_text(text: str, extra: str) -> None:
    """The file check (a C fast path for ASCII text) refuses exactly C0 but tab and line
    breaks, DEL, C1, U+FFFE and U+FFFF, and names the first one's line."""
    for t in (text, text + extra, extra + text):
        try:
            parse_text(t, "f.yaml")
            refused = None
        except ValidationError as exc:
            refused = exc if "is not allowed in the file" in exc.reason else None
        first = FORBIDDEN.search(t)
        assert (refused is None) == (first is None)
        if refused is not None and first is not None:
            assert refused.line == t.count("\n", 0, first.start()) + 1

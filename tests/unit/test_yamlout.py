"""The fast YAML writer: whatever it writes reads back to the same values, through gameday's
own reader and through PyYAML's, for any JSON-like document (property-tested)."""

from __future__ import annotations

import math
from typing import Any

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gameday import yamlout
from gameday.yamlsrc import parse_text

# Text the reader accepts (no control characters in the file; escapes are fine) plus the
# characters that need care: C1 controls, line and paragraph separators, YAML indicators.
TEXT = st.lists(
    st.characters(blacklist_categories=("Cs",))
    | st.sampled_from(["\x85", "\u2028", "\u2029", "\x7f", "\x9f", ": ", " #", "- ", "'", '"']),
    max_size=8,
).map("".join)
WORDS = st.sampled_from(
    ["yes", "No", "TRUE", "off", "null", "~", "y", "1e-05", "0x10", "1_000", ".inf", "2026-05-04"]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT
    | WORDS
)
KEYS = TEXT | WORDS | st.integers(-5, 5) | st.booleans()
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=6,
)
# The shapes gameday writes: a mapping holding lists of records and records holding lists.
RECORDS = st.lists(st.dictionaries(TEXT, VALUES, max_size=3), max_size=3)
DOCS = st.dictionaries(
    TEXT | WORDS,
    VALUES | RECORDS | st.lists(st.dictionaries(TEXT, RECORDS, max_size=2), max_size=2),
    max_size=3,
)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


@settings(max_examples=150, deadline=None)
@given(DOCS)
@example({"": [{"\x7f": None}]})  # DEL is ASCII, and YAML may not carry it raw
def test_any_document_reads_back_the_same(doc: dict[str, Any]) -> None:
    text = yamlout.dumps(doc)
    assert same(parse_text(text, "<doc>").data, doc), text
    assert same(yaml.safe_load(text), doc), text


def test_records_are_one_line_each_and_blocks_stay_readable() -> None:
    doc = {
        "result": {"criteria": [{"name": "ack", "evidence": [{"id": 1, "note": "paged"}]}]},
        "timeline": {"events": [{"id": n, "t": n * 0.5, "data": {"x": n}} for n in range(3)]},
    }
    text = yamlout.dumps(doc)
    assert '  - name: ack\n    evidence:\n    - {"id": 1, "note": "paged"}\n' in text
    assert text.count('{"id": ') == 4
    assert parse_text(text, "<doc>").data == doc


def test_values_json_would_change_are_written_exactly() -> None:
    doc = {"events": [{"t": 1e-05, "big": 1e16, 1: "one", "nan": "1e+5 in text"}]}
    assert yaml.safe_load(yamlout.dumps(doc)) == doc

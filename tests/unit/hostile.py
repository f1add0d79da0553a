"""Hypothesis strategies of hostile values, shared by the property tests of every parser:
every JSON type, NaN, infinities, huge and negative numbers, and text with control,
zero-width and right-to-left characters, plus words that mean something to gameday."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

TRICKY = "\x00\x07\x1b\x7f\x85\x9b\u200b\u200d\u202e\u2066\ufeff\n\t é日🙂"


def scalars(words: Sequence[str] = (), *, max_text: int = 30) -> st.SearchStrategy[Any]:
    """One scalar: null, bool, a huge or negative integer, any float, tricky text, or one of
    ``words`` (durations, names, kinds a format knows)."""
    out = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(10**30), max_value=10**30)
        | st.floats(allow_nan=True, allow_infinity=True)
        | st.text(alphabet=st.characters() | st.sampled_from(TRICKY), max_size=max_text)
    )
    return out | st.sampled_from(list(words)) if words else out


def values(
    words: Sequence[str] = (), *, keys: st.SearchStrategy[Any] | None = None, max_text: int = 30
) -> st.SearchStrategy[Any]:
    """Nested lists and mappings of ``scalars`` (mapping keys: ``keys``, default short text)."""
    keys = keys if keys is not None else st.text(max_size=8)
    return st.recursive(
        scalars(words, max_text=max_text),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
        max_leaves=12,
    )

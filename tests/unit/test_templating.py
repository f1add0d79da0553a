"""The fast escaping the scorecard's SVG and event log use is markupsafe's, character for
character, for any text (and for anything else it defers to markupsafe)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from gameday.templating import escape_text


@given(st.text())
def test_escape_text_is_markupsafes(text: str) -> None:
    assert escape_text(text) == str(escape(text))


@given(st.text(alphabet="<>&'\" a\u00e9\u2028"))
def test_escape_text_on_markup_characters(text: str) -> None:
    assert escape_text(text) == str(escape(text))


def test_escape_text_of_other_values() -> None:
    assert escape_text(12) == "12"
    assert escape_text(1.5) == "1.5"
    assert escape_text(Markup("<b>kept</b>")) == "<b>kept</b>"  # already markup: as markupsafe
    assert escape_text(None) == "None"

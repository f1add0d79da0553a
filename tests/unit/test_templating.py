"""The fast escaping the scorecard's SVG and event log use is markupsafe's, character for
character, for any text (and for anything else it defers to markupsafe)."""

from __future__ import annotations

import importlib
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from gameday.templating import (
    COMPILED,
    FOLDERS,
    environment,
    escape_repeated,
    escape_text,
    module_name,
    source_digest,
    templates,
)
from tests.unit.scripts import load_script


@given(st.text())
def test_escape_text_is_markupsafes(text: str) -> None:
    assert escape_text(text) == str(escape(text))


@given(st.text(alphabet="<>&'\" a\u00e9\u2028"))
def test_escape_text_on_markup_characters(text: str) -> None:
    assert escape_text(text) == str(escape(text))


@given(st.text(alphabet="<>&'\" ab"), st.text(alphabet="<>&'\" ab"))
def test_a_repeated_text_is_escaped_as_any_other(first: str, second: str) -> None:
    for text in (first, second, first):  # the second time from the kept ones
        assert escape_repeated(text) == escape_text(text)


def test_escape_text_of_other_values() -> None:
    assert escape_text(12) == "12"
    assert escape_text(1.5) == "1.5"
    assert escape_text(Markup("<b>kept</b>")) == "<b>kept</b>"  # already markup: as markupsafe
    assert escape_text(None) == "None"


# --- the compiled templates shipped in gameday/_templates ------------------------------------
def test_every_compiled_template_is_made_from_the_template_beside_it() -> None:
    script = load_script("compile_templates")
    wanted = script.wanted()
    have = {p.name for p in script.OUT.glob("*.py")}
    assert have == set(wanted), "run: .venv/bin/python scripts/compile_templates.py"
    for folder in FOLDERS:
        for name in templates(folder):
            ns = vars(importlib.import_module(f"{COMPILED}.{module_name(folder, name)}"))
            source, _, _ = environment(folder).loader.get_source(environment(folder), name)  # type: ignore[union-attr]
            assert ns["SOURCE_SHA256"] == source_digest(source), (
                f"{folder}/{name} changed: run .venv/bin/python scripts/compile_templates.py"
            )


def test_a_current_compiled_template_is_the_one_used_and_renders_as_compiling_does() -> None:
    import jinja2

    env = environment("scorecard/templates")
    shipped = env.get_template("timeline.svg.j2")
    if (
        vars(importlib.import_module(f"{COMPILED}.scorecard_templates__timeline_svg_j2"))[
            "JINJA_VERSION"
        ]
        == jinja2.__version__
    ):
        assert shipped.filename is not None and "_templates" in shipped.filename
    fresh_env = jinja2.Environment(
        loader=jinja2.PackageLoader("gameday", "scorecard/templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True,
    )  # fmt: skip
    context = {"width": 10, "height": 20, "body": Markup("<g/>"), "text_color": "#000",
               "muted_color": "<&>"}  # fmt: skip
    assert shipped.render(**context) == fresh_env.get_template("timeline.svg.j2").render(**context)


def test_a_stale_compiled_template_is_not_used(monkeypatch: Any) -> None:
    import gameday.templating as templating

    real = templating._compiled

    def stale(name: str) -> dict[str, Any] | None:
        ns = real(name)
        return None if ns is None else {**ns, "SOURCE_SHA256": "0" * 64}

    monkeypatch.setattr(templating, "_compiled", stale)
    env = templating.environment.__wrapped__("scorecard/templates")  # a fresh environment
    t = env.get_template("timeline.svg.j2")
    assert t.filename is not None and t.filename.endswith("timeline.svg.j2")

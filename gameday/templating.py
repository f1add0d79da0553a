"""HTML and SVG come from Jinja2 templates with autoescaping on, shipped inside the package.

Why templates: every piece of text in a scorecard or a status page (notes, names, status posts,
alert messages) was typed by someone, and one forgotten ``escape()`` in an f-string is an
injection. With autoescaping, text is escaped unless code marks it safe, and the only things
marked safe are other templates' output. Jinja2 is imported on first use, never at start-up.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment


@cache
def environment(package_path: str) -> Environment:
    """One environment per template folder (``"scorecard/templates"`` inside ``gameday``)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("gameday", package_path),
        autoescape=True,  # .html, .svg and anything else: always
        undefined=StrictUndefined,  # a misspelt field fails the tests, not the page
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(package_path: str, template: str, /, **context: Any) -> str:
    return environment(package_path).get_template(template).render(**context)


def safe(text: str) -> Any:
    """Mark already-rendered template output safe to embed in another template."""
    from markupsafe import Markup

    return Markup(text)


def escape_text(value: object) -> str:
    """``str(markupsafe.escape(value))`` for text, in plain string replacements: a long drill's
    SVG and event log escape tens of thousands of short values, and markupsafe's ``escape``
    wraps each in a ``Markup`` object (property-tested equal: ``tests/unit/test_templating.py``)."""
    if value.__class__ is not str:
        from markupsafe import escape

        return str(escape(value))
    text: str = value
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )

"""HTML and SVG come from Jinja2 templates with autoescaping on, shipped inside the package.

Why templates: every piece of text in a scorecard or a status page (notes, names, status posts,
alert messages) was typed by someone, and one forgotten ``escape()`` in an f-string is an
injection. With autoescaping, text is escaped unless code marks it safe, and the only things
marked safe are other templates' output. Jinja2 is imported on first use, never at start-up.

Templates ship compiled as well (``gameday/_templates``, written by
``scripts/compile_templates.py`` with Jinja2's own compiler, as its ``compile_templates`` does):
compiling the drill room's 23 templates took 150 ms of its start-up, and the scorecard's 20 ms
of every ``gameday score``. A compiled module is used only while it was made from the very
source beside it, by this Jinja2 version; otherwise the template is compiled as before, so an
edited template is never shown stale (and ``tests/unit/test_templating.py`` asks for the
compiled modules to be written again).
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import MutableMapping
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment, Template

PACKAGE = "gameday"
FOLDERS = ("scorecard/templates", "drill/web/templates")
"""Every template folder inside the package (each gets its own environment)."""
COMPILED = "gameday._templates"


@cache
def environment(package_path: str) -> Environment:
    """One environment per template folder (``"scorecard/templates"`` inside ``gameday``)."""
    from jinja2 import Environment, StrictUndefined

    return Environment(
        loader=_loader(package_path),
        autoescape=True,  # .html, .svg and anything else: always
        undefined=StrictUndefined,  # a misspelt field fails the tests, not the page
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def module_name(package_path: str, template: str) -> str:
    """The compiled module of ``template`` in ``package_path``: ``scorecard_templates__
    scorecard_html_j2`` (names made of letters, digits and underscores only)."""
    return re.sub(r"\W", "_", package_path) + "__" + re.sub(r"\W", "_", template)


def source_digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _loader(package_path: str) -> Any:
    from jinja2 import PackageLoader, __version__

    class Shipped(PackageLoader):
        """The package's templates, from their compiled modules while those are current."""

        def load(
            self,
            environment: Environment,
            name: str,
            globals: MutableMapping[str, Any] | None = None,
        ) -> Template:
            source, _filename, _uptodate = self.get_source(environment, name)
            ns = _compiled(module_name(package_path, name))
            if (
                ns is not None
                and ns.get("SOURCE_SHA256") == source_digest(source)
                and ns.get("JINJA_VERSION") == __version__
            ):
                return environment.template_class.from_module_dict(
                    environment, ns, {} if globals is None else globals
                )
            return super().load(environment, name, globals)  # compiled here, as ever

    return Shipped(PACKAGE, package_path)


def _compiled(name: str) -> dict[str, Any] | None:
    try:
        return vars(importlib.import_module(f"{COMPILED}.{name}"))
    except ImportError:
        return None


def compiled_source(package_path: str, template: str) -> str:
    """The module ``scripts/compile_templates.py`` writes for ``template``: Jinja2's own
    module code (as ``Environment.compile_templates`` writes it) with the digest of the
    source it was made from and the Jinja2 version that made it."""
    from jinja2 import __version__

    env = environment(package_path)
    source, _, _ = env.loader.get_source(env, template)  # type: ignore[union-attr]
    code = env.compile(source, template, f"gameday/{package_path}/{template}", raw=True,
                       defer_init=True)  # fmt: skip
    head = (
        f"# Compiled from gameday/{package_path}/{template} by scripts/compile_templates.py;\n"
        "# do not edit (an edited template is compiled at run time until this is written again).\n"
        f"SOURCE_SHA256 = {source_digest(source)!r}\n"
        f"JINJA_VERSION = {__version__!r}\n"
    )
    return head + code


def templates(package_path: str) -> list[str]:
    return [str(t) for t in environment(package_path).list_templates()]


def render(package_path: str, template: str, /, **context: Any) -> str:
    return environment(package_path).get_template(template).render(**context)


def safe(text: str) -> Any:
    """Mark already-rendered template output safe to embed in another template."""
    from markupsafe import Markup

    return Markup(text)


_REPEATED: dict[str, str] = {}


def escape_repeated(text: str) -> str:
    """``escape_text`` of a text a page writes thousands of times (an actor, an event kind, a
    colour): escaped once and kept, up to 1,024 texts."""
    got = _REPEATED.get(text)
    if got is None:
        got = escape_text(text)
        if len(_REPEATED) < 1024:
            _REPEATED[text] = got
    return got


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

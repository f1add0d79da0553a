"""The CLI reference (``docs/cli.md``), generated from the parser the CLI itself uses.

A hand-written option table drifts the day someone adds a flag; this one is the ``--help`` of
every command, rendered at a fixed width so the file does not depend on the terminal that made
it. ``tests/unit/test_cli_reference.py`` fails when the file is stale. Regenerate with::

    .venv/bin/python -m gameday.cli.reference --write
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

WIDTH = 100
HEADER = """# gameday command-line reference

Generated from the CLI's own parser by `python -m gameday.cli.reference --write`; do not edit
by hand (`tests/unit/test_cli_reference.py` checks it is current). Every command also answers
`--help`.
"""


def _fixed_width(parser: argparse.ArgumentParser) -> None:
    def formatter(prog: str) -> argparse.HelpFormatter:
        return argparse.HelpFormatter(prog, width=WIDTH, max_help_position=32)

    parser.formatter_class = formatter


def _walk(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:  # noqa: SLF001 - argparse has no public walk
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for name, sub in sorted(action.choices.items()):
                yield from _walk(sub, (*path, name))


def render() -> str:
    """The whole reference: one section per command, its ``--help`` verbatim."""
    from gameday.cli import build_parser

    out = [HEADER]
    for path, parser in _walk(build_parser()):
        _fixed_width(parser)
        title = " ".join(("gameday", *path))
        out += [f"## `{title}`", "", "```text", parser.format_help().rstrip(), "```", ""]
    return "\n".join(out)


def default_path() -> Path:
    from gameday.state import project_root

    return project_root() / "docs" / "cli.md"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    text = render()
    if "--write" in args:
        default_path().write_text(text, encoding="utf-8")
        print(f"wrote {default_path()}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

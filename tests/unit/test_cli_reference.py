"""docs/cli.md is the CLI's own ``--help``, regenerated, never hand-kept."""

from __future__ import annotations

from gameday.cli.reference import default_path, render


def test_the_cli_reference_is_current() -> None:
    shipped = default_path().read_text(encoding="utf-8")
    assert shipped == render(), (
        "docs/cli.md is stale: regenerate it with `.venv/bin/python -m gameday.cli.reference "
        "--write` (a command or option changed)"
    )


def test_the_reference_has_every_command_and_the_load_options() -> None:
    text = render()
    for heading in ("## `gameday run`", "## `gameday workers`", "## `gameday target up`"):
        assert heading in text
    for option in ("--workers K", "--remote-workers M", "--master-bind HOST", "--master-port N"):
        assert option in text

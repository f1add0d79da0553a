"""Every command and subcommand of ``gameday`` answers ``--help`` (other groups' included)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import pytest

from gameday.cli import build_parser, main


def _walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    yield path
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _walk(sub, (*path, name))


COMMANDS = sorted(set(_walk(build_parser())))


def test_the_walk_finds_the_target_commands() -> None:
    for expected in [("target", "up"), ("target", "status"), ("target", "cert", "renew")]:
        assert expected in COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "gameday")
def test_help_works(command: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([*command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: gameday")
    assert "Traceback" not in out


def test_help_wall_time_is_reported() -> None:
    """Printed, not asserted (timing assertions flake); the figure lives in benchmarks/."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "gameday", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=60,
    )
    elapsed = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    assert "target" in done.stdout
    print(f"gameday --help wall time: {elapsed * 1000:.0f} ms")

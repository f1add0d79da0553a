"""Command discovery: ``main`` builds only the typed command's parser, and the table it uses
to find that command's module matches what the modules register."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import textwrap

import pytest

from gameday.cli import ACTIONS_MODULE, COMMAND_MODULES, OTHER_COMMANDS, build_parser
from gameday.cli.actions import command_specs
from gameday.state import project_root


def test_the_command_table_matches_the_modules() -> None:
    for name, commands in COMMAND_MODULES.items():
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(name).register(sub)
        registered = set(sub.choices)
        if name == ACTIONS_MODULE:
            registered -= {s.name for s in command_specs()}
        assert registered == set(commands), name


def test_one_command_builds_one_module() -> None:
    sub = next(a for a in build_parser("ack")._actions if isinstance(a, argparse._SubParsersAction))
    assert list(sub.choices) == ["ack"]
    sub = next(
        a for a in build_parser("score")._actions if isinstance(a, argparse._SubParsersAction)
    )
    assert list(sub.choices) == ["score", "scorecard", "review"]
    everything = next(
        a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    )
    assert set(everything.choices) > OTHER_COMMANDS
    assert "review" in everything.choices and everything.choices["review"].prog == "gameday review"


def test_a_responder_command_imports_no_other_command_group() -> None:
    code = textwrap.dedent(
        """
        import sys
        from gameday.cli import main
        try:
            main(["ack", "--help"])
        except SystemExit:
            pass
        others = [m for m in sys.modules if m.startswith("gameday.cli.")]
        others.remove("gameday.cli.actions")
        others.remove("gameday.cli.args")  # the checked argument types every command shares
        heavy = [m for m in ("gameday.faults.seed", "gameday.probes", "gameday.scoring.rules_comms",
                 "rich", "docker") if m in sys.modules]
        print(others, heavy, file=sys.stderr)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=project_root(), timeout=60
    )
    assert out.stderr.strip().splitlines()[-1] == "[] []", out.stderr


def test_validate_loads_only_what_reading_a_scenario_needs() -> None:
    """No Docker client, TLS stack, JSON Schema validator or engine: the typed reader decides
    (``--schema`` adds the schema pass). Nor what only applying a fault or running a probe
    uses (sockets, processes, hashing, tar archives), nor the "did you mean" matcher."""
    code = textwrap.dedent(
        """
        import sys
        from gameday.cli import main
        assert main(["validate", "scenarios/bad-deploy.yaml"]) == 0
        heavy = [m for m in ("docker", "ssl", "http.client", "jsonschema", "rich", "jinja2",
                 "gameday.target.core", "gameday.target.compose_engine", "concurrent.futures",
                 "cryptography", "socket", "subprocess", "hashlib", "uuid", "tarfile",
                 "tempfile", "difflib") if m in sys.modules]
        print(heavy, file=sys.stderr)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=project_root(), timeout=60
    )
    assert out.stderr.strip().splitlines()[-1] == "[]", out.stderr


def test_validate_schema_also_checks_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from gameday.cli import main

    assert main(["validate", "--schema", str(project_root() / "scenarios/bad-deploy.yaml")]) == 0
    assert "ok (bad-deploy)" in capsys.readouterr().out

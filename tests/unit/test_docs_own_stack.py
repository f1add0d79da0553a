"""docs/own-stack.md stays true: every command it shows parses with today's CLI, every file it
names exists, and the snippets it quotes are what targets/queue and queue-backlog really hold."""

from __future__ import annotations

import re
import shlex
from typing import Any

import pytest
import yaml

from gameday.cli import build_parser
from gameday.faults import FAULTS
from gameday.scenario.loader import load_scenario
from gameday.state import project_root

ROOT = project_root()
DOC = (ROOT / "docs" / "own-stack.md").read_text(encoding="utf-8")
CONSOLE = re.findall(r"```console\n(.*?)```", DOC, re.DOTALL)
YAML = re.findall(r"```yaml\n(.*?)```", DOC, re.DOTALL)
COMMANDS = [
    line.removeprefix("$ ")
    for block in CONSOLE
    for line in block.splitlines()
    if line.startswith("$ gameday ")
]
WRITTEN = set(re.findall(r"^wrote (\S+)$", DOC, re.MULTILINE))  # files the walkthrough creates
PATHS = sorted(
    set(re.findall(r"(?<![\w/.-])((?:targets|scenarios|tests|docs)/[\w./-]+\w)", DOC)) - WRITTEN
)


def test_the_doc_has_the_walkthrough() -> None:
    assert len(COMMANDS) >= 8
    wanted = ("target up", "new scenario", "validate", "faults", "selftest", "run", "target down")
    for needed in wanted:
        assert any(c.startswith(f"gameday {needed}") for c in COMMANDS), needed


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_parses(command: str) -> None:
    argv = shlex.split(command)[1:]
    args = build_parser(argv[0]).parse_args(argv)  # SystemExit(2) if the CLI changed
    assert getattr(args, "func", None) is not None


@pytest.mark.parametrize("path", PATHS)
def test_every_file_it_names_exists(path: str) -> None:
    assert (ROOT / path).exists(), path


def test_the_quoted_compose_settings_are_the_real_ones() -> None:
    compose = (ROOT / "targets" / "queue" / "docker-compose.yml").read_text(encoding="utf-8")
    entry = next(line.strip() for line in DOC.splitlines() if line.strip().startswith("entry:"))
    assert entry in compose
    for line in re.findall(r"^\s+(test: \[.*\])$", DOC, re.MULTILINE):
        assert line in compose, line
    assert '"127.0.0.1:${GAMEDAY_PROXY_PORT:-8088}:8080"' in compose
    real = yaml.safe_load(compose)
    assert real["x-labels"] == {
        "gameday.target": "queue",
        "gameday.project": "${GAMEDAY_PROJECT:-gameday-queue}",
    }


def test_the_quoted_probes_are_the_scenarios() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "queue-backlog.yaml")
    real = {p.name: p for p in scenario.steady_state}
    block: list[dict[str, Any]] = next(
        yaml.safe_load(b)["steady_state"] for b in YAML if b.startswith("steady_state:")
    )
    for probe in block:
        mine = real[probe["name"]]
        assert probe["probe"] == mine.kind
        for key, value in probe["params"].items():
            assert mine.params[key] == value, (probe["name"], key)
    assert real["job-roundtrip"].max_latency == 2.0


def test_the_fault_table_names_registered_faults() -> None:
    table = DOC.split("| fault | what the team sees |", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)`(?: / `([a-z_]+)`)? \|", table, re.MULTILINE)
    named = {n for row in rows for n in row if n}
    assert named == {
        "stop_service",
        "kill_service",
        "pause_service",
        "network_latency",
        "network_loss",
        "exec",
    }
    for name in named:
        assert name in FAULTS


def test_the_quoted_exec_fault_is_the_scenarios() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "queue-redis-maxmemory.yaml")
    block = next(yaml.safe_load(b)["timeline"] for b in YAML if b.startswith("timeline:"))
    (step,) = block
    (real,) = scenario.faults
    assert (step["fault"], step["name"], step["params"]) == (real.type, real.name, real.params)
    assert tuple(step["breaks"]) == real.breaks

"""Shipped playbooks parsed ahead of time (``yamlsrc.parsed_ahead``): current, equal to what
parsing their YAML gives, and never used for a file whose text differs."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from gameday.playbook import load_playbook
from gameday.state import project_root
from gameday.yamlsrc import load_file, parse_text
from tests.unit.scripts import load_script

ROOT = project_root()


def test_every_shipped_playbook_is_parsed_ahead_from_its_current_text() -> None:
    script = load_script("compile_playbooks")
    wanted = script.wanted()
    have = {p.name for p in script.OUT.glob("*.py")}
    assert have == set(wanted), "run: .venv/bin/python scripts/compile_playbooks.py"
    for name, text in wanted.items():
        current = (script.OUT / name).read_text(encoding="utf-8")
        assert current == text, f"{name}: run .venv/bin/python scripts/compile_playbooks.py"


def test_a_parsed_ahead_file_reads_as_its_yaml_does_lines_included(tmp_path: Path) -> None:
    for shipped in sorted((ROOT / "playbooks").glob("*.yaml")):
        copy = tmp_path / shipped.name
        shutil.copyfile(shipped, copy)  # the same text anywhere: parsed ahead
        text = shipped.read_text(encoding="utf-8")
        source, parsed = load_file(copy), parse_text(text, str(copy))
        assert source.data == parsed.data
        assert source.data is not load_file(copy).data  # each reader gets its own copy
        assert source.line(("deadlines", "ack")) == parsed.line(("deadlines", "ack")) > 1
        from_copy, from_shipped = load_playbook(copy), load_playbook(shipped)
        assert replace(from_copy, source="") == replace(from_shipped, source="")


def test_an_edited_copy_is_parsed_as_yaml(tmp_path: Path) -> None:
    shipped = ROOT / "playbooks" / "default.yaml"
    edited = tmp_path / "default.yaml"
    edited.write_text(
        shipped.read_text(encoding="utf-8").replace("name: default", "name: edited", 1),
        encoding="utf-8",
    )
    assert load_file(edited).data["name"] == "edited"
    assert load_playbook(edited).name == "edited"

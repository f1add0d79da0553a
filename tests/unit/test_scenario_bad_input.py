"""The malformed-scenario corpus: each file fails ``gameday validate`` with one-line
``file:line: key: message`` errors, exit code 2, no traceback, and never touches Docker."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gameday.cli import main
from gameday.scenario.loader import load_scenario
from gameday.state import project_root
from gameday.testing import refuse_docker

CORPUS = project_root() / "tests" / "data" / "bad_scenarios"
FILES = sorted(CORPUS.glob("*.yaml"))
GOOD = project_root() / "tests" / "data" / "scenarios" / "complete.yaml"


@pytest.fixture(autouse=True)
def no_docker(monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_docker(monkeypatch)


def expectation(path: Path) -> tuple[str, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode()
    m = re.fullmatch(r"# expect: (.*?)\|(.*)", first)
    assert m, f"{path.name} must start with '# expect: KEY|TEXT'"
    return m.group(1), m.group(2)


def validate(capsys: pytest.CaptureFixture[str], *files: str) -> tuple[int, list[str], str]:
    code = main(["validate", "--quiet", *files])
    out = capsys.readouterr()
    return code, out.err.splitlines(), out.out


def test_the_corpus_covers_the_cases() -> None:
    names = {p.stem for p in FILES}
    for case in ("bad_yaml", "severity_wrong_type", "unknown_fault", "unknown_service",
                 "missing_keys", "negative_duration", "malformed_duration", "duplicate_fault_names",
                 "duplicate_yaml_key", "unknown_probe_kind", "non_utf8", "alias_bomb"):  # fmt: skip
        assert case in names


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_bad_file_gives_one_line_errors(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key, text = expectation(path)
    shown = str(path.relative_to(project_root()))
    code, lines, _ = validate(capsys, shown)
    assert code == 2
    assert lines, "an invalid file must report something"
    for line in lines:
        assert re.match(rf"{re.escape(shown)}:\d+: ", line), line
        assert "Traceback" not in line
    prefix = rf"{re.escape(shown)}:\d+: " + (rf"{re.escape(key)}: " if key else "")
    first = lines[0]
    assert re.match(prefix, first), f"{first!r} should name key {key!r}"
    assert text in first


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_library_raises_a_gameday_error(path: Path) -> None:
    from gameday.errors import ValidationError

    with pytest.raises(ValidationError) as info:
        load_scenario(path)
    assert info.value.exit_code == 2
    assert "\n" not in str(info.value)


def test_huge_file_is_refused_before_parsing(tmp_path: Path, capsys) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("w") as f:
        f.write(GOOD.read_text())
        f.write("hints:\n")
        for i in range(60_000):
            f.write(f"  - hint number {i} padding padding padding\n")
    code, lines, _ = validate(capsys, str(huge))
    assert code == 2
    assert lines == [f"{huge}:1: file is {huge.stat().st_size:,} bytes; the limit is 1,000,000"]


def test_many_entries_under_the_limit_still_validate_quickly(tmp_path: Path, capsys) -> None:
    """A big but legal-size file: thousands of duplicate timeline names, each reported."""
    text = GOOD.read_text().replace(
        "timeline:\n",
        "timeline:\n" + "  - {at: 1s, fault: stop_service, params: {service: api}}\n" * 990,
    )
    big = tmp_path / "big.yaml"
    big.write_text(text)
    code, lines, _ = validate(capsys, str(big))
    assert code == 2
    assert len(lines) == 989
    assert all("duplicate timeline name 'stop_service'" in line for line in lines)


def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path, capsys) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("hints: " + "[" * 5000 + "]" * 5000 + "\n")
    code, lines, _ = validate(capsys, str(deep))
    assert code == 2 and lines == [f"{deep}:1: invalid YAML: nested too deeply"]


def test_duplicate_ids_across_files(tmp_path: Path, capsys) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(GOOD.read_text())
    b.write_text(GOOD.read_text())
    code, lines, _ = validate(capsys, str(a), str(b))
    assert code == 2
    assert lines == [f"{b}:2: id: duplicate scenario id 'checkout-pool-drain' (also in {a})"]


def test_missing_and_directory_arguments(tmp_path: Path, capsys) -> None:
    code, lines, _ = validate(capsys, str(tmp_path / "nope.yaml"), str(tmp_path))
    assert code == 2
    assert lines == [
        f"{tmp_path}/nope.yaml: no such file",
        f"{tmp_path}: is a directory, expected a YAML file",
    ]

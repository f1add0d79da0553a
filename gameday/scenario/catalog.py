"""Which scenarios exist: the built-in ones shipped in the checkout's ``scenarios/`` and local
ones (``./scenarios`` of the directory you run from, and ``$GAMEDAY_SCENARIO_PATH`` folders).

A scenario that fails to load is still listed, with its error, so a typo in one local file does
not hide the others. ``find_scenario`` lets commands take an id (``expired-cert``) or a path.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from gameday.errors import GamedayError, UsageError
from gameday.records import record
from gameday.scenario.loader import Registries, load_scenario
from gameday.scenario.model import Scenario
from gameday.state import project_root

PATH_ENV = "GAMEDAY_SCENARIO_PATH"
BUILTIN = "built-in"
LOCAL = "local"


@record
class Entry:
    path: Path
    origin: str  # built-in | local
    scenario: Scenario | None
    error: str | None = None

    @property
    def id(self) -> str:
        return self.scenario.id if self.scenario else self.path.stem

    def as_dict(self) -> dict[str, object]:
        s = self.scenario
        return {
            "id": self.id,
            "title": s.title if s else None,
            "difficulty": s.difficulty if s else None,
            "severity": s.severity if s else None,
            "faults": list(s.fault_types) if s else [],
            "target": s.target if s else None,
            "origin": self.origin,
            "path": str(self.path),
            "valid": s is not None,
            "error": self.error,
        }


def builtin_dir() -> Path:
    return project_root() / "scenarios"


def scenario_dirs() -> list[tuple[Path, str]]:
    """Folders to search, built-in first; each folder once."""
    dirs: list[tuple[Path, str]] = [(builtin_dir(), BUILTIN)]
    dirs.append((Path.cwd() / "scenarios", LOCAL))
    for part in os.environ.get(PATH_ENV, "").split(os.pathsep):
        if part.strip():
            dirs.append((Path(part).expanduser(), LOCAL))
    out: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for d, origin in dirs:
        try:
            key = d.resolve()
        except OSError:
            continue
        if key not in seen and d.is_dir():
            seen.add(key)
            out.append((d, origin))
    return out


def scenario_files() -> Iterator[tuple[Path, str]]:
    for d, origin in scenario_dirs():
        for p in sorted([*d.glob("*.yaml"), *d.glob("*.yml")]):
            if p.is_file():
                yield p, origin


def _display(p: Path) -> Path:
    try:
        return p.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return p


def catalog(registries: Registries | None = None) -> list[Entry]:
    entries: list[Entry] = []
    ids: dict[str, Path] = {}
    for p, origin in scenario_files():
        shown = _display(p)
        try:
            s = load_scenario(shown, registries)
        except GamedayError as exc:  # listed with its error: one bad file hides nothing else
            entries.append(Entry(shown, origin, None, str(exc).replace("\n", " ")))
            continue
        if s.id in ids:
            msg = f"{shown}: id: duplicate scenario id {s.id!r} (also in {ids[s.id]})"
            entries.append(Entry(shown, origin, None, msg))
            continue
        ids[s.id] = shown
        entries.append(Entry(shown, origin, s))
    return entries


def find_scenario(ref: str, registries: Registries | None = None) -> Scenario:
    """Load ``ref``: a path to a YAML file, or the id of a built-in or local scenario."""
    if not ref.strip() or not ref.isprintable():
        raise UsageError(f"{ref[:60]!r} is not a scenario id or file")
    p = Path(ref)
    if p.suffix in (".yaml", ".yml") or p.exists() or os.sep in ref:
        return load_scenario(p, registries)
    for path, _origin in scenario_files():
        if path.stem == ref:
            s = load_scenario(_display(path), registries)
            if s.id == ref:
                return s
    entries = catalog(registries)  # loads every scenario: once, for the search and the error
    for entry in entries:
        if entry.scenario and entry.scenario.id == ref:
            return entry.scenario
    known = ", ".join(sorted(e.id for e in entries if e.scenario)) or "none"
    raise UsageError(f"no scenario {ref!r} (a YAML path or one of: {known})")

"""What a scenario's ``target:`` refers to, worked out from files alone (validation never
touches Docker): a folder with a compose file, whose services faults and probes may name, or
the name of a compose project that is expected to be running already.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from gameday.errors import ValidationError
from gameday.records import record
from gameday.state import project_root
from gameday.target.settings import COMPOSE_NAMES, find_compose_file
from gameday.yamlsrc import load_file

PROJECT_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
"""Compose v1/v2 project names: lowercase letters, digits, dashes and underscores."""


class TargetRefError(ValueError):
    pass


@record
class TargetRef:
    text: str  # as written in the scenario
    folder: Path | None  # resolved folder, None for a compose project name
    compose_file: Path | None
    services: frozenset[str] | None  # None when unknown (a project name)


_CACHE: dict[tuple[str, int, int], frozenset[str]] = {}
_LOCK = threading.Lock()


def compose_services(compose_file: Path) -> frozenset[str]:
    """Service names of a compose file (cached by mtime; ``list`` reads it once per target)."""
    st = compose_file.stat()
    key = (str(compose_file), st.st_mtime_ns, st.st_size)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
    try:
        data = load_file(compose_file).data
    except ValidationError as exc:
        raise TargetRefError(f"cannot read compose file {exc}") from None
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict) or not services:
        raise TargetRefError(f"{compose_file} has no 'services' mapping")
    names = frozenset(str(s) for s in services)
    with _LOCK:
        _CACHE[key] = names
    return names


def candidate_folders(text: str, scenario_file: Path | None) -> list[Path]:
    """Where a relative target folder may live: cwd, next to the scenario, the checkout."""
    p = Path(text).expanduser()
    if p.is_absolute():
        return [p]
    out = [Path.cwd() / p]
    if scenario_file is not None:
        here = scenario_file.resolve().parent
        out += [here / p, here.parent / p]
    out.append(project_root() / p)
    return out


def resolve_ref(text: str, scenario_file: Path | None = None) -> TargetRef:
    """Resolve ``target:``; raises ``TargetRefError`` with a user-facing reason."""
    for folder in candidate_folders(text, scenario_file):
        if folder.is_dir():
            compose = find_compose_file(folder)
            if compose is None:
                raise TargetRefError(
                    f"folder {text!r} has no compose file ({', '.join(COMPOSE_NAMES)})"
                )
            return TargetRef(text, folder.resolve(), compose, compose_services(compose))
    looks_like_path = "/" in text or text.startswith((".", "~"))
    if looks_like_path:
        raise TargetRefError(
            f"no target folder {text!r} (looked in the current directory, "
            "next to the scenario and in the gameday checkout)"
        )
    if not PROJECT_NAME.fullmatch(text):
        raise TargetRefError(
            f"{text!r} is neither a target folder nor a compose project name "
            "(lowercase letters, digits, - and _)"
        )
    return TargetRef(text, None, None, None)

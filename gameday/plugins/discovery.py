"""Finding plugins: the ``gameday.plugins`` entry-point group and ``$GAMEDAY_PLUGINS``.

Scanning installed distributions costs about as much as a responder command itself
(``importlib.metadata`` plus one read per distribution: ~70 ms here), so the result is cached
per interpreter and ``sys.path``, and trusted only while the metadata folders on ``sys.path``
(``*.dist-info``, ``*.egg-info``) are the same ones with the same modification times
(installing, upgrading or removing a package changes them; one ``scandir`` per entry).
``gameday plugins`` always scans afresh and rewrites the cache.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import zlib
from pathlib import Path
from typing import Any, NamedTuple

GROUP = "gameday.plugins"
ENV = "GAMEDAY_PLUGINS"  # extra plugins: module names or .py paths, comma- or colon-separated
CACHE_VERSION = 1


class Found(NamedTuple):
    """One entry point of the group, as the installed metadata declares it."""

    name: str
    value: str  # "module" or "module:attribute"
    dist: str = ""
    version: str = ""

    @property
    def source(self) -> str:
        pkg = f" from {self.dist} {self.version}".rstrip() if self.dist else ""
        return f"entry point {self.name} = {self.value}{pkg}"

    def load(self) -> object:
        module, _, attr = self.value.partition(":")
        obj: object = importlib.import_module(module.strip())
        for part in filter(None, attr.strip().split(".")):
            obj = getattr(obj, part)
        return obj


META_SUFFIXES = (".dist-info", ".egg-info")


def _stamp() -> list[list[Any]]:
    """What the scan depends on: each ``sys.path`` entry's metadata folders and their times."""
    out: list[list[Any]] = []
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as it:
                metas = sorted(
                    [e.name, e.stat().st_mtime_ns] for e in it if e.name.endswith(META_SUFFIXES)
                )
            out.append([entry, metas])
        except OSError:  # a zip file, or missing
            try:
                out.append([entry, os.stat(entry).st_mtime_ns])
            except OSError:
                out.append([entry, None])
    return out


def _cache_file() -> Path | None:
    try:
        from gameday.state import cache_dir

        key = f"{zlib.crc32(json.dumps([sys.executable, sys.path]).encode()):08x}"
        return cache_dir() / f"plugins-{key}.json"
    except OSError:
        return None


def _scan() -> list[Found]:
    from importlib.metadata import entry_points

    found: list[Found] = []
    for ep in entry_points(group=GROUP):
        dist = getattr(ep, "dist", None)
        found.append(
            Found(
                ep.name,
                ep.value,
                str(dist.name) if dist is not None else "",
                str(dist.version) if dist is not None else "",
            )
        )
    return sorted(found, key=lambda f: f.name)


def entry_points(*, refresh: bool = False) -> list[Found]:
    """Every entry point of the ``gameday.plugins`` group (from the cache when it is valid)."""
    path = _cache_file()
    stamp = _stamp()
    if path is not None and not refresh:
        try:
            data = json.loads(path.read_text())
            if data.get("version") == CACHE_VERSION and data.get("stamp") == stamp:
                return [Found(**f) for f in data["found"]]
        except (OSError, ValueError, TypeError, KeyError):
            pass  # missing or unreadable: scan
    found = _scan()
    if path is not None:
        doc = {"version": CACHE_VERSION, "stamp": stamp, "found": [f._asdict() for f in found]}
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        try:
            tmp.write_text(json.dumps(doc))  # fields in order: name, value, dist, version
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only cache only costs the next process a scan
    return found


class EnvPlugin(NamedTuple):
    """A plugin named in ``$GAMEDAY_PLUGINS``: a module name or the path of a ``.py`` file."""

    spec: str

    @property
    def name(self) -> str:
        p = Path(self.spec)
        return p.stem if self.spec.endswith(".py") else self.spec

    @property
    def source(self) -> str:
        return f"${ENV} {self.spec}"

    def load(self) -> object:
        if not self.spec.endswith(".py"):
            return importlib.import_module(self.spec)
        from importlib.util import module_from_spec, spec_from_file_location

        path = Path(self.spec).expanduser().resolve()
        if not path.is_file():
            raise FileNotFoundError(f"no plugin file {self.spec}")
        modname = f"gameday_plugin_{path.stem}"
        spec = spec_from_file_location(modname, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {self.spec} as a Python module")
        module = module_from_spec(spec)
        sys.modules[modname] = module
        spec.loader.exec_module(module)
        return module


def env_plugins() -> list[EnvPlugin]:
    raw = os.environ.get(ENV, "")
    parts = [p.strip() for chunk in raw.split(",") for p in chunk.split(os.pathsep)]
    return [EnvPlugin(p) for p in parts if p]

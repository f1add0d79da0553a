"""gameday's plugins: one manager for every extension point (see ``docs/plugins.md``).

Faults, remediations, probes, scoring criteria, alert rules and responder actions are all
pieces that plugins hand to one ``PluginManager`` through hooks (``hookspecs``). gameday's
own pieces are a plugin too, found through the same ``gameday.plugins`` entry-point group
(or registered directly when running from a checkout without installed metadata). The
process-wide manager is created on first use, once; its registries fill lazily, so
``gameday --help`` never imports a fault type.

A plugin module::

    from gameday.plugins import hookimpl

    @hookimpl
    def gameday_actions():
        return [ActionSpec(...)]
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from gameday.plugins.hookspecs import hookimpl, hookspec
from gameday.plugins.manager import (
    BUILTIN,
    BUILTIN_MODULE,
    PluginError,
    PluginInfo,
    PluginManager,
    Problem,
)
from gameday.plugins.points import POINTS
from gameday.registry import Registries

__all__ = [
    "BUILTIN",
    "POINTS",
    "PluginError",
    "PluginInfo",
    "PluginManager",
    "Problem",
    "hookimpl",
    "hookspec",
    "install",
    "load_plugins",
    "manager",
    "new_manager",
    "new_registries",
    "registries",
    "using",
]

_MANAGER: PluginManager | None = None
_LOCK = threading.Lock()


def load_plugins(
    pm: PluginManager, *, entry_points: bool = True, env: bool = True, refresh: bool = False
) -> None:
    """Register the built-in plugin first (so built-in names win), then every entry point of
    the ``gameday.plugins`` group, then ``$GAMEDAY_PLUGINS``. Failures become ``problems``."""
    from gameday.plugins import discovery

    found: list[discovery.Found] = []
    if entry_points:
        try:
            found = discovery.entry_points(refresh=refresh)
        except Exception as exc:  # broken metadata must not stop a responder's command
            pm.problems.append(Problem("entry points", f"cannot scan: {exc}"))
    builtin = [f for f in found if f.value.partition(":")[0].strip() == BUILTIN_MODULE]
    others = [f for f in found if f not in builtin]
    if not builtin:  # running from a checkout whose metadata was never installed
        pm.add(_builtin_module(), BUILTIN, source="built-in (no installed metadata)")
    candidates: list[discovery.Found | discovery.EnvPlugin] = [*builtin, *others]
    if env:
        candidates += discovery.env_plugins()
    for cand in candidates:
        try:
            obj = cand.load()
        except Exception as exc:
            pm.problems.append(
                Problem(cand.name, f"cannot load {cand.source}: {type(exc).__name__}: {exc}")
            )
            continue
        pm.add(obj, cand.name, source=cand.source)


def _builtin_module() -> object:
    """gameday's own pieces, loaded by name like every plugin (``gameday.builtin`` imports
    every package that offers pieces; the manager itself depends on none of them)."""
    return importlib.import_module(BUILTIN_MODULE)


def new_manager(
    plugins: Sequence[tuple[str, object]] = (), *, builtin: bool = True, discover: bool = False
) -> PluginManager:
    """A private manager (tests): the built-in plugin, then ``plugins`` as ``(name, obj)``.

    Registration errors raise here (a test wants to see them); ``discover`` also loads the
    entry points and ``$GAMEDAY_PLUGINS`` like the process-wide manager.
    """
    pm = PluginManager()
    if discover:
        load_plugins(pm)
    elif builtin:
        pm.register(_builtin_module(), BUILTIN, source="built-in")
    for name, obj in plugins:
        pm.register(obj, name, source="test")
    return pm


def manager() -> PluginManager:
    """The process-wide manager, created and loaded on first use."""
    global _MANAGER
    if _MANAGER is None:
        with _LOCK:
            if _MANAGER is None:
                pm = PluginManager()
                load_plugins(pm)
                _MANAGER = pm
    return _MANAGER


def registries() -> Registries:
    """Every extension point of the process-wide manager (each fills on first read)."""
    return manager().registries


def new_registries() -> Registries:
    """Empty registries with every piece check (tests fill them by hand)."""
    return Registries(**{p.field: p.new_registry() for p in POINTS})


def install(pm: PluginManager | None) -> PluginManager | None:
    """Make ``pm`` the process-wide manager (None: load afresh on next use); returns the old."""
    global _MANAGER
    with _LOCK:
        old, _MANAGER = _MANAGER, pm
    return old


@contextmanager
def using(pm: PluginManager) -> Iterator[PluginManager]:
    """Within the block every consumer (loader, runner, scoring, CLI) sees ``pm``."""
    old = install(pm)
    try:
        yield pm
    finally:
        install(old)

"""The plugin manager: pluggy's, plus the registries its hooks fill (after pluggy's
``_manager.py``: one manager, hookspecs, validation at registration).

A plugin is a module (or any object) with ``@hookimpl`` functions named after the hookspecs.
Registering one checks every ``gameday_*`` attribute: unmarked or unknown hooks and wrong
signatures refuse the whole plugin, with the expected signature in the message. Pieces are
collected per extension point the first time its registry is read; a malformed piece (or a
name already taken) is refused on its own, and the refusal is kept in ``problems`` for
``gameday plugins`` and for the "unknown name" error that would otherwise puzzle a user.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from functools import partial
from typing import Any, NamedTuple

import pluggy

from gameday.errors import GamedayError
from gameday.plugins import hookspecs
from gameday.plugins.points import BY_HOOK, POINTS, ExtensionPoint
from gameday.registry import Registries, Registry, RegistryError

BUILTIN = "gameday"  # the built-in plugin's name (and its entry point's)
BUILTIN_MODULE = "gameday.builtin"


class PluginError(GamedayError):
    """A plugin is malformed: its hooks do not match the hookspecs."""

    def __init__(self, plugin: str, reason: str) -> None:
        super().__init__(f"plugin {plugin!r} refused: {reason}")
        self.plugin = plugin
        self.reason = reason


class Problem(NamedTuple):
    plugin: str
    message: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r}: {self.message}"


class PluginInfo(NamedTuple):
    name: str
    source: str
    hooks: tuple[str, ...]
    registered: dict[str, tuple[str, ...]]  # kind -> names


def hook_signatures() -> str:
    return "; ".join(p.signature for p in POINTS)


class PluginManager:
    def __init__(self) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.problems: list[Problem] = []
        self.sources: dict[str, str] = {}
        self.registries = Registries(
            **{p.field: p.new_registry(partial(self._fill, p)) for p in POINTS}
        )

    # --- registration ------------------------------------------------------------------------
    def register(self, plugin: object, name: str, *, source: str = "") -> None:
        """Register ``plugin`` as ``name``; raise ``PluginError`` saying what was expected."""
        if self.pm.has_plugin(name) or self.pm.is_registered(plugin):
            where = self.sources.get(name, "this object")
            raise PluginError(name, f"a plugin of that name is already registered ({where})")
        hooks = self._check_hooks(plugin, name)
        try:
            self.pm.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(name, self._signature_message(exc)) from None
        self.sources[name] = source or name
        for point in POINTS:  # a registry already read gets this plugin's pieces now
            reg: Registry[Any] = getattr(self.registries, point.field)
            if reg.filled and point.hook in hooks:
                self._collect(point, reg, only=name)

    def add(self, plugin: object, name: str, *, source: str = "") -> bool:
        """``register``, recording a refusal in ``problems`` instead of raising."""
        try:
            self.register(plugin, name, source=source)
        except PluginError as exc:
            self.problems.append(Problem(name, f"refused: {exc.reason}"))
            return False
        return True

    def _check_hooks(self, plugin: object, name: str) -> set[str]:
        known = [p.hook for p in POINTS]
        hooks: set[str] = set()
        for attr in dir(plugin):
            if not attr.startswith("gameday_"):
                continue
            fn = getattr(plugin, attr, None)
            if not callable(fn):
                continue
            if attr not in BY_HOOK:
                import difflib

                close = difflib.get_close_matches(attr, known, n=1)
                hint = f"did you mean {close[0]}? " if close else ""
                raise PluginError(
                    name, f"{attr}() is no gameday hook ({hint}hooks: {', '.join(known)})"
                )
            if getattr(fn, f"{hookspecs.PROJECT}_impl", None) is None:
                raise PluginError(
                    name,
                    f"{attr}() is not marked as a hook; expected {BY_HOOK[attr].signature} "
                    "(hookimpl from gameday.plugins)",
                )
            hooks.add(attr)
        if not hooks:
            raise PluginError(
                name,
                "it implements no gameday hook; expected a module or object with one or "
                f"more of: {hook_signatures()}",
            )
        return hooks

    def _signature_message(self, exc: pluggy.PluginValidationError) -> str:
        for point in POINTS:
            fn = getattr(exc.plugin, point.hook, None)
            if fn is None or point.hook not in str(exc):
                continue
            try:
                sig = f"{point.hook}{inspect.signature(fn)}"
            except (TypeError, ValueError):
                sig = point.hook
            return f"hook {sig} does not match its spec; expected {point.signature}"
        return str(exc)

    # --- collection --------------------------------------------------------------------------
    def _fill(self, point: ExtensionPoint, registry: Registry[Any]) -> None:
        self._collect(point, registry)

    def _collect(self, point: ExtensionPoint, registry: Registry[Any], only: str = "") -> None:
        hook = getattr(self.pm.hook, point.hook)
        for impl in hook.get_hookimpls():  # registration order: built-ins first
            if only and impl.plugin_name != only:
                continue
            try:
                pieces = impl.function()  # the hookspecs take no argument (yet)
            except Exception as exc:  # a plugin's bug must not take gameday down
                self._refuse(impl.plugin_name, f"{point.hook}() raised {type(exc).__name__}: {exc}")
                continue
            for piece in self._iterate(impl.plugin_name, point, pieces):
                name = getattr(piece, "name", None)
                if not isinstance(name, str):
                    self._refuse(
                        impl.plugin_name,
                        f"{point.hook}() returned {type(piece).__name__} {piece!r:.60}; "
                        f"expected {point.expected}",
                    )
                    continue
                try:
                    registry.register(name, piece, plugin=impl.plugin_name)
                except RegistryError as exc:
                    if name not in registry.refused:
                        registry.refused[name] = f"{exc} (plugin {impl.plugin_name!r})"
                    self._refuse(impl.plugin_name, f"{point.kind} refused: {exc}")

    def _iterate(self, plugin: str, point: ExtensionPoint, pieces: object) -> Iterable[Any]:
        if pieces is None:
            return ()
        if isinstance(pieces, str | bytes | dict) or not isinstance(pieces, Iterable):
            self._refuse(
                plugin,
                f"{point.hook}() returned {type(pieces).__name__}; expected an iterable of "
                f"{point.expected}",
            )
            return ()
        return list(pieces)

    def _refuse(self, plugin: str, message: str) -> None:
        self.problems.append(Problem(plugin, message))

    # --- reading -----------------------------------------------------------------------------
    def fill_all(self) -> None:
        for point in POINTS:
            len(getattr(self.registries, point.field))

    def plugins(self) -> list[PluginInfo]:
        """Every registered plugin and what it registered (collects every extension point)."""
        self.fill_all()
        out = []
        for name, plugin in self.pm.list_name_plugin():
            if plugin is None:
                continue
            hooks = tuple(h.name for h in self.pm.get_hookcallers(plugin) or ())
            registered: dict[str, tuple[str, ...]] = {}
            for point in POINTS:
                reg: Registry[Any] = getattr(self.registries, point.field)
                mine = tuple(n for n, _ in reg.items() if reg.owner(n) == name)
                if mine:
                    registered[point.kind] = mine
            source = self.sources.get(name, name)
            out.append(PluginInfo(name, source, tuple(sorted(hooks)), registered))
        return out

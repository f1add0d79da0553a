"""Fault types and remediation actions: two registries of small typed pieces.

A fault is four operations on a real target (inject, verify_live, undo, verify_undone) plus
``prepare``, which reads (never changes) whatever undo will need later, so the restore journal
can hold it *before* the fault acts. Fault types and remediations are extension points of
the plugin manager (``gameday.plugins``): the built-ins come through the same hooks a
third-party plugin implements, and the registries fill on first read so ``gameday --help``
never pays for them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from gameday.clock import Clock, RealClock
from gameday.params import ParamError, parse_params
from gameday.plugins.shared import Shared
from gameday.registry import Registries, RegistryError, accepts

if TYPE_CHECKING:
    from gameday.target import Target

Progress = Callable[[str], None]


def _quiet(_msg: str) -> None:
    return None


@dataclass
class FaultContext:
    """Everything one operation of one fault needs.

    ``state`` is the undo state: filled by ``prepare`` before injection, persisted in the
    journal, and handed back to ``undo`` (possibly by another process after a ``kill -9``).
    """

    target: Target
    params: Any
    clock: Clock = field(default_factory=RealClock)
    state: dict[str, Any] = field(default_factory=dict)
    progress: Progress = _quiet


class FaultType:
    """Base class of a fault type. Subclasses set ``name``, ``summary``, ``Params``.

    Contract: ``undo`` is idempotent and works from ``state`` alone, whatever point ``inject``
    reached; ``verify_*`` raise ``FaultError`` with a sentence saying what was observed.
    """

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    Params: ClassVar[type] = object
    engines: ClassVar[tuple[str, ...]] = ()
    """Target engines it works on (compose, swarm); empty = every engine."""
    instead: ClassVar[str] = ""
    """What to use on the other engines, for the refusal message (``kill_task on swarm``)."""

    def parse_params(self, raw: Any) -> Any:
        params: Any = parse_params(self.Params, raw)
        self.check_params(params)
        return params

    def check_params(self, params: Any) -> None:
        """Cross-field checks beyond types; raise ``ParamError(key, msg)``."""

    def services(self, params: Any) -> tuple[str, ...]:
        """Compose services this fault acts on (the scenario loader checks they exist)."""
        service = getattr(params, "service", None)
        return (service,) if service else ()

    def stage(self, ctx: FaultContext) -> str | None:
        """Ready what ``inject`` will need, ahead of time and out of customers' sight (a warm
        standby at the bad version), so the fault acts in seconds when its time comes. Called
        before the drill's clock reaches the fault; optional (inject works without it).
        Returns one line saying what was readied, or None."""
        return None

    def stage_undo(self, ctx: FaultContext) -> str | None:
        """Ready what ``undo`` will need once the fault is live (the good version warm again),
        so restoring, or the team's own fix, is as fast. Optional, like ``stage``."""
        return None

    def prepare(self, ctx: FaultContext) -> dict[str, Any]:
        """Read what undo will need (a previous version...). Must not change anything."""
        return {}

    def inject(self, ctx: FaultContext) -> None:
        raise NotImplementedError

    def verify_live(self, ctx: FaultContext) -> None:
        raise NotImplementedError

    def undo(self, ctx: FaultContext) -> None:
        raise NotImplementedError

    def verify_undone(self, ctx: FaultContext) -> None:
        raise NotImplementedError


@dataclass
class RemediationContext:
    target: Target
    params: Any
    clock: Clock = field(default_factory=RealClock)
    progress: Progress = _quiet


class Remediation:
    """A fix the tool can perform itself (selftest, the drill's autopilot, ``rollback``)."""

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    Params: ClassVar[type] = object

    def parse_params(self, raw: Any) -> Any:
        return parse_params(self.Params, raw)

    def services(self, params: Any) -> tuple[str, ...]:
        service = getattr(params, "service", None)
        return (service,) if service else ()

    def apply(self, ctx: RemediationContext) -> str:
        """Perform the fix; return one line saying what was done."""
        raise NotImplementedError


def _check_piece(kind: str, base: type, ops: tuple[str, ...]) -> Callable[[str, Any], None]:
    def check(name: str, item: Any) -> None:
        if not isinstance(item, base):
            got = type(item).__name__
            raise RegistryError(f"{kind} {name!r} is a {got}, not a {base.__name__}")
        if getattr(item, "name", None) != name:
            raise RegistryError(f"{kind} {name!r} calls itself {getattr(item, 'name', None)!r}")
        if not str(getattr(item, "summary", "")).strip():
            raise RegistryError(f"{kind} {name!r} has no summary")
        params_cls = getattr(item, "Params", None)
        if not (isinstance(params_cls, type) and dataclasses.is_dataclass(params_cls)):
            raise RegistryError(f"{kind} {name!r}: Params must be a dataclass")
        if not params_cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
            raise RegistryError(f"{kind} {name!r}: Params must be a frozen dataclass")
        for op in ops:
            fn = getattr(item, op, None)
            if not callable(fn):
                raise RegistryError(f"{kind} {name!r} lacks {op}()")
            if getattr(type(item), op, None) is getattr(base, op, None) and op != "prepare":
                raise RegistryError(f"{kind} {name!r} does not implement {op}()")
            if not accepts(fn, 1):
                raise RegistryError(f"{kind} {name!r}: {op}() must take one argument (ctx)")

    return check


FAULT_OPS = ("prepare", "inject", "verify_live", "undo", "verify_undone")

# Registration checks of the two extension points (``gameday.plugins.points``).
check_fault_type = _check_piece("fault type", FaultType, FAULT_OPS)
check_remediation = _check_piece("remediation", Remediation, ("apply",))

# Every fault type and remediation, built-in or plugin (filled by the plugin manager).
FAULTS: Shared[FaultType] = Shared("faults")
REMEDIATIONS: Shared[Remediation] = Shared("remediations")


def new_registries() -> Registries:
    """Empty, checked registries (tests build private ones; plugins fill the shared one)."""
    from gameday.plugins import new_registries as new

    return new()


def registries() -> Registries:
    """The shared registries of every extension point (``gameday.plugins.registries()``)."""
    from gameday.plugins import registries as shared

    return shared()


def parse_fault_params(fault_type: str, raw: Mapping[str, Any] | None) -> Any:
    """Typed params for ``fault_type``; unknown types are a ``ParamError`` on ``type``."""
    regs = registries()
    if fault_type not in regs.faults:
        known = ", ".join(regs.faults.names())
        raise ParamError("type", f"unknown fault type {fault_type!r} (known: {known})")
    return regs.faults.get(fault_type).parse_params(dict(raw) if raw is not None else None)

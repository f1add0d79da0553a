"""A fake fault type and fake target for unit tests of the journal, apply and restore logic.

They exercise gameday's real registries, journal and restore code; only Docker is replaced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gameday import plugins
from gameday.errors import GuardrailError
from gameday.faults import FaultContext, FaultType
from gameday.plugins import PluginManager, hookimpl


@dataclass
class FakeTarget:
    project: str = "gd-unit"
    name: str = "fake"
    path: str = "targets/fake"
    services: tuple[str, ...] = ("api", "db")
    applied: list[str] = field(default_factory=list)  # names of faults currently in effect
    log: list[str] = field(default_factory=list)

    def container(self, service: str) -> Any:
        if service not in self.services:
            raise GuardrailError(f"{service!r} is not a labelled container of {self.project}")
        return object()

    def containers(self) -> list[Any]:
        return []


@dataclass(frozen=True)
class FlagParams:
    flag: str
    service: str = "api"
    fail_inject: bool = False
    fail_undo: bool = False


class FlagFault(FaultType):
    """Sets a flag on the fake target; records every operation in order."""

    name = "flag"
    summary = "test fault"
    Params = FlagParams
    journal_seen: list[int] = []  # pending entries visible in the journal when inject ran

    def prepare(self, ctx: FaultContext) -> dict[str, Any]:
        return {"before": list(ctx.target.applied)}

    def inject(self, ctx: FaultContext) -> None:
        from gameday.journal import Journal

        FlagFault.journal_seen.append(len(Journal().pending()))
        ctx.target.log.append(f"inject {ctx.params.flag}")
        ctx.target.applied.append(ctx.params.flag)
        if ctx.params.fail_inject:
            raise RuntimeError("boom")

    def verify_live(self, ctx: FaultContext) -> None:
        assert ctx.params.flag in ctx.target.applied

    def undo(self, ctx: FaultContext) -> None:
        ctx.target.log.append(f"undo {ctx.params.flag}")
        if ctx.params.fail_undo:
            raise RuntimeError("cannot undo")
        if ctx.params.flag in ctx.target.applied:
            ctx.target.applied.remove(ctx.params.flag)

    def verify_undone(self, ctx: FaultContext) -> None:
        assert ctx.params.flag not in ctx.target.applied


class FlagPlugin:
    """A test plugin offering the ``flag`` fault, registered like any other plugin."""

    @hookimpl
    def gameday_fault_types(self) -> list[FaultType]:
        return [FlagFault()]


def install_fake_registries() -> PluginManager | None:
    """Built-ins plus ``flag`` as the process-wide plugins; returns the previous manager."""
    return plugins.install(plugins.new_manager([("flag", FlagPlugin())]))

"""gameday's own drill parts, and how a session is assembled from every plugin's.

The built-in parts are offered through the ``gameday_drill_parts`` hook like a team's own
(``gameday.builtin``); ``assemble`` builds every registered ``PartSpec`` for one drill
in ``order``, then the caller's own parts (the terminal's live view or plain lines).

    order  part        what it does
    10     endpoint    HTTP for remote responders, watch and the status page
    20     monitors    one poller thread per steady-state probe
    25     stack       records what the team does to the stack, from the engine's events
    30     customers   the Locust child (``--users 0``: none)
    40     injector    applies due faults on its own thread
    60     autopilot   plays the team's script (``--autopilot``)
    70     control     takes ``gameday end``/``abort`` requests
    75     wrapup      restores the stack when a proper resolve opens the wrap-up window
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gameday.drill.part import Part, PartSpec, Session

if TYPE_CHECKING:
    from gameday.registry import Registry


def _endpoint(s: Session) -> Part:
    from gameday.drill.parts.endpoint import Endpoint

    return Endpoint(s.plan.options.bind, s.plan.options.port)


def _monitors(s: Session) -> Part:
    from gameday.drill.parts.probes import ProbeMonitors

    return ProbeMonitors(s.plan.options.poll)


def _stack(s: Session) -> Part | None:
    if not getattr(s.target, "project", None):
        return None  # no stack to follow (a tabletop, a test without Docker)
    from gameday.drill.parts.stack import StackRecorder

    return StackRecorder()


def _customers(s: Session) -> Part | None:
    if s.plan.options.users <= 0:
        return None
    from gameday.drill.parts.customers import CustomersPart

    return CustomersPart(s.plan.options.users, s.plan.options)


def _injector(s: Session) -> Part:
    from gameday.drill.parts.injector import FaultInjector

    return FaultInjector()


def _autopilot(s: Session) -> Part | None:
    if s.plan.autopilot is None:
        return None
    from gameday.drill.parts.autopilot import Autopilot

    return Autopilot(s.plan.autopilot)


def _wrapup(s: Session) -> Part:
    from gameday.drill.parts.wrapup import WrapUpRestore

    return WrapUpRestore()


def _control(s: Session) -> Part:
    from gameday.drill.parts.control import ControlFile

    return ControlFile()


BUILTIN_PARTS: tuple[PartSpec, ...] = (
    PartSpec("endpoint", "the drill room: API, consoles, dashboard, status page", _endpoint, 10),
    PartSpec("monitors", "one poller per steady-state probe, feeding the monitors", _monitors, 20),
    PartSpec("stack", "records what the team does to the stack (engine events)", _stack, 25),
    PartSpec("customers", "simulated customers (Locust), feeding customer stats", _customers, 30),
    PartSpec("injector", "applies the scenario's faults when they are due", _injector, 40),
    PartSpec("autopilot", "plays the team from an autopilot script", _autopilot, 60),
    PartSpec("control", "takes `gameday end`/`abort` requests from other terminals", _control, 70),
    PartSpec("wrapup", "restores the stack when a proper resolve opens the wrap-up", _wrapup, 75),
)


def assemble(
    session: Session, extra: Sequence[Part] = (), registry: Registry[PartSpec] | None = None
) -> list[Part]:
    """Every registered part that applies to this drill, in order, then ``extra``.

    A plugin's part that fails to build is left out with a message; a built-in's failure is a
    bug that stops the drill before anything acts on the stack.
    """
    if registry is None:
        from gameday.plugins import registries

        registry = registries().drill_parts
    from gameday.plugins import BUILTIN

    parts: list[Part] = []
    for name, spec in sorted(registry.items(), key=lambda kv: (kv[1].order, kv[0])):
        try:
            part = spec.build(session)
        except Exception as exc:
            if registry.owner(name) in ("", BUILTIN):
                raise
            session.say(f"gameday: drill part {name!r} could not be built, left out: {exc}")
            continue
        if part is not None:
            parts.append(part)
    return [*parts, *extra]

"""What a drill session is assembled from: the ``Part`` interface and what a part may ask of
the session.

A session (``gameday.drill.session``) is the pure ``DrillMachine`` plus parts: the HTTP
endpoint, the probe monitors, the customers, the fault injector, the autopilot, the control
file, a live view, anything a plugin adds. Parts never touch each other or the machine: they
*read* the session (drill, plan, target, drill time, the machine's state for display) and
*act* through four calls that the session serialises on its loop thread:

* ``record(kind, data)`` appends to the event log (any thread; durable when it returns);
* ``feed(observation_or_stats)`` hands the machine an input (any thread);
* ``request_end(reason)`` asks the drill to end (any thread, also from a signal handler);
* ``say(message)`` tells the facilitator.

Every recorded event, whoever wrote it (a part, a responder's terminal, the HTTP endpoint),
reaches every part's ``on_event`` in log order after the machine has folded it: that is how a
subscriber (an outbound integration, a recorder) follows the drill. ``on_event`` and ``tick``
run on the loop thread, so a part that blocks (network, Docker) hands the work to its own
thread.

The end has three stages so each part can say where it belongs: ``halt`` (the drill is ending,
stop acting on the stack: the injector finishes the fault in hand, the autopilot stops), then
the session restores the stack, ``stop`` (stop observing; last inputs may still be fed), the
session records ``drill.ended``, ``close`` (release what is left: sockets, the terminal).
Within a stage parts go in the reverse order of ``start``.

A part is added in one place: a ``PartSpec`` from a plugin's ``gameday_drill_parts`` hook
(gameday's own parts come through the same hook, ``gameday.drill.parts``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from gameday.records import record
from gameday.registry import RegistryError, accepts

if TYPE_CHECKING:
    from gameday.clock import Clock
    from gameday.drill.locate import Drill
    from gameday.drill.machine import DrillMachine
    from gameday.drill.monitors import CustomerStats, Observation
    from gameday.drill.plan import DrillPlan
    from gameday.events import Event
    from gameday.target import Target

P = TypeVar("P", bound="Part")


class Session(Protocol):
    """The session as a part sees it: read anything, act only through the four calls."""

    @property
    def drill(self) -> Drill: ...

    @property
    def plan(self) -> DrillPlan: ...

    @property
    def target(self) -> Target: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def machine(self) -> DrillMachine:
        """The machine's state, for display only: its decisions are the session's to act on."""

    @property
    def resumed_at(self) -> float | None:
        """Drill time the dead runner was last seen alive at (a resumed drill), else None."""

    def now(self) -> float:
        """Drill time as the event log keeps it (honours a paused clock)."""

    def say(self, message: str) -> None: ...

    def record(self, kind: str, data: dict[str, Any], t: float | None = None) -> Event: ...

    def feed(self, item: Observation | CustomerStats) -> None: ...

    def request_end(self, reason: str) -> None: ...

    def part(self, kind: type[P]) -> P | None:
        """The started part of that class (or a subclass), if any."""


class Part:
    """One moving piece of a drill session; every hook is optional (no-op by default)."""

    name = "part"
    required = False  # a part the drill cannot run without: failing to start ends the drill

    def start(self, session: Session) -> None:
        """The drill exists and its log is folded: start threads, processes, servers."""

    def tick(self, now: float) -> None:
        """Every loop tick (0.2 s) on the loop thread, after the machine decided; be quick."""

    def on_event(self, event: Event) -> None:
        """One recorded event, in log order, after the machine folded it (loop thread)."""

    def halt(self) -> None:
        """The drill is ending: stop acting on the stack (the restore comes next)."""

    def stop(self) -> None:
        """The stack is restored: stop observing; last inputs may still be fed."""

    def close(self) -> None:
        """``drill.ended`` is recorded: release whatever is left."""


Build = Callable[["Session"], "Part | None"]


@record
class PartSpec:
    """A kind of part, as plugins offer it: ``build(session)`` returns the part for this drill,
    or None when it does not apply (no customers asked for, no autopilot script...).

    ``order`` places it among the others (lower starts first and stops last): the endpoint is
    10, monitors 20, customers 30, the fault injector 40, the autopilot 60, the control file
    70; a part that only follows events needs no particular place (default 50)."""

    name: str
    summary: str
    build: Build
    order: int = 50


def check_part_spec(name: str, spec: object) -> None:
    """The plugin manager's check for a drill part, at registration."""
    if not isinstance(spec, PartSpec):
        raise RegistryError(f"drill part {name!r} is a {type(spec).__name__}, not a PartSpec")
    if not accepts(spec.build, 1):
        raise RegistryError(f"drill part {name!r}: build must take the session")
    if not isinstance(spec.order, int) or isinstance(spec.order, bool):
        raise RegistryError(f"drill part {name!r}: order must be an int")

"""Autopilot: play a team from a YAML script, so a drill runs end to end with nobody typing.

A script (``scenarios/teams/autopilot/<team>/<scenario>.yaml``)::

    team: model-team            # optional; checked against the drill's team when given
    scenario: expired-cert      # optional; its injects are what inject:NAME may name
    steps:
      - at: 20s                 # drill time, or time after the `after` event
        after: page.sent        # optional: an event kind, or inject:NAME (that message arrived)
        as: alice               # optional: default the team's default_actor, else "autopilot"
        do: ack                 # any action of gameday.drill.actions.ACTIONS ...
      - {at: 40s, after: page.sent, as: alice, do: declare, sev: 2}
      - {at: 2m, after: alert.fired, as: bob, do: remediate, remedy: renew_certificate}
      - {at: 3m, as: bob, do: rollback, service: api}

Text fields may use ``{date}`` (the drill's start date, YYYYMMDD: ``#incident-{date}``) and
``{now+24h}`` (an ISO time that far from when the step runs: ``review`` times).
``after: stakeholder`` waits for the first stakeholder message.

``do: remediate`` performs a ``gameday.faults.REMEDIATIONS`` fix on the target (what a human
would do with docker/psql; it records no event of its own). Every other step goes through
``record_action``, the very path a responder's terminal uses. Every step is validated when the
script is loaded (``gameday.drill.script_format``), with errors naming file:line: key.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import field, replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from gameday import events as ev
from gameday.clock import Clock, RealClock
from gameday.drill.actions import record_action
from gameday.drill.locate import Drill
from gameday.durations import parse_duration
from gameday.errors import GamedayError, NoDrillRunning
from gameday.formats.core import Length, spec
from gameday.formats.load import load, read_source
from gameday.formats.types import Name, Slug
from gameday.records import record
from gameday.yamlsrc import Source

if TYPE_CHECKING:
    from gameday.scenario.model import Scenario
    from gameday.target import Target

REMEDIATE = "remediate"
STAKEHOLDER = "stakeholder"
_PLACEHOLDER = re.compile(r"\{(date|now\+([0-9.smhd]+))\}")
STEP_KEYS = {"at", "after", "as", "do"}
DEFAULT_ACTOR = "autopilot"


@record
class Step:
    """One timed action; read by ``gameday.drill.script_format`` (its keys depend on ``do``)."""

    at: float
    do: str
    actor: str | None = None
    after: str | None = None  # event kind, or "inject:NAME"
    params: dict[str, Any] = field(default_factory=dict)
    remedy: str | None = None  # for do: remediate
    line: int | None = None
    parsed: Any = None  # do: remediate: the remediation's params, read with the script

    @classmethod
    def __gameday_read__(cls, value: Any, path: Any, r: Any, meta: Any) -> Any:
        from gameday.drill.script_format import read_step

        return read_step(value, path, r)

    @classmethod
    def __gameday_schema__(cls, gen: Any, meta: Any) -> dict[str, Any]:
        from gameday.drill.script_format import step_schema

        return step_schema(gen)


@record
class Script:
    """An autopilot script: a team's actions, each at a drill time or after an event."""

    __what__ = "an autopilot script: a mapping with steps"

    steps: Annotated[tuple[Step, ...], Length(1, 1000)] = spec(
        doc="The actions, each with at, do, and the action's own fields."
    )
    team: Name | None = spec(None, doc="The team that plays it (checked against the drill's).")
    scenario: Slug | None = spec(None, doc="The scenario it plays (anchors are checked on it).")
    source: str = spec("", derived=True)
    description: str = spec("")


@record
class StepResult:
    step: Step
    t: float
    ok: bool
    detail: str


def parse_script(src: Source, scenario: Scenario | None = None) -> Script:
    from gameday.drill.script_format import ScriptEnv

    script = read_source(Script, src, ScriptEnv.make(scenario))
    return replace(script, source=src.file)


def load_script(path: str | Path, scenario: Scenario | None = None) -> Script:
    """Load and validate a script; with ``scenario``, ``after: inject:NAME`` anchors and
    ``reply_to`` must name its injects. Every step is checked by the same params (and their
    checks) the CLI and the HTTP endpoint use, so a bad step fails here, not mid-drill."""
    from gameday.drill.script_format import ScriptEnv

    script = load(Script, path, ScriptEnv.make(scenario))
    return replace(script, source=str(path))


Remediator = Callable[[str, dict[str, Any]], str]


class AutopilotPlayer:
    """Plays a ``Script`` against a drill; ``start()`` runs it in a daemon thread of the runner."""

    def __init__(
        self,
        script: Script,
        drill: Drill,
        *,
        clock: Clock | None = None,
        target: Target | None = None,
        default_actor: str | None = None,
        poll_s: float = 0.5,
        on_step: Callable[[StepResult], None] | None = None,
        remediate: Remediator | None = None,
    ) -> None:
        self.script = script
        self.drill = drill
        self.clock = clock or RealClock()
        self.target = target
        self.default_actor = default_actor or DEFAULT_ACTOR
        self.poll_s = poll_s
        self.on_step = on_step
        self._remediate = remediate or self._remediate_on_target
        self.results: list[StepResult] = []
        self._pending = list(script.steps)
        self._waiting = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.log = drill.log(self.clock)

    @property
    def done(self) -> bool:
        return not self._pending

    @property
    def left(self) -> int:
        """Steps not played (yet)."""
        return len(self._pending)

    @property
    def waiting(self) -> bool:
        """Every step left waits for an event that has not happened (as of the last tick): a
        reply to a stakeholder message the drill never sent, say."""
        return self._waiting

    def _anchor(self, after: str | None) -> float | None:
        if after is None:
            return 0.0
        if after == STAKEHOLDER:
            hit = next(
                (
                    e
                    for e in self.log.events(kinds=[ev.INJECT_DELIVERED])
                    if e.data.get("kind") == "stakeholder"
                ),
                None,
            )
        elif after.startswith("inject:"):
            name = after.removeprefix("inject:")
            hit = next(
                (
                    e
                    for e in self.log.events(kinds=[ev.INJECT_DELIVERED])
                    if e.data.get("inject") == name
                ),
                None,
            )
        else:
            hit = self.log.first(after)
        return hit.t if hit else None

    def due_steps(self, now: float) -> list[Step]:
        due = []
        for step in self._pending:
            anchor = self._anchor(step.after)
            if anchor is not None and now >= anchor + step.at:
                due.append(step)
        return due

    def skip_due(self, t: float) -> list[Step]:
        """Drop the steps due by drill time ``t`` (a resumed drill: the dead runner's
        autopilot played them; playing them again would record a second ack, declare...)."""
        played = self.due_steps(t)
        self._pending = [s for s in self._pending if s not in played]
        return played

    def tick(self) -> list[StepResult]:
        """Perform every step that is due now; return what happened."""
        out = []
        for step in self.due_steps(self.log.now_t()):
            self._pending.remove(step)
            out.append(self._perform(step))
        self._waiting = all(self._anchor(s.after) is None for s in self._pending)
        return out

    def _perform(self, step: Step) -> StepResult:
        actor = step.actor or self.default_actor
        try:
            if step.do == REMEDIATE and self._remediate == self._remediate_on_target:
                detail = self._remediate_on_target(step.remedy or "", step.params, step.parsed)
            elif step.do == REMEDIATE:
                detail = self._remediate(step.remedy or "", step.params)
            else:
                params = {k: self._expand(v) for k, v in step.params.items()}
                e = record_action(
                    self.drill, step.do, params, actor=actor, clock=self.clock, target=self.target
                )
                detail = f"{e.kind} recorded as event {e.id}"
            ok = True
        except NoDrillRunning:
            self._stop.set()
            ok, detail = False, "the drill has ended"
        except GamedayError as exc:
            ok, detail = False, str(exc)
        result = StepResult(step, self.log.now_t(), ok, detail)
        self.results.append(result)
        if self.on_step is not None:
            self.on_step(result)
        return result

    def _expand(self, value: Any) -> Any:
        if not isinstance(value, str) or "{" not in value:
            return value
        epoch = self.log.epoch or self.clock.now()

        def sub(m: re.Match[str]) -> str:
            if m.group(1) == "date":
                return f"{epoch:%Y%m%d}"
            return (self.clock.now() + timedelta(seconds=parse_duration(m.group(2)))).isoformat()

        return _PLACEHOLDER.sub(sub, value)

    def _remediate_on_target(self, remedy: str, params: dict[str, Any], parsed: Any = None) -> str:
        from gameday.drill.actions import target_of
        from gameday.faults import RemediationContext, registries
        from gameday.ownactions import as_team

        target = self.target or target_of(self.drill)
        piece = registries().remediations.get(remedy)
        typed = parsed if parsed is not None else piece.parse_params(params)
        with as_team():  # the scripted team's change: recorded as a person's would be
            return piece.apply(RemediationContext(target=target, params=typed, clock=self.clock))

    def run(self, until_t: float | None = None) -> list[StepResult]:
        """Play until every step ran, ``stop()``, or drill time ``until_t``."""
        while not self._stop.is_set() and self._pending:
            self.tick()
            if until_t is not None and self.log.now_t() >= until_t:
                break
            if self._pending and not self._stop.is_set():
                self.clock.sleep(self.poll_s)
        return self.results

    def start(self) -> threading.Thread:
        self._thread = threading.Thread(target=self.run, name="gameday-autopilot", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

"""Autopilot: play a team from a YAML script, so a drill runs end to end with nobody typing.

A script (``scenarios/teams/autopilot/<team>/<scenario>.yaml``)::

    team: model-team            # optional; checked against the drill's team when given
    scenario: expired-cert      # optional; documentation
    steps:
      - at: 20s                 # drill time, or time after the `after` event
        after: page.sent        # optional: an event kind, or inject:NAME (that message arrived)
        as: alice               # optional: default the team's default_actor, else "autopilot"
        do: ack                 # any action of gameday.drill.actions.ACTIONS ...
      - {at: 40s, after: page.sent, as: alice, do: declare, sev: 2}
      - {at: 2m, after: alert.fired, as: bob, do: remediate, remedy: renew-certificate}
      - {at: 3m, as: bob, do: rollback, service: api}

Text fields may use ``{date}`` (the drill's start date, YYYYMMDD: ``#incident-{date}``) and
``{now+24h}`` (an ISO time that far from when the step runs: ``review`` times).
``after: stakeholder`` waits for the first stakeholder message.

``do: remediate`` performs a ``gameday.faults.REMEDIATIONS`` fix on the target (what a human
would do with docker/psql; it records no event of its own). Every other step goes through
``record_action``, the very path a responder's terminal uses. Params are validated when the
script is loaded, with errors naming file:line: key.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.clock import Clock, RealClock
from gameday.drill.actions import ACTIONS, record_action
from gameday.drill.locate import Drill
from gameday.durations import parse_duration
from gameday.errors import GamedayError, NoDrillRunning
from gameday.params import ParamError
from gameday.yamlsrc import Source, load_file

if TYPE_CHECKING:
    from gameday.target import Target

REMEDIATE = "remediate"
STAKEHOLDER = "stakeholder"
_PLACEHOLDER = re.compile(r"\{(date|now\+([0-9.smhd]+))\}")
STEP_KEYS = {"at", "after", "as", "do"}
DEFAULT_ACTOR = "autopilot"


@dataclass(frozen=True)
class Step:
    at: float
    do: str
    actor: str | None = None
    after: str | None = None  # event kind, or "inject:NAME"
    params: dict[str, Any] = field(default_factory=dict)
    remedy: str | None = None  # for do: remediate
    line: int | None = None


@dataclass(frozen=True)
class Script:
    steps: tuple[Step, ...]
    team: str | None = None
    scenario: str | None = None
    source: str = ""


@dataclass(frozen=True)
class StepResult:
    step: Step
    t: float
    ok: bool
    detail: str


def _valid_after(after: object) -> bool:
    if not isinstance(after, str):
        return False
    return "." in after or after.startswith("inject:") or after == STAKEHOLDER


def _parse_step(src: Source, i: int, raw: Any) -> Step:
    path: tuple = ("steps", i)
    if not isinstance(raw, dict):
        raise src.error(path, "a step is a mapping with at, do and the action's fields")
    for key in ("at", "do"):
        if key not in raw:
            raise src.error(path, f"missing required key {key!r}")
    try:
        at = parse_duration(raw["at"])
    except ValueError as exc:
        raise src.error((*path, "at"), str(exc)) from None
    do = raw["do"]
    known = [*ACTIONS.names(), REMEDIATE]
    if not isinstance(do, str) or do not in known:
        raise src.error((*path, "do"), f"unknown action {do!r} (known: {', '.join(known)})")
    after = raw.get("after")
    if after is not None and not _valid_after(after):
        raise src.error(
            (*path, "after"), f"{after!r}: use an event kind, inject:NAME or stakeholder"
        )
    actor = raw.get("as")
    if actor is not None and (not isinstance(actor, str) or not actor.strip()):
        raise src.error((*path, "as"), "expected a person's name")
    rest = {k: v for k, v in raw.items() if k not in STEP_KEYS}
    if do == REMEDIATE:
        return _parse_remedy(src, path, at, actor, after, rest, raw)
    try:
        ACTIONS.get(do).parse_params(rest)  # the same checks as record_action
    except ParamError as exc:
        key = (*path, exc.key) if exc.key else path
        raise src.error(key, f"{do}: {exc.message}") from None
    return Step(at, do, actor, after, rest, None, src.line(path))


def _parse_remedy(
    src: Source,
    path: tuple,
    at: float,
    actor: str | None,
    after: str | None,
    rest: dict[str, Any],
    raw: dict,
) -> Step:
    extra = sorted(set(rest) - {"remedy", "params"})
    if extra:
        raise src.error((*path, extra[0]), "unknown key for remediate (allowed: params, remedy)")
    remedy = rest.get("remedy")
    if not isinstance(remedy, str):
        raise src.error(path, "remediate needs remedy: NAME (a gameday.faults remediation)")
    from gameday.faults import registries

    regs = registries()
    if remedy not in regs.remediations:
        known = ", ".join(regs.remediations.names())
        raise src.error((*path, "remedy"), f"unknown remediation {remedy!r} (known: {known})")
    params = rest.get("params") or {}
    try:
        regs.remediations.get(remedy).parse_params(params)
    except ParamError as exc:
        key = (*path, "params", exc.key) if exc.key else (*path, "params")
        raise src.error(key, exc.message) from None
    return Step(at, REMEDIATE, actor, after, dict(params), remedy, src.line(path))


def parse_script(src: Source) -> Script:
    data = src.data
    if not isinstance(data, dict):
        raise src.error((), "an autopilot script is a mapping with steps")
    for key in data:
        if key not in ("team", "scenario", "steps", "description"):
            raise src.error((key,), "unknown key (allowed: description, scenario, steps, team)")
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise src.error(("steps",), "expected a non-empty list of steps")
    steps = tuple(_parse_step(src, i, raw) for i, raw in enumerate(raw_steps))
    return Script(steps, data.get("team"), data.get("scenario"), src.file)


def load_script(path: str | Path) -> Script:
    return parse_script(load_file(path))


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
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.log = drill.log(self.clock)

    @property
    def done(self) -> bool:
        return not self._pending

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

    def tick(self) -> list[StepResult]:
        """Perform every step that is due now; return what happened."""
        out = []
        for step in self.due_steps(self.log.now_t()):
            self._pending.remove(step)
            out.append(self._perform(step))
        return out

    def _perform(self, step: Step) -> StepResult:
        actor = step.actor or self.default_actor
        try:
            if step.do == REMEDIATE:
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

    def _remediate_on_target(self, remedy: str, params: dict[str, Any]) -> str:
        from gameday.drill.actions import target_of
        from gameday.faults import RemediationContext, registries

        target = self.target or target_of(self.drill)
        piece = registries().remediations.get(remedy)
        ctx = RemediationContext(target=target, params=piece.parse_params(params), clock=self.clock)
        return piece.apply(ctx)

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

"""The facilitator's controls (hint, extra inject, extend, end, abort) and the truth they see.

Controls are declared like responder actions (``ActionSpec``: params once, as a frozen
dataclass with ``arg``), so ``gameday hint|inject|extend``, the facilitator console's forms and
``POST /api/facilitator/<name>`` share one validation and one set of error texts
(``gameday.drill.actions.perform``). They are not in the ``actions`` registry: a responder can
never reach them. Hints, injects and extensions are events in the log like everything else,
so the runner's machine folds them (a new time limit, a noise alert) and a resume replays them.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.drill.actionspec import ActionContext, ActionSpec, arg
from gameday.errors import DrillError, GamedayError
from gameday.params import Duration, ParamError
from gameday.records import record

if TYPE_CHECKING:
    from gameday.clock import Clock
    from gameday.drill.locate import Drill
    from gameday.scenario.model import Scenario

DEFAULT_HINT_COST = 5.0  # points, when no playbook can be read (its hint_cost otherwise)
MAX_EXTEND_S = 4 * 3600.0
REQUESTS = ("end", "abort")


@cache
def _load(path: str) -> Scenario:
    from gameday.scenario.loader import load_scenario

    return load_scenario(path)


def scenario_of(drill: Drill) -> Scenario:
    """The drill's scenario, as the runner loaded it (the facilitator's side only)."""
    path = drill.meta().scenario_path
    if not path:
        raise DrillError(f"drill {drill.id} records no scenario file")
    try:
        return _load(path)
    except GamedayError as exc:
        raise DrillError(f"cannot read the drill's scenario {path}: {exc}") from None


def playbook_of(drill: Drill, scenario: Scenario | None) -> Any:
    """The playbook the drill is scored against (``--playbook``, else the scenario's)."""
    from gameday.playbook import load_playbook

    options = drill.meta().extra.get("options") or {}
    name = options.get("playbook") if isinstance(options, dict) else None
    try:
        return load_playbook(name or getattr(scenario, "playbook", None) or "default")
    except GamedayError:
        return None


def hint_cost(playbook: Any) -> float:
    """What a hint without a cost of its own costs: the playbook's ``hint_cost``."""
    cost = getattr(playbook, "hint_cost", None)
    return float(cost) if cost is not None else DEFAULT_HINT_COST


def hints_of(scenario: Scenario | None, playbook: Any = None) -> list[tuple[str, str, float]]:
    """(name, text, cost) of each of the scenario's hints, in order."""
    out = []
    for i, h in enumerate(getattr(scenario, "hints", ()) or (), start=1):
        own = getattr(h, "cost", None)
        cost = float(own) if own is not None else hint_cost(playbook)
        out.append((str(getattr(h, "name", "") or f"hint-{i}"), str(getattr(h, "text", h)), cost))
    return out


def spare_injects(scenario: Scenario | None) -> dict[str, Any]:
    """The scenario's spare injects by name (the facilitator fires them when they fit)."""
    return {s.name: s for s in getattr(scenario, "spare_injects", ()) or ()}


# --- the controls ----------------------------------------------------------------------------
@record
class HintParams:
    hint: str = arg(
        "one of the scenario's hints, by number (1, 2, ...) or name, or your own words",
        words=True,
    )


@record(kw_only=True)
class InjectParams:
    message: str = arg(
        "the message (or the name of one of the scenario's spare injects)", words=True
    )
    kind: str = arg(
        "stakeholder message or noise alert",
        choices=("stakeholder", "noise"),
        default="stakeholder",
    )
    sender: str | None = arg(
        "who asks (stakeholder) or the service the noise alert is from", default=None
    )


@record
class ExtendParams:
    by: Duration = arg("how much longer the drill may run, e.g. 10m", positional=True)

    def __post_init__(self) -> None:
        if not 0 < self.by <= MAX_EXTEND_S:
            raise ParamError("by", "extend by between 1s and 4h")


@record
class NoParams:
    pass


def _hint(ctx: ActionContext, p: HintParams) -> dict[str, Any]:
    from gameday.drill.actions import check_text

    text = check_text("hint", p.hint)
    scenario = _scenario_or_none(ctx.drill)
    playbook = playbook_of(ctx.drill, scenario)
    hints = hints_of(scenario, playbook)
    by_name = {name: i for i, (name, _, _) in enumerate(hints, start=1)}
    if text.isdigit() or text in by_name:
        n = int(text) if text.isdigit() else by_name[text]
        if not 1 <= n <= len(hints):
            raise ParamError("hint", f"the scenario has {len(hints)} hint(s); {n} is not one")
        name, words, cost = hints[n - 1]
        return {"text": words, "index": n, "name": name, "cost": cost}
    return {"text": text, "cost": hint_cost(playbook)}


def _inject(ctx: ActionContext, p: InjectParams) -> dict[str, Any]:
    from gameday.drill.actions import check_text
    from gameday.drill.injects import inject_events

    message = check_text("message", p.message)
    spare = spare_injects(_scenario_or_none(ctx.drill)).get(message)
    if spare is not None:
        kind, sender, message, name = spare.kind, spare.sender, spare.message, spare.name
    else:
        kind, sender = p.kind, (p.sender or "").strip() or None
        asked = ctx.log.events(kinds=[ev.INJECT_DELIVERED])
        name = f"extra-{len(asked) + 1}"
    from gameday.scenario.model import InjectStep

    step = InjectStep(name=name, kind=kind, at=0.0, message=message, sender=sender)
    delivered, *alert = inject_events(step)
    for kind_, data in alert:  # a noise alert fires like a real one
        ctx.log.append(kind_, data)
    return {**delivered[1], "extra": True}


def _extend(ctx: ActionContext, p: ExtendParams) -> dict[str, Any]:
    from gameday.incident import Incident

    inc = Incident.replay(ctx.log.events(kinds=[ev.DRILL_STARTED, ev.EXTENDED]))
    limit = inc.time_limit_s
    if limit is None:
        raise ParamError("by", "the drill has not started its clock yet")
    return {"by_s": float(p.by), "time_limit_s": round(limit + float(p.by), 3)}


def _scenario_or_none(drill: Drill) -> Scenario | None:
    try:
        return scenario_of(drill)
    except DrillError:
        return None


CONTROLS: dict[str, ActionSpec] = {
    s.name: s
    for s in (
        ActionSpec("hint", ev.HINT, "send the team a hint (it costs points)", HintParams, _hint),
        ActionSpec(
            "inject",
            ev.INJECT_DELIVERED,
            "fire an extra inject: a spare one, a stakeholder message or a noise alert",
            InjectParams,
            _inject,
        ),
        ActionSpec("extend", ev.EXTENDED, "extend the drill's time limit", ExtendParams, _extend),
    )
}


def control(
    drill: Drill,
    name: str,
    params: dict[str, Any] | None,
    *,
    by: str,
    clock: Clock | None = None,
) -> ev.Event | str:
    """Perform facilitator control ``name``: an event (hint, inject, extend), or for ``end`` /
    ``abort`` the request handed to the runner (a sentence saying so)."""
    if name in REQUESTS:
        from gameday.drill import control as ctl

        if not drill.is_running():
            raise DrillError(f"drill {drill.id} has already ended")
        ctl.request(drill.dir, name, by=by)
        return f"{name} requested: the runner restores the stack and ends the drill"
    spec = CONTROLS.get(name)
    if spec is None:
        known = ", ".join([*CONTROLS, *REQUESTS])
        raise DrillError(f"unknown control {name!r} (known: {known})")
    from gameday.drill.actions import perform

    return perform(spec, drill, params, actor=by, clock=clock)


def truth(drill: Drill, inc: Any) -> dict[str, Any]:
    """What only the facilitator sees: the faults and their state, the expected severity and
    cause, the hints (sent or not, with their cost), the spare injects."""
    scenario = _scenario_or_none(drill)
    sent = {e.data.get("index") for e in inc.all(ev.HINT)}
    faults = []
    for step in getattr(scenario, "faults", ()) or ():
        state = "pending"
        if any(e.data.get("fault") == step.name for e in inc.all(ev.FAULT_INJECTED)):
            state = "injected"
        if any(e.data.get("fault") == step.name for e in inc.all(ev.FAULT_LIVE)):
            state = "live"
        if any(e.data.get("fault") == step.name for e in inc.all(ev.FAULT_UNDONE)):
            state = "undone"
        faults.append({"name": step.name, "type": step.type, "at": step.at, "state": state})
    cause = getattr(scenario, "root_cause", None)
    return {
        "scenario": getattr(scenario, "id", drill.meta().scenario),
        "title": getattr(scenario, "title", ""),
        "severity": getattr(scenario, "severity", None),
        "cause": getattr(cause, "summary", "") or getattr(cause, "category", ""),
        "keywords": list(getattr(cause, "keywords", ()) or ()),
        "remediation": [r.action for r in getattr(scenario, "remediation", ()) or ()],
        "faults": faults,
        "hints": [
            {"index": i, "name": name, "text": text, "cost": cost, "sent": i in sent}
            for i, (name, text, cost) in enumerate(
                hints_of(scenario, playbook_of(drill, scenario)), start=1
            )
        ],
        "spare_injects": [
            {"name": s.name, "kind": s.kind, "message": s.message}
            for s in spare_injects(scenario).values()
        ],
    }

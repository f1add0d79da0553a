"""Responder actions: validate, perform (rollback), record durably. One path for every caller.

The CLI on the runner's host, the HTTP endpoint (remote responders) and the autopilot all call
``record_action``, so an action is validated the same way wherever it comes from. Each action is
an ``ActionSpec`` (``gameday.drill.actionspec``) in the ``ACTIONS`` registry, an extension point
of the plugin manager: the built-ins below come through the same ``gameday_actions`` hook a
plugin implements. A spec's frozen params dataclass declares each parameter once (type, help,
positional or option, choices); the command line and the HTTP routes are derived from it.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from gameday import events as ev
from gameday.drill.actionspec import ActionContext, ActionKind, ActionSpec, arg
from gameday.errors import DrillError, GamedayError, NoDrillRunning
from gameday.formats.core import Range, parse_time
from gameday.formats.types import Person
from gameday.params import Duration, ParamError
from gameday.plugins.shared import Shared
from gameday.records import record

if TYPE_CHECKING:
    from gameday.clock import Clock
    from gameday.drill.locate import Drill
    from gameday.target import Target

__all__ = [
    "ACTIONS",
    "BUILTIN_ACTIONS",
    "ActionContext",
    "ActionKind",
    "ActionSpec",
    "arg",
    "check_actor",
    "check_text",
    "perform",
    "record_action",
    "target_of",
]

MAX_TEXT = 2000
MAX_ACTOR = 64
MAX_NEXT_S = 24 * 3600.0

# Every action, built-in or plugin (filled by the plugin manager on first read).
ACTIONS: Shared[ActionSpec] = Shared("actions")


# --- shared checks ---------------------------------------------------------------------------
def check_text(key: str, text: str) -> str:
    text = text.strip()
    if not text:
        raise ParamError(key, "must not be empty")
    if len(text) > MAX_TEXT:
        raise ParamError(key, f"is {len(text)} characters; the limit is {MAX_TEXT}")
    return text


def check_actor(actor: object) -> str:
    if not isinstance(actor, str) or not actor.strip():
        raise DrillError("the actor (--as NAME) must not be empty")
    actor = actor.strip()
    if len(actor) > MAX_ACTOR or any(not c.isprintable() for c in actor):
        raise DrillError(f"the actor name {actor[:MAX_ACTOR]!r}... must be printable, <= 64 chars")
    return actor


def _next(key: str, value: float | None) -> dict[str, Any]:
    if value is None:
        return {}
    if value <= 0 or value > MAX_NEXT_S:
        raise ParamError(key, "the next update must be promised between 1s and 24h from now")
    return {"next_s": float(value)}


# --- the built-in actions --------------------------------------------------------------------
# Params check themselves (``__post_init__``), so every caller -- a terminal, the HTTP endpoint,
# an autopilot script being loaded -- refuses the same bad values before anything happens.
_TEXT = "free text (quote it or not)"
_NEXT = "promise the next update in e.g. 15m"
NextUpdate = Annotated[Duration, Range(0, MAX_NEXT_S, above=True)]


@record
class NoParams:
    pass


@record
class DeclareParams:
    sev: int = arg("severity, 1 (worst) .. 4", metavar="N")

    def __post_init__(self) -> None:
        if not 1 <= self.sev <= 4:
            raise ParamError("sev", f"severity {self.sev} is out of range; use 1 (worst) to 4")


@record
class RoleParams:
    role: str = arg("ic | tech | comms (aliases accepted)", positional=True)
    person: Person = arg("who takes the role", positional=True, metavar="NAME")

    def __post_init__(self) -> None:
        if ev.role_key(self.role) is None:
            known = ", ".join(sorted(ev.ROLE_ALIASES))
            raise ParamError("role", f"unknown role {self.role[:40]!r} (known: {known})")


@record
class ChannelParams:
    name: str = arg("channel name (convention #incident-YYYYMMDD)", positional=True)

    def __post_init__(self) -> None:
        name = check_text("name", self.name)
        if any(c.isspace() for c in name) or len(name) > 80:
            raise ParamError("name", f"{name[:80]!r} is not a channel name (no spaces, <= 80)")


@record
class StatusParams:
    text: str = arg(_TEXT, words=True)
    state: str | None = arg(
        "default: the incident's current state", choices=ev.STATUS_STATES, default=None
    )
    next: NextUpdate | None = arg(_NEXT, metavar="DURATION", default=None)
    component: str | None = arg(
        "a component's state, e.g. checkout=major_outage (repeat it for more); states: "
        + ", ".join(ev.COMPONENT_STATES),
        metavar="NAME=STATE",
        repeat=True,
        default=None,
    )

    def __post_init__(self) -> None:
        check_text("text", self.text)
        if self.state is not None and self.state.strip().lower() not in ev.STATUS_STATES:
            raise ParamError(
                "state", f"{self.state[:40]!r} is not one of {', '.join(ev.STATUS_STATES)}"
            )
        component_claims(self.component)


def component_claims(text: str | None) -> list[tuple[str, str]]:
    """``checkout=major_outage, payments=degraded_performance`` -> [(name, state), ...]."""
    out: list[tuple[str, str]] = []
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, eq, state = part.partition("=")
        name, state = name.strip(), state.strip().lower().replace("-", "_").replace(" ", "_")
        if not eq or not name:
            raise ParamError("component", f"{part.strip()[:60]!r} is not NAME=STATE")
        if state not in ev.COMPONENT_STATES:
            raise ParamError(
                "component",
                f"{state[:40]!r} is not a component state ({', '.join(ev.COMPONENT_STATES)})",
            )
        out.append((name[:80], state))
    return out


def _component_key(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").replace("_", " ").split())


def resolve_components(claims: list[tuple[str, str]], known: tuple[str, ...]) -> dict[str, str]:
    """Claims keyed by the status page's own spelling of each component."""
    names = {_component_key(k): k for k in known}
    out: dict[str, str] = {}
    for name, state in claims:
        real = names.get(_component_key(name))
        if real is None:
            raise ParamError(
                "component", f"no component {name!r} on the status page (known: {', '.join(known)})"
            )
        out[real] = state
    return out


@record
class UpdateParams:
    text: str = arg(_TEXT, words=True)
    next: NextUpdate | None = arg(_NEXT, metavar="DURATION", default=None)

    def __post_init__(self) -> None:
        check_text("text", self.text)


@record(kw_only=True)  # kw_only: a default before a required field
class NotifyParams:
    audience: str = arg("who is told: stakeholders", positional=True, default="stakeholders")
    text: str = arg(_TEXT, words=True)
    reply_to: str | None = arg("the stakeholder message answered", metavar="INJECT", default=None)

    def __post_init__(self) -> None:
        check_text("text", self.text)
        if self.audience != "stakeholders":
            raise ParamError(
                "audience", f"{self.audience[:40]!r}: the only audience is 'stakeholders'"
            )


@record
class TextParams:
    text: str = arg(_TEXT, words=True)

    def __post_init__(self) -> None:
        check_text("text", self.text)


@record
class RollbackParams:
    service: str = arg("compose service, e.g. api", positional=True)

    def __post_init__(self) -> None:
        check_text("service", self.service)


@record
class ReviewParams:
    when: str = arg("ISO-8601 time of the review", positional=True)

    def __post_init__(self) -> None:
        review_time(self.when)


def review_time(text: str) -> datetime:
    """The review's time from ISO-8601 text (no zone = UTC, years 1970..2200)."""
    when = parse_time(text)
    if when is None:
        raise ParamError("when", f"{text[:60]!r} is not an ISO-8601 time")
    return when


def _ack(ctx: ActionContext, p: NoParams) -> dict[str, Any]:
    return {}


def _declare(ctx: ActionContext, p: DeclareParams) -> dict[str, Any]:
    if not 1 <= p.sev <= 4:
        raise ParamError("sev", f"severity {p.sev} is out of range; use 1 (worst) to 4")
    return {"sev": p.sev}


def _role(ctx: ActionContext, p: RoleParams) -> dict[str, Any]:
    role = ev.role_key(p.role)
    if role is None:
        known = ", ".join(sorted(ev.ROLE_ALIASES))
        raise ParamError("role", f"unknown role {p.role!r} (known: {known})")
    return {"role": role, "person": check_actor(p.person)}


def _channel(ctx: ActionContext, p: ChannelParams) -> dict[str, Any]:
    name = check_text("name", p.name)
    if any(c.isspace() for c in name) or len(name) > 80:
        raise ParamError("name", f"{name!r} is not a channel name (no spaces, <= 80 chars)")
    return {"name": name}


def _status(ctx: ActionContext, p: StatusParams) -> dict[str, Any]:
    text = check_text("text", p.text)
    state = p.state
    if state is None:  # keep the incident's current state; a first post is "investigating"
        posts = ctx.log.events(kinds=[ev.STATUS])
        state = posts[-1].data.get("state", "investigating") if posts else "investigating"
    state = state.strip().lower()
    if state not in ev.STATUS_STATES:
        raise ParamError("state", f"{state!r} is not one of {', '.join(ev.STATUS_STATES)}")
    claims = component_claims(p.component)
    comps = resolve_components(claims, ctx.drill.meta().components) if claims else {}
    return {
        "text": text,
        "state": state,
        **_next("next", p.next),
        **({"components": comps} if comps else {}),
    }


def _update(ctx: ActionContext, p: UpdateParams) -> dict[str, Any]:
    return {"text": check_text("text", p.text), **_next("next", p.next)}


def _notify(ctx: ActionContext, p: NotifyParams) -> dict[str, Any]:
    if p.audience != "stakeholders":
        raise ParamError("audience", f"{p.audience!r}: the only audience is 'stakeholders'")
    data: dict[str, Any] = {"audience": "stakeholders", "text": check_text("text", p.text)}
    if p.reply_to is not None:
        asked = [e.data.get("inject") for e in ctx.log.events(kinds=[ev.INJECT_DELIVERED])]
        asked = [a for a in asked if a]
        if p.reply_to not in asked:
            known = ", ".join(str(a) for a in asked) or "none yet"
            raise ParamError("reply_to", f"no message {p.reply_to!r} has arrived (known: {known})")
        data["reply_to"] = p.reply_to
    return data


def _note(ctx: ActionContext, p: TextParams) -> dict[str, Any]:
    return {"text": check_text("text", p.text)}


def _cause(ctx: ActionContext, p: TextParams) -> dict[str, Any]:
    return {"text": check_text("text", p.text)}


def _rollback(ctx: ActionContext, p: RollbackParams) -> dict[str, Any]:
    service = check_text("service", p.service)
    target = ctx.get_target()
    from gameday.target.deploys import deployed_by

    with _target_env(ctx.drill), deployed_by(ctx.actor, "gameday rollback during a drill"):
        try:
            from_v, to_v = target.rollback(service)
        except GamedayError as exc:
            failed = {"service": service, "ok": False, "error": str(exc)}
            ctx.log.append(ev.ROLLBACK, failed, actor=ctx.actor)
            raise
    return {"service": service, "from_version": from_v, "to_version": to_v, "ok": True}


def _resolve(ctx: ActionContext, p: NoParams) -> dict[str, Any]:
    return {"premature": ctx.log.first(ev.MITIGATED) is None}


def _review(ctx: ActionContext, p: ReviewParams) -> dict[str, Any]:
    return {"when": review_time(p.when).isoformat()}


def _say(ctx: ActionContext, p: TextParams) -> dict[str, Any]:
    return {"text": check_text("text", p.text)}


# The built-in plugin's ``gameday_actions`` hook returns these (the order of ``gameday --help``).
BUILTIN_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("ack", ev.ACK, "acknowledge the page (stops escalation)", NoParams, _ack),
    ActionSpec(
        "declare",
        ev.DECLARE,
        "confirm the incident and set its severity (1 = worst .. 4)",
        DeclareParams,
        _declare,
    ),
    ActionSpec(
        "role",
        ev.ROLE,
        "assign a role: ic, tech (ops, operations-lead) or comms",
        RoleParams,
        _role,
    ),
    ActionSpec(
        "channel",
        ev.CHANNEL,
        "open the incident channel (convention #incident-YYYYMMDD)",
        ChannelParams,
        _channel,
    ),
    ActionSpec("status", ev.STATUS, "post to the public status page", StatusParams, _status),
    ActionSpec(
        "update",
        ev.UPDATE,
        "post an internal update; --next promises the next one",
        UpdateParams,
        _update,
    ),
    ActionSpec(
        "notify",
        ev.NOTIFY,
        "tell stakeholders (leadership) what is going on",
        NotifyParams,
        _notify,
        description="tell stakeholders: notify stakeholders TEXT [--reply-to INJECT]",
    ),
    ActionSpec("note", ev.NOTE, "record an investigation finding", TextParams, _note),
    ActionSpec("cause", ev.CAUSE, "name the root cause", TextParams, _cause),
    ActionSpec(
        "rollback",
        ev.ROLLBACK,
        "roll a service back to its previous deployed version (for real)",
        RollbackParams,
        _rollback,
        exclusive=True,
    ),
    ActionSpec("resolve", ev.RESOLVE, "declare the incident resolved", NoParams, _resolve),
    ActionSpec("say", ev.SAY, "say something in the incident channel (chat)", TextParams, _say),
    ActionSpec(
        "review",
        ev.REVIEW,
        "schedule the post-incident review",
        ReviewParams,
        _review,
        command=False,  # `gameday review schedule WHEN` (gameday.cli.score) records it
    ),
)


# --- the one entry point ---------------------------------------------------------------------
def record_action(
    drill: Drill,
    name: str,
    params: dict[str, Any] | None = None,
    *,
    actor: str,
    clock: Clock | None = None,
    target: Target | None = None,
    allow_ended: bool = False,
) -> ev.Event:
    """Validate ``params`` for action ``name``, perform it, append its event; durable on return.

    Raises ``DrillError`` (or ``NoDrillRunning``) with a one-line message for any bad input.
    """
    if not isinstance(name, str) or name not in ACTIONS:
        raise DrillError(f"unknown action {name!r} (known: {', '.join(ACTIONS.names())})")
    spec = ACTIONS.get(name)
    return perform(
        spec, drill, params, actor=actor, clock=clock, target=target, allow_ended=allow_ended
    )


def perform(
    spec: ActionSpec,
    drill: Drill,
    params: dict[str, Any] | None,
    *,
    actor: str,
    clock: Clock | None = None,
    target: Target | None = None,
    allow_ended: bool = False,
) -> ev.Event:
    """Validate, build and append one spec's event: responders' actions and the facilitator's
    controls (``gameday.drill.facilitator``) alike, with the same error texts."""
    actor = check_actor(actor)
    if not allow_ended and not drill.is_running():
        meta = drill.meta()
        raise NoDrillRunning(f"drill {meta.id} has ended ({meta.end_reason}); nothing recorded")
    log = drill.log(clock)
    ctx = ActionContext(drill=drill, log=log, actor=actor, clock=clock, target=target)
    try:
        parsed = spec.parse_params(params)
        data = spec.build(ctx, parsed)
    except ParamError as exc:
        key = exc.key or ""
        where = f"{key}: " if key and key.lower() not in exc.message.lower() else ""
        raise DrillError(f"{spec.name}: {where}{exc.message}") from None
    return log.append(spec.event, data, actor=actor)


def _target_env(drill: Drill) -> AbstractContextManager[None]:
    """Run with the runner's GAMEDAY_PROJECT/ports so this process sees the same target."""
    from gameday.target.settings import target_environment

    return target_environment(drill.meta().target_env)


def target_of(drill: Drill) -> Target:
    """The running drill's target, as the runner configured it."""
    meta = drill.meta()
    if not meta.target:
        raise DrillError(f"drill {meta.id} has no target recorded; cannot act on services")
    from gameday.target import resolve_target

    with _target_env(drill):
        return resolve_target(meta.target)

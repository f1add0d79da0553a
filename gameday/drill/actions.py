"""Responder actions: validate, perform (rollback), record durably. One path for every caller.

The CLI on the runner's host, the HTTP endpoint (remote responders) and the autopilot all call
``record_action``, so an action is validated the same way wherever it comes from. Each action is
an ``ActionKind`` in the ``ACTIONS`` registry: a frozen params dataclass (parsed with
``gameday.params.parse_params``, so unknown fields and wrong types are refused) and a ``build``
function that turns params into the event payload, performing side effects if the action has any.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.clock import Clock
from gameday.drill.locate import Drill
from gameday.drill.log import EventLog
from gameday.errors import DrillError, GamedayError, NoDrillRunning
from gameday.params import Duration, ParamError, parse_params
from gameday.registry import Registry, RegistryError

if TYPE_CHECKING:
    from gameday.target import Target

MAX_TEXT = 2000
MAX_ACTOR = 64
MAX_NEXT_S = 24 * 3600.0


@dataclass
class ActionContext:
    """What an action's ``build`` may use; the target is resolved only if asked for."""

    drill: Drill
    log: EventLog
    actor: str
    clock: Clock | None = None
    target: Target | None = None

    def get_target(self) -> Target:
        if self.target is None:
            self.target = target_of(self.drill)
        return self.target


@dataclass(frozen=True)
class ActionKind:
    name: str
    event: str  # the event kind recorded
    Params: type
    build: Callable[[ActionContext, Any], dict[str, Any]]
    summary: str
    exclusive: bool = False  # touches the target: one at a time (the endpoint serialises)


def _check(name: str, kind: ActionKind) -> None:
    if kind.name != name:
        raise RegistryError(f"action {name!r} calls itself {kind.name!r}")
    if not kind.event.startswith("action."):
        raise RegistryError(f"action {name!r} records {kind.event!r}; must be an action.* kind")


ACTIONS: Registry[ActionKind] = Registry("action", _check)


def action(name: str, event: str, summary: str, params: type, *, exclusive: bool = False):
    """Decorator registering ``build`` as the action ``name`` (built-ins and plugins alike)."""

    def deco(build: Callable[[ActionContext, Any], dict[str, Any]]):
        ACTIONS.register(name, ActionKind(name, event, params, build, summary, exclusive))
        return build

    return deco


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
@dataclass(frozen=True)
class NoParams:
    pass


@dataclass(frozen=True)
class DeclareParams:
    sev: int


@dataclass(frozen=True)
class RoleParams:
    role: str
    person: str


@dataclass(frozen=True)
class ChannelParams:
    name: str


@dataclass(frozen=True)
class StatusParams:
    text: str
    state: str | None = None
    next: Duration | None = None


@dataclass(frozen=True)
class UpdateParams:
    text: str
    next: Duration | None = None


@dataclass(frozen=True)
class NotifyParams:
    text: str
    audience: str = "stakeholders"
    reply_to: str | None = None


@dataclass(frozen=True)
class TextParams:
    text: str


@dataclass(frozen=True)
class RollbackParams:
    service: str


@dataclass(frozen=True)
class ReviewParams:
    when: str


@action("ack", ev.ACK, "acknowledge the page (stops escalation)", NoParams)
def _ack(ctx: ActionContext, p: NoParams) -> dict[str, Any]:
    return {}


@action("declare", ev.DECLARE, "confirm the incident and set its severity", DeclareParams)
def _declare(ctx: ActionContext, p: DeclareParams) -> dict[str, Any]:
    if not 1 <= p.sev <= 4:
        raise ParamError("sev", f"severity {p.sev} is out of range; use 1 (worst) to 4")
    return {"sev": p.sev}


@action("role", ev.ROLE, "assign ic, tech or comms to a person", RoleParams)
def _role(ctx: ActionContext, p: RoleParams) -> dict[str, Any]:
    role = ev.role_key(p.role)
    if role is None:
        known = ", ".join(sorted(ev.ROLE_ALIASES))
        raise ParamError("role", f"unknown role {p.role!r} (known: {known})")
    return {"role": role, "person": check_actor(p.person)}


@action("channel", ev.CHANNEL, "open the incident channel", ChannelParams)
def _channel(ctx: ActionContext, p: ChannelParams) -> dict[str, Any]:
    name = check_text("name", p.name)
    if any(c.isspace() for c in name) or len(name) > 80:
        raise ParamError("name", f"{name!r} is not a channel name (no spaces, <= 80 chars)")
    return {"name": name}


@action("status", ev.STATUS, "post to the public status page", StatusParams)
def _status(ctx: ActionContext, p: StatusParams) -> dict[str, Any]:
    text = check_text("text", p.text)
    state = p.state
    if state is None:  # keep the incident's current state; a first post is "investigating"
        posts = ctx.log.events(kinds=[ev.STATUS])
        state = posts[-1].data.get("state", "investigating") if posts else "investigating"
    state = state.strip().lower()
    if state not in ev.STATUS_STATES:
        raise ParamError("state", f"{state!r} is not one of {', '.join(ev.STATUS_STATES)}")
    return {"text": text, "state": state, **_next("next", p.next)}


@action("update", ev.UPDATE, "post an internal update (--next promises the next one)", UpdateParams)
def _update(ctx: ActionContext, p: UpdateParams) -> dict[str, Any]:
    return {"text": check_text("text", p.text), **_next("next", p.next)}


@action("notify", ev.NOTIFY, "tell stakeholders (leadership) what is going on", NotifyParams)
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


@action("note", ev.NOTE, "record an investigation finding", TextParams)
def _note(ctx: ActionContext, p: TextParams) -> dict[str, Any]:
    return {"text": check_text("text", p.text)}


@action("cause", ev.CAUSE, "name the root cause", TextParams)
def _cause(ctx: ActionContext, p: TextParams) -> dict[str, Any]:
    return {"text": check_text("text", p.text)}


@action(
    "rollback",
    ev.ROLLBACK,
    "roll a service back to its previous version",
    RollbackParams,
    exclusive=True,
)
def _rollback(ctx: ActionContext, p: RollbackParams) -> dict[str, Any]:
    service = check_text("service", p.service)
    target = ctx.get_target()
    with _target_env(ctx.drill):
        try:
            from_v, to_v = target.rollback(service)
        except GamedayError as exc:
            failed = {"service": service, "ok": False, "error": str(exc)}
            ctx.log.append(ev.ROLLBACK, failed, actor=ctx.actor)
            raise
    return {"service": service, "from_version": from_v, "to_version": to_v, "ok": True}


@action("resolve", ev.RESOLVE, "declare the incident resolved", NoParams)
def _resolve(ctx: ActionContext, p: NoParams) -> dict[str, Any]:
    return {"premature": ctx.log.first(ev.MITIGATED) is None}


@action("review", ev.REVIEW, "schedule the post-incident review", ReviewParams)
def _review(ctx: ActionContext, p: ReviewParams) -> dict[str, Any]:
    try:
        when = datetime.fromisoformat(p.when.strip())
    except ValueError:
        raise ParamError("when", f"{p.when!r} is not an ISO-8601 time") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return {"when": when.astimezone(UTC).isoformat()}


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
    if name not in ACTIONS:
        raise DrillError(f"unknown action {name!r} (known: {', '.join(ACTIONS.names())})")
    kind = ACTIONS.get(name)
    actor = check_actor(actor)
    if not allow_ended and not drill.is_running():
        meta = drill.meta()
        raise NoDrillRunning(f"drill {meta.id} has ended ({meta.end_reason}); nothing recorded")
    log = drill.log(clock)
    ctx = ActionContext(drill=drill, log=log, actor=actor, clock=clock, target=target)
    try:
        parsed = parse_params(kind.Params, params)
        data = kind.build(ctx, parsed)
    except ParamError as exc:
        key = exc.key or ""
        where = f"{key}: " if key and key.lower() not in exc.message.lower() else ""
        raise DrillError(f"{name}: {where}{exc.message}") from None
    return log.append(kind.event, data, actor=actor)


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

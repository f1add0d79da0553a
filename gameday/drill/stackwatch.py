"""The engine's events for a target, folded into the changes a person made to the stack.

Pure (no Docker, no clock of its own): ``gameday.drill.parts.stack`` feeds it the engine's
container events and the time, and records what comes out as ``stack.changed`` events.

The engine reports one change as several events: ``docker restart`` is kill, die, stop, start,
restart; ``docker stop`` is kill, die, stop; a recreate (a deploy, a configuration change) is
the old container's kill, die, stop, destroy and the new one's create, start. So events are
grouped per container until it has been quiet for ``quiet_s`` (a restart or a removal closes
its group at once) and each group becomes one change: ``restart``, ``stop``, ``kill`` (with its
signal), ``signal`` (a signal that did not end it: nginx's HUP reload), ``crash`` (it died on
its own; ``by: engine``, restarted or not by its restart policy), ``deploy`` (created from
another image than the service ran), ``create``, ``remove``, ``start``. ``docker exec`` and
``docker cp`` are one event each and go out at once.

Left out: the engine's own health checks (an exec of the container's healthcheck command),
gameday's helper containers, the commands gameday itself ran in containers, and the other
changes made while gameday acted on the project (``gameday.ownactions``: a fault's inject,
checks and undo).
"""

from __future__ import annotations

import signal as _signal
from collections.abc import Callable, Mapping
from dataclasses import field
from typing import Any

from gameday.dockerutil import COMPOSE_SERVICE, LABEL_HELPER, LABEL_SERVICE_NAME, LABEL_STACK
from gameday.records import record

QUIET_S = 1.0
STOPPING_S = 12.0  # a terminating signal waits this long for its die (a graceful shutdown)
STOPPING = {"SIGTERM", "SIGKILL", "SIGINT", "SIGQUIT"}
RESTARTING_S = 3.0  # a stop waits this long for the start of a `docker restart`
IMMEDIATE = {"exec_start": "exec", "extract-to-dir": "copy", "update": "update"}
GROUPED = {"create", "start", "kill", "die", "stop", "restart", "destroy", "pause", "unpause"}
CLOSING = {"restart", "destroy"}  # nothing of the same change comes after these


@record
class EngineEvent:
    """One container event as the engine reported it."""

    action: str  # exec_start, kill, die, ...
    detail: str  # what follows "exec_start: " (the command line)
    container: str  # id
    name: str  # container name
    service: str
    time: float  # epoch seconds, the engine's clock
    attrs: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, raw: Mapping[str, Any], project: str = "") -> EngineEvent | None:
        """From the engine's JSON (``/events``); None for what is not a container's event."""
        if raw.get("Type") != "container":
            return None
        actor = raw.get("Actor") or {}
        attrs = actor.get("Attributes") or {} if isinstance(actor, dict) else None
        if not isinstance(attrs, dict):
            return None
        action, _, detail = str(raw.get("Action") or raw.get("status") or "").partition(": ")
        if not action.strip():
            return None
        nano, secs = raw.get("timeNano"), raw.get("time")
        if isinstance(nano, int) and not isinstance(nano, bool):
            t = nano / 1e9
        elif isinstance(secs, int | float) and not isinstance(secs, bool):
            t = float(secs)
        else:
            return None  # the engine always says when
        service = str(attrs.get(COMPOSE_SERVICE) or "")
        if not service and attrs.get(LABEL_SERVICE_NAME):  # a swarm task: <stack>_<service>
            stack = str(attrs.get(LABEL_STACK) or project)
            service = str(attrs[LABEL_SERVICE_NAME]).removeprefix(f"{stack}_")
        return cls(
            action=action.strip(),
            detail=detail.strip(),
            container=str(actor.get("ID") or raw.get("id") or ""),
            name=str(attrs.get("name") or ""),
            service=service or str(attrs.get("name") or ""),
            time=t,
            attrs={str(k): str(v) for k, v in attrs.items()},
        )


def signal_name(value: str) -> str:
    """``15`` -> ``SIGTERM``; a name stays a name (``SIGHUP``, ``HUP`` -> ``SIGHUP``)."""
    try:
        return _signal.Signals(int(value)).name
    except ValueError:
        name = value.upper()
        return name if name.startswith("SIG") or not name else f"SIG{name}"


class StackChanges:
    """Engine events in (``feed``), ``stack.changed`` payloads out (``feed`` and ``due``).

    ``own(t)``: gameday itself was acting on the project at epoch ``t``; ``ran(command, t)``:
    gameday ran that command in a container just then (an exec is judged by that alone, so a
    responder's exec counts even while a fault acts). ``health(e)``: ``e``
    is an exec of the container's own healthcheck. ``restarts_itself(e)``: ``e``'s container
    has a restart policy. ``images``: what each service ran when the drill started (a create
    from another image is a deploy). Payloads carry ``_t``, the engine time of their first event.
    """

    def __init__(
        self,
        *,
        own: Callable[[float], bool] = lambda t: False,
        health: Callable[[EngineEvent], bool] = lambda e: False,
        restarts_itself: Callable[[EngineEvent], bool] = lambda e: False,
        ran: Callable[[str, float], bool] = lambda cmd, t: False,
        images: Mapping[str, str] | None = None,
        quiet_s: float = QUIET_S,
    ) -> None:
        self.own = own
        self.health = health
        self.restarts_itself = restarts_itself
        self.ran = ran
        self.images = dict(images or {})
        self.quiet_s = quiet_s
        self._groups: dict[str, list[EngineEvent]] = {}
        self._seen: dict[str, float] = {}  # container -> when its last event was fed

    def feed(self, e: EngineEvent, now: float) -> list[dict[str, Any]]:
        if e.attrs.get(LABEL_HELPER) == "1":
            return []
        out = self.due(now)
        if e.action == "exec_start":
            if not self.health(e) and not self.ran(e.detail, e.time):
                out.append(self._one(e))  # a responder's, even while a fault acts
            return out
        if e.action in IMMEDIATE:
            if not self.own(e.time):
                out.append(self._one(e))
            return out
        if e.action not in GROUPED:
            return out
        self._groups.setdefault(e.container, []).append(e)
        self._seen[e.container] = now
        if e.action in CLOSING:
            out += self._close(e.container)
        return out

    def due(self, now: float) -> list[dict[str, Any]]:
        """Groups that have been quiet long enough."""
        out: list[dict[str, Any]] = []
        for cid, seen in list(self._seen.items()):
            if now - seen >= self._quiet(self._groups.get(cid, [])):
                out += self._close(cid)
        return out

    def _quiet(self, group: list[EngineEvent]) -> float:
        """A stop or restart is kill, then die once the process has shut down gracefully:
        a terminating signal alone waits for it (one change, not a signal and a stop)."""
        last = group[-1] if group else None
        if last is None:
            return self.quiet_s
        if last.action == "kill" and signal_name(last.attrs.get("signal", "")) in STOPPING:
            return max(self.quiet_s, STOPPING_S)
        if last.action in ("die", "stop"):
            return max(self.quiet_s, RESTARTING_S)
        return self.quiet_s

    def flush(self) -> list[dict[str, Any]]:
        """Every group still open (the drill is ending)."""
        out: list[dict[str, Any]] = []
        for cid in list(self._groups):
            out += self._close(cid)
        return out

    # --- one change per group ---------------------------------------------------------------
    def _close(self, cid: str) -> list[dict[str, Any]]:
        group = self._groups.pop(cid, [])
        self._seen.pop(cid, None)
        if not group or self.own(group[0].time):
            if group:
                self._remember_image(group)
            return []
        change = self._summarise(group)
        return [change] if change else []

    def _remember_image(self, group: list[EngineEvent]) -> None:
        for e in group:
            if e.action == "create" and e.attrs.get("image"):
                self.images[e.service] = e.attrs["image"]

    def _one(self, e: EngineEvent, **data: Any) -> dict[str, Any]:
        change = IMMEDIATE.get(e.action, e.action)
        out: dict[str, Any] = {
            "service": e.service,
            "container": e.name,
            "change": change,
            "by": "team",
            "_t": e.time,
        }
        if change == "exec":
            out["command"] = e.detail[:300]
        out.update(data)
        return out

    def _summarise(self, group: list[EngineEvent]) -> dict[str, Any] | None:
        acts = [e.action for e in group]
        first = group[0]
        by_kind = {e.action: e for e in group}
        base = self._one(first)
        if "create" in by_kind:
            image = by_kind["create"].attrs.get("image", "")
            before = self.images.get(first.service, "")
            self.images[first.service] = image or before
            if before and image and image != before:
                return {**base, "change": "deploy", "image": image, "previous_image": before}
            return {**base, "change": "create", "image": image}
        if "restart" in by_kind:
            return {**base, "change": "restart"}
        if "destroy" in by_kind:
            return {**base, "change": "remove"}
        die = by_kind.get("die")
        if die is not None and not {"kill", "stop"} & set(acts):
            code = die.attrs.get("exitCode", "")
            restarted = acts.index("die") < len(acts) - 1 and "start" in acts[acts.index("die") :]
            crash = {
                **base,
                "change": "crash",
                "by": "engine",
                "exit_code": int(code) if code.lstrip("-").isdigit() else None,
            }
            if restarted and self.restarts_itself(die):
                crash["restarted"] = True
            elif restarted:  # it died by itself and someone started it again
                return {**base, "change": "start"}
            return crash
        if "stop" in by_kind:
            restarted = "start" in acts[acts.index("stop") :]
            return {**base, "change": "restart" if restarted else "stop"}
        kill = by_kind.get("kill")
        if kill is not None:
            sig = signal_name(kill.attrs.get("signal", ""))
            if die is None:
                return {**base, "change": "signal", "signal": sig}
            restarted = "start" in acts[acts.index("die") :]
            return {**base, "change": "restart" if restarted else "kill", "signal": sig}
        for action in ("pause", "unpause", "start"):
            if action in by_kind:
                return {**base, "change": action}
        return None

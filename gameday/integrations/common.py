"""What the outbound integrations share: the settings types of a secret's location, which
events the incident channel mirrors, and the one sentence each of them reads as.

The channel shows what responders may see (the whitelist of ``gameday.drill.view``): alerts
(never their noise flag), pages, stakeholder messages and every responder action, built-in or
plugin (chat included), in the words ``describe(e, public=True)`` gives every view. Faults,
monitors, mitigation and the scenario's expected answers never leave the runner.
"""

from __future__ import annotations

from typing import Annotated, Any

from gameday import events as ev
from gameday.durations import format_duration
from gameday.events import Event
from gameday.formats.core import Check, Length, Pattern, SingleLine
from gameday.integrations.marking import NOT_REAL
from gameday.integrations.spec import DrillInfo

EnvName = Annotated[
    str,
    Pattern(r"[A-Za-z_][A-Za-z0-9_]{0,127}", "must be an environment variable name"),
    Length(1, 128),
]
"""The name of an environment variable holding a secret (not the secret)."""
SecretFile = Annotated[str, SingleLine(), Length(1, 4096)]
"""A file holding a secret (``~`` is expanded)."""
Url = Annotated[
    str,
    Pattern(r"https?://[^\s]{1,2000}", "must be an http:// or https:// URL"),
    Length(1, 2048),
]

MIRRORED_RUNNER_KINDS = frozenset(
    {
        ev.DRILL_STARTED,
        ev.DRILL_STOPPING,
        ev.DRILL_ENDED,
        ev.ALERT_FIRED,
        ev.ALERT_RESOLVED,
        ev.PAGE_SENT,
        ev.PAGE_ESCALATED,
        ev.INJECT_DELIVERED,
    }
)


def refuse_literal_secret(check: Check, key: str, value: Any, what: str) -> None:
    """A secret written into the team file is refused, with where to put it instead."""
    if value is not None:
        check.fail(
            key,
            f"{what} is a secret and never goes in the team file (it would be committed and "
            f"shown); put it in an environment variable ({key}_env) or a file ({key}_file)",
        )


def mirrored(e: Event) -> bool:
    """Whether the incident channel shows ``e``."""
    return e.kind in MIRRORED_RUNNER_KINDS or (
        e.kind.startswith("action.") and e.actor != ev.SYSTEM_ACTOR
    )


def channel_line(e: Event, info: DrillInfo) -> str:
    """The sentence the incident channel shows for ``e`` (unmarked; callers mark it)."""
    from gameday.events.typed import describe

    if e.kind == ev.DRILL_STARTED:
        team = f" for team {info.team}" if info.team else ""
        return f"Game Day drill {info.drill} started{team}. {NOT_REAL}"
    if e.kind == ev.DRILL_STOPPING and e.data.get("reason") == ev.REAL_INCIDENT:
        return (
            f"Drill {info.drill} STOPPED: a real incident needs the responders. "
            "Stop all drill work now; the drill's pages are resolved."
        )
    if e.kind == ev.DRILL_ENDED:
        reason = str(e.data.get("reason") or "")
        if reason == ev.REAL_INCIDENT:
            return f"Drill {info.drill} ended (stopped for a real incident); the stack is restored."
        return f"Drill {info.drill} is over ({reason or 'ended'}). Stand down; thank you."
    text = describe(e, public=True)
    if e.kind.startswith("action."):
        return f"{e.actor}: {text}"
    return text


def at(e: Event) -> str:
    """``t+1m05s``: drill time, as every view prints it."""
    return f"t+{format_duration(e.t)}"

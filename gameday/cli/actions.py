"""Responder commands: ack, declare, role, channel, status, update, notify, note, cause,
rollback, resolve, watch. Thin: parse, call ``gameday.drill.responder.act``, print one line.

Responders type these mid-incident, so start-up stays light: no rich, no docker at import.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from gameday.events import STATUS_STATES

ParamsOf = Callable[[argparse.Namespace], dict[str, Any]]


def _common(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("who and where")
    g.add_argument(
        "--as",
        dest="actor",
        metavar="NAME",
        help="who acts (default: $GAMEDAY_AS, the team's default_actor, your login)",
    )
    g.add_argument(
        "--server",
        metavar="URL",
        help="the runner's endpoint, when the drill runs on another machine",
    )
    g.add_argument("--token", metavar="T", help="the drill's join token (with --server)")


def _text(words: list[str]) -> str:
    return " ".join(words)


def _with_next(params: dict[str, Any], value: str | None) -> dict[str, Any]:
    if value is not None:
        params["next"] = value
    return params


def _run(name: str, params_of: ParamsOf) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        from gameday.drill.responder import act
        from gameday.drill.view import describe_event
        from gameday.durations import format_duration

        rec = act(name, params_of(args), actor=args.actor, server=args.server, token=args.token)
        e = rec.event
        print(f"[{format_duration(e.t)}] {e.actor}: {describe_event(e)}  (event {e.id}, recorded)")
        if rec.warning:
            print(f"gameday: warning: {rec.warning}", file=sys.stderr)
        return 0

    return handler


# Each entry: name, help, arguments (args, kwargs), params builder. A table, not if/elif.
_TEXT = (("text",), {"nargs": "+", "help": "free text (quote it or not)"})
_NEXT = (("--next",), {"metavar": "DURATION", "help": "promise the next update in e.g. 15m"})
COMMANDS: tuple[tuple[str, str, tuple, ParamsOf], ...] = (
    ("ack", "acknowledge the page (stops escalation)", (), lambda a: {}),
    (
        "declare",
        "confirm the incident and set its severity (1 = worst .. 4)",
        ((("--sev",), {"type": int, "required": True, "metavar": "N", "help": "1..4"}),),
        lambda a: {"sev": a.sev},
    ),
    (
        "role",
        "assign a role: ic, tech (ops, operations-lead) or comms",
        (
            (("role",), {"help": "ic | tech | comms (aliases accepted)"}),
            (("person",), {"metavar": "NAME", "help": "who takes the role"}),
        ),
        lambda a: {"role": a.role, "person": a.person},
    ),
    (
        "channel",
        "open the incident channel (convention #incident-YYYYMMDD)",
        ((("name",), {"help": "channel name"}),),
        lambda a: {"name": a.name},
    ),
    (
        "status",
        "post to the public status page",
        (
            _TEXT,
            _NEXT,
            (
                ("--state",),
                {"choices": STATUS_STATES, "help": "default: the incident's current state"},
            ),
        ),
        lambda a: _with_next({"text": _text(a.text), "state": a.state}, a.next),
    ),
    (
        "update",
        "post an internal update; --next promises the next one",
        (_TEXT, _NEXT),
        lambda a: _with_next({"text": _text(a.text)}, a.next),
    ),
    (
        "notify",
        "tell stakeholders: notify stakeholders TEXT [--reply-to INJECT]",
        (
            (("audience",), {"help": "stakeholders"}),
            _TEXT,
            (("--reply-to",), {"metavar": "INJECT", "help": "the stakeholder message answered"}),
        ),
        lambda a: {"audience": a.audience, "text": _text(a.text), "reply_to": a.reply_to},
    ),
    ("note", "record an investigation finding", (_TEXT,), lambda a: {"text": _text(a.text)}),
    ("cause", "name the root cause", (_TEXT,), lambda a: {"text": _text(a.text)}),
    (
        "rollback",
        "roll a service back to its previous deployed version (for real)",
        ((("service",), {"help": "compose service, e.g. api"}),),
        lambda a: {"service": a.service},
    ),
    ("resolve", "declare the incident resolved", (), lambda a: {}),
)


def _watch(args: argparse.Namespace) -> int:
    from gameday.drill.watch import watch

    return watch(server=args.server, token=args.token, once=args.once, interval=args.interval)


def register(sub: argparse._SubParsersAction) -> None:
    for name, help_text, arguments, params_of in COMMANDS:
        p = sub.add_parser(name, help=help_text, description=help_text)
        for a, kw in arguments:
            p.add_argument(*a, **kw)
        _common(p)
        p.set_defaults(func=_run(name, params_of))
    w = sub.add_parser(
        "watch",
        help="responders' read-only view of the running drill",
        description="Drill clock, alerts, pages, channel, status page, "
        "stakeholder messages. Never the answer.",
    )
    w.add_argument("--once", action="store_true", help="print one frame and exit")
    w.add_argument("--interval", type=float, default=1.0, help="refresh seconds (default 1)")
    w.add_argument("--server", metavar="URL", help="the runner's endpoint")
    w.add_argument("--token", metavar="T", help="the drill's join token (with --server)")
    w.set_defaults(func=_watch)
